/**
 * Once per e2e run, before any spec: a Firefox profile past its first run, which every Firefox
 * launch copies instead of starting from nothing (firefox.ts `profileTemplate`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { makeProfileTemplate } from './fixtures/firefox.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    firefoxProfileTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'jabber-link-firefox-template-'));
  await makeProfileTemplate(dir);
  project.provide('firefoxProfileTemplate', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
