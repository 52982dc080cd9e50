/**
 * One small driver for the action window in both browsers (Playwright for Chromium, puppeteer
 * BiDi for Firefox), so the message and chat specs read the same for each. Controls are found
 * the way a user finds them: by their label or their text.
 */
import type { BrowserContext, Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import type { ChromiumHandle } from '../fixtures/chromium.ts';
import type { FirefoxHandle } from '../fixtures/firefox.ts';
import { pollUntil } from '../fixtures/net.ts';
import type { Evaluator } from './account.ts';

type AnyPage = PwPage | PpPage;

export interface ActionWindow {
  page: AnyPage;
  /** Visible text of the whole window. */
  text(): Promise<string>;
  waitForText(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Sets a labelled control's value (text, or a select's option value) with input and change events. */
  fill(label: string, value: string): Promise<void>;
  value(label: string): Promise<string | undefined>;
  /** Focuses a labelled control. */
  focus(label: string): Promise<void>;
  /** The label of the focused control, or the text of the focused button. */
  focused(): Promise<string>;
  /**
   * Clicks an enabled button. An acting button is inert (`aria-disabled`) until the window has
   * been shown and focused for a moment (src/shared/deliberate.ts): like a user, this waits for it.
   */
  click(buttonText: string): Promise<void>;
  /** Real key presses into the focused element, once the window's acting controls are armed (as a user would wait). */
  press(key: string): Promise<void>;
  /** Real key presses at once, armed or not: what a hostile page hopes to slip in. */
  pressNow(key: string): Promise<void>;
  /** Whether the window's acting controls are armed (none marked `aria-disabled`). */
  armed(): Promise<boolean>;
  /** A key held down (no repeat events) until `keyUp`, armed or not. */
  keyDown(key: string): Promise<void>;
  keyUp(key: string): Promise<void>;
  type(text: string): Promise<void>;
  /** Text of the element with this role (e.g. `log`) and accessible name. */
  roleText(role: string, name?: RegExp): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface BrowserDriver {
  name: 'chromium' | 'firefox';
  /** An extension page for seeding storage (kept open). */
  extPage: Evaluator;
  /** Opens `url` in a tab, clicks the link with this text, and returns the action window it opens. */
  clickLinkIn(url: string, linkText: string): Promise<ActionWindow>;
  stop(): Promise<void>;
}

type ControlOp = { label: string; op: 'fill' | 'value' | 'focus'; value?: string };

/**
 * Finds the control a label names and fills, reads or focuses it. The view's chunk loads beside
 * sign-in: until the view is drawn (`data-view`), a missing control may yet come, so it asks again.
 */
async function onControl(ev: Evaluator, arg: ControlOp): Promise<{ found: boolean; value?: string } | undefined> {
  const attempt = () =>
    ev.evaluate(({ label, op, value }) => {
      const l = [...document.querySelectorAll('label')].find((x) => x.textContent?.trim() === label);
      const c = l && (document.getElementById(l.htmlFor) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null);
      if (!c) return document.querySelector('[data-view]') ? { found: false } : undefined;
      if (op === 'value') return { found: true, value: c.value };
      c.focus();
      if (op === 'fill') {
        c.value = value ?? '';
        c.dispatchEvent(new Event('input', { bubbles: true }));
        c.dispatchEvent(new Event('change', { bubbles: true }));
      }
      return { found: true };
    }, arg);
  return (await attempt()) ?? (await pollUntil(attempt, { timeoutMs: 10_000, intervalMs: 50, what: `the view with ${arg.label}` }).catch(() => undefined));
}

function wrap(page: AnyPage, close: () => Promise<void>): ActionWindow {
  const ev = page as unknown as Evaluator;
  const win: ActionWindow = {
    page,
    text: () => ev.evaluate(() => document.body.innerText, undefined),
    async waitForText(pattern, timeoutMs = 10_000) {
      const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
      let last = '';
      try {
        return await pollUntil(
          async () => {
            last = await win.text().catch(() => '');
            return re.test(last) ? last : undefined;
          },
          { timeoutMs, what: `${re}` },
        );
      } catch {
        throw new Error(`window text never matched ${re}; it was:\n${last}`);
      }
    },
    async fill(label, value) {
      if (!(await onControl(ev, { label, op: 'fill', value }))?.found) throw new Error(`no control labelled ${label}`);
    },
    value: async (label) => (await onControl(ev, { label, op: 'value' }))?.value,
    async focus(label) {
      if (!(await onControl(ev, { label, op: 'focus' }))?.found) throw new Error(`no control labelled ${label}`);
    },
    focused: () =>
      ev.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        if (!a) return '';
        if (a.id) {
          const l = document.querySelector(`label[for="${a.id}"]`);
          if (l) return l.textContent?.trim() ?? '';
        }
        return a.textContent?.trim() ?? '';
      }, undefined),
    async click(text) {
      const find = (text: string) => {
        const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === text && !x.disabled);
        // The view's chunk loads beside sign-in: until it is drawn, a missing button may yet come.
        if (!b) return document.querySelector('[data-view]') ? 'none' : 'not shown';
        if (b.getAttribute('aria-disabled') === 'true') return 'not armed';
        b.click();
        return 'clicked';
      };
      let got = await ev.evaluate(find, text);
      if (got === 'not armed' || got === 'not shown') {
        // Armed 800 ms after the window is shown and focused; a wait of seconds means it never was.
        got = await pollUntil(
          async () => {
            const r = await ev.evaluate(find, text);
            return r === 'not armed' || r === 'not shown' ? undefined : r;
          },
          { timeoutMs: 5_000, intervalMs: 50, what: `button ${text} to become active` },
        );
      }
      if (got !== 'clicked') throw new Error(`no enabled button ${text}; window: ${await win.text()}`);
    },
    armed: () => ev.evaluate(() => !document.querySelector('[data-acting][aria-disabled="true"]'), undefined),
    async press(combo) {
      await pollUntil(async () => (await win.armed()) || undefined, { timeoutMs: 5_000, intervalMs: 50, what: 'the window to arm' });
      await win.pressNow(combo);
    },
    // "Shift+Enter": puppeteer has no combo syntax, so hold the modifiers by hand (works in both).
    async pressNow(combo) {
      const kb = (page as PwPage).keyboard;
      const keys = combo.split('+');
      const key = keys.pop()!;
      for (const m of keys) await kb.down(m);
      await kb.press(key);
      for (const m of keys.reverse()) await kb.up(m);
    },
    keyDown: (key) => (page as PwPage).keyboard.down(key),
    keyUp: (key) => (page as PwPage).keyboard.up(key),
    async type(text) {
      // Keys go to the focused element: wait until a text field has the focus (the view's chunk
      // loads beside sign-in, so "Signed in as" can show a moment before the view's composer).
      await pollUntil(
        () =>
          ev.evaluate(() => {
            const a = document.activeElement as HTMLElement | null;
            return a && (a.isContentEditable || a.tagName === 'INPUT' || a.tagName === 'TEXTAREA') ? true : undefined;
          }, undefined),
        { timeoutMs: 10_000, intervalMs: 50, what: 'a text field to have the focus' },
      ).catch(() => undefined);
      await (page as PwPage).keyboard.type(text);
    },
    roleText: (role, name) =>
      ev.evaluate(
        ({ role, name }) => {
          const re = name ? new RegExp(name.source, name.flags) : null;
          const el = [...document.querySelectorAll(`[role="${role}"]`)].find((x) => !re || re.test(x.getAttribute('aria-label') ?? ''));
          return (el as HTMLElement | undefined)?.innerText;
        },
        { role, name: name ? { source: name.source, flags: name.flags } : undefined },
      ),
    close,
  };
  return win;
}

const isActionUrl = (u: string) => u.includes('/src/popup/action.html');

export function chromiumDriver(chromium: ChromiumHandle, extPage: PwPage): BrowserDriver {
  const context: BrowserContext = chromium.context;
  return {
    name: 'chromium',
    extPage: extPage as unknown as Evaluator,
    async clickLinkIn(url, linkText) {
      const tab = await context.newPage();
      await tab.goto(url);
      const opened = context.waitForEvent('page', { predicate: (p) => isActionUrl(p.url()), timeout: 10_000 });
      await tab.getByText(linkText, { exact: true }).click();
      const page = await opened;
      await page.waitForLoadState('domcontentloaded');
      await tab.close().catch(() => {});
      const win = wrap(page, () => page.close());
      return win;
    },
    stop: () => chromium.stop(),
  };
}

export function firefoxDriver(firefox: FirefoxHandle, extPage: PpPage): BrowserDriver {
  return {
    name: 'firefox',
    extPage: extPage as unknown as Evaluator,
    async clickLinkIn(url, linkText) {
      const before = new Set(await firefox.pages());
      const tab = await firefox.browser.newPage({ type: 'window' });
      await tab.goto(url);
      // A real click (pointer events), as a user would.
      const link = await tab.waitForSelector(`::-p-text(${linkText})`);
      await link!.click();
      const page = await pollUntil(
        async () => {
          for (const p of await firefox.pages()) {
            if (before.has(p) || p === tab) continue;
            if (isActionUrl(await firefox.locationOf(p))) return p;
          }
          return undefined;
        },
        { timeoutMs: 10_000, what: 'the action window' },
      );
      await tab.close().catch(() => {});
      return wrap(page, async () => {
        // window.close() from the page: the window was opened by the extension, so it may close it.
        await page.evaluate(() => window.close()).catch(() => {});
      });
    },
    stop: () => firefox.stop(),
  };
}
