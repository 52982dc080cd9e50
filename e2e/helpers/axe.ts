/**
 * axe-core over an action window: the violations (rule id and where), empty when clean. The
 * script goes in as one evaluated string (DevTools/BiDi evaluation is not bound by the page's CSP).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ActionWindow } from './action-window.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type StringEvaluator = { evaluate(expression: string): Promise<unknown> };

export async function axeViolations(win: ActionWindow): Promise<string[]> {
  const run = `${AXE}
;axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | ')))`;
  return (await (win.page as unknown as StringEvaluator).evaluate(run)) as string[];
}

/** Light or dark, as the system would say (prefers-color-scheme); false where the driver cannot. */
export async function colorScheme(win: ActionWindow, scheme: 'light' | 'dark'): Promise<boolean> {
  const p = win.page as unknown as {
    emulateMedia?: (o: { colorScheme: 'light' | 'dark' }) => Promise<void>;
    emulateMediaFeatures?: (f: Array<{ name: string; value: string }>) => Promise<void>;
  };
  try {
    if (p.emulateMedia) await p.emulateMedia({ colorScheme: scheme });
    else await p.emulateMediaFeatures?.([{ name: 'prefers-color-scheme', value: scheme }]);
    return true;
  } catch {
    return false;
  }
}
