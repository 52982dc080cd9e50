/**
 * axe-core over an action window or any extension page: the violations (rule id and where), empty when clean. The
 * script goes in as one evaluated string (DevTools/BiDi evaluation is not bound by the page's CSP).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ActionWindow } from './action-window.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type StringEvaluator = { evaluate(expression: string): Promise<unknown> };

/** An action window, or a page (Playwright or puppeteer) such as the options page. */
export type Checked = ActionWindow | object;
const pageOf = (x: Checked): unknown => ('page' in x && 'roleText' in x ? x.page : x);

export async function axeViolations(win: Checked): Promise<string[]> {
  const page = pageOf(win) as StringEvaluator;
  // axe is ~550 KB of source: sent once per page, not once per check.
  if (!(await page.evaluate("typeof axe !== 'undefined'"))) await page.evaluate(`${AXE};true`);
  const run = `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | ')))`;
  return (await page.evaluate(run)) as string[];
}

/**
 * Where the driver cannot emulate prefers-color-scheme (puppeteer over WebDriver BiDi emulates media
 * through CDP only, so not in Firefox): the page's own dark rules, copied out of their
 * `prefers-color-scheme: dark` blocks into a style element, and `color-scheme: dark`, so system
 * colours (Canvas, CanvasText, Field) turn dark as they would. Removed again for light.
 */
const forceScheme = (dark: boolean) => `(() => {
  document.getElementById('axe-dark')?.remove();
  if (!${dark}) return true;
  let css = ':root { color-scheme: dark !important; }';
  for (const sheet of document.styleSheets) {
    let rules;
    try { rules = sheet.cssRules; } catch { continue; }
    for (const r of rules) if (r instanceof CSSMediaRule && /prefers-color-scheme:\\s*dark/.test(r.conditionText)) for (const inner of r.cssRules) css += inner.cssText;
  }
  const style = document.createElement('style');
  style.id = 'axe-dark';
  style.textContent = css;
  document.head.append(style);
  return true;
})()`;

/** Light or dark, as the system would say (prefers-color-scheme), or as close as the driver allows (forceScheme). */
export async function colorScheme(win: Checked, scheme: 'light' | 'dark'): Promise<boolean> {
  const p = pageOf(win) as StringEvaluator & {
    emulateMedia?: (o: { colorScheme: 'light' | 'dark' }) => Promise<void>;
  };
  if (p.emulateMedia) {
    await p.emulateMedia({ colorScheme: scheme });
    return true;
  }
  return (await p.evaluate(forceScheme(scheme === 'dark'))) === true;
}
