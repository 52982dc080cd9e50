/**
 * A driver for the pages around the action windows, in both browsers (Playwright for Chromium,
 * puppeteer BiDi for Firefox): open a web page in its own tab, count and read the action windows
 * it makes the extension open, and ask the extension's own APIs (tabs, downloads, storage).
 */
import { readdirSync } from 'node:fs';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { ChromiumHandle } from '../fixtures/chromium.ts';
import type { FirefoxHandle } from '../fixtures/firefox.ts';
import { pollUntil } from '../fixtures/net.ts';
import type { Evaluator } from './account.ts';

export const ACTION_PATH = 'src/popup/action.html';
export const POPUP_PATH = 'src/popup/popup.html';
export const OPTIONS_PATH = 'src/options/options.html';

/**
 * Waits until the options page has read the stored accounts: its list section stays `aria-busy`
 * until then. The page's <h1> and <title> are in its HTML, so they say nothing about the list, and
 * a click on "Edit …" before the list is drawn finds no button.
 */
export function optionsRendered(page: Evaluator): Promise<true> {
  return pollUntil(
    () => page.evaluate(() => !!document.querySelector('#accounts-heading') && !document.querySelector('section[aria-busy="true"]') || undefined, undefined),
    { what: 'the options page to read its accounts' },
  );
}

/** What a test needs from either browser; both Playwright and puppeteer pages fit `WebPage`. */
export interface WebPage {
  click(selector: string): Promise<void>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  close(): Promise<void>;
}
export interface ActionWindow {
  page: WebPage;
  title: string;
  origin: string;
  alert: string | null;
}
export interface Driver {
  name: 'chromium' | 'firefox';
  /** A web page in a tab of its own window. */
  open(url: string): Promise<WebPage>;
  locationOf(page: WebPage): Promise<string>;
  /** How many tabs are open, action windows not counted (asked of the extension: tabs.query). */
  tabCount(): Promise<number>;
  actionWindows(): Promise<WebPage[]>;
  /** The extension's downloads list. */
  downloads(): Promise<unknown[]>;
  /** Files on disk in the download folder (Firefox), or [] where that is not observable. */
  downloadedFiles(): string[];
  openPopupPage(): Promise<WebPage>;
  /** Types into the popup's textbox (found by its label) and clicks its Open button (by role). */
  paste(popup: WebPage, text: string): Promise<void>;
  /** Forgets the flood rule's record (windows.ts keeps it in storage.session), as a browser restart would. */
  resetLimits(): Promise<void>;
  /** How many windows the background still has on record (it forgets one in its windows.onRemoved listener). */
  windowsOnRecord(): Promise<number>;
  /** Opens `uri` the way the toolbar popup's Open button does (its message, from an extension page), in any UI language. */
  openFromToolbar(uri: string): Promise<void>;
  /** Ids of the extension's notifications on screen. */
  notifications(): Promise<string[]>;
  /** The extension's own URL for `path`. */
  extensionUrl(path: string): string;
}

/** Evaluated in an extension context: windows.ts' record of open windows (window id → request). */
async function windowsOnRecord(): Promise<number> {
  const { windows } = (await chrome.storage.session.get('windows')) as { windows?: { requestOf?: Record<string, string> } };
  return Object.keys(windows?.requestOf ?? {}).length;
}

export async function readActionWindow(page: WebPage): Promise<ActionWindow | undefined> {
  try {
    const got = await page.evaluate(() => {
      const h1 = document.querySelector('h1')?.textContent ?? '';
      // The header paints first; the body (error, summary or connection panel) follows.
      if (!h1 || !document.querySelector('#main')?.childElementCount) return undefined;
      return {
        title: h1,
        origin: document.querySelector('#origin')?.textContent ?? '',
        alert: document.querySelector('[role=alert]')?.textContent ?? null,
      };
    });
    return got && { page, ...got };
  } catch {
    return undefined; // still loading, or closed
  }
}

/** Waits until exactly `count` action windows are open and rendered, then returns them. */
export async function waitForActionWindows(d: Driver, count: number, timeoutMs = 10_000): Promise<ActionWindow[]> {
  return pollUntil(
    async () => {
      const pages = await d.actionWindows();
      if (pages.length !== count) return undefined;
      const read = await Promise.all(pages.map(readActionWindow));
      return read.every((w) => w !== undefined) ? (read as ActionWindow[]) : undefined;
    },
    { timeoutMs, intervalMs: 50, what: `${count} action window(s) in ${d.name}` },
  );
}

export async function closeActionWindows(d: Driver): Promise<void> {
  for (const page of await d.actionWindows()) await page.close().catch(() => {});
  await pollUntil(async () => (await d.actionWindows()).length === 0, { what: 'action windows to close' });
}

export function chromiumDriver(c: ChromiumHandle): Driver {
  const isAction = (p: PlaywrightPage) => p.url().startsWith(c.extensionUrl(ACTION_PATH));
  const worker = () => c.context.serviceWorkers().find((w) => w.url().startsWith(c.extensionUrl(''))) ?? c.serviceWorker;
  return {
    name: 'chromium',
    async open(url) {
      const page = await c.context.newPage();
      await page.goto(url);
      return page as unknown as WebPage;
    },
    locationOf: async (page) => (page as unknown as PlaywrightPage).url(),
    tabCount: () =>
      worker().evaluate(async (action) => (await chrome.tabs.query({})).filter((t) => !t.url?.startsWith(action)).length, c.extensionUrl(ACTION_PATH)),
    actionWindows: async () => c.context.pages().filter(isAction) as unknown as WebPage[],
    downloads: () => worker().evaluate(() => chrome.downloads.search({})),
    downloadedFiles: () => [],
    resetLimits: () => worker().evaluate(() => chrome.storage.session.remove('windows')),
    windowsOnRecord: () => worker().evaluate(windowsOnRecord),
    notifications: () => worker().evaluate(async () => Object.keys(await chrome.notifications.getAll())),
    async openFromToolbar(uri) {
      const page = await c.openExtensionPage(POPUP_PATH);
      await page.evaluate((u) => chrome.runtime.sendMessage({ type: 'open-uri', uri: u }), uri);
      await page.close();
    },
    extensionUrl: (path) => c.extensionUrl(path),
    async openPopupPage() {
      return (await c.openExtensionPage(POPUP_PATH)) as unknown as WebPage;
    },
    async paste(popup, text) {
      const page = popup as unknown as PlaywrightPage;
      await page.getByLabel('xmpp: link or jabber file').fill(text);
      await page.getByRole('button', { name: 'Open' }).click();
    },
  };
}

/** `probe`: an extension page kept open to ask the extension APIs (tabs, downloads); puppeteer's
 *  own page list keeps closed tabs for a while, so it cannot count tabs. */
export function firefoxDriver(f: FirefoxHandle, probe: PuppeteerPage): Driver {
  const actionUrl = f.extensionUrl(ACTION_PATH);
  return {
    name: 'firefox',
    async open(url) {
      const page = await f.browser.newPage({ type: 'window' });
      await page.goto(url);
      return page as unknown as WebPage;
    },
    locationOf: (page) => f.locationOf(page as unknown as PuppeteerPage),
    tabCount: () =>
      probe.evaluate(async (action) => (await chrome.tabs.query({})).filter((t) => !t.url?.startsWith(action)).length, actionUrl),
    async actionWindows() {
      const pages = await f.pages();
      const where = await Promise.all(pages.map((p) => f.locationOf(p)));
      return pages.filter((_, i) => where[i]?.startsWith(actionUrl)) as unknown as WebPage[];
    },
    downloads: () => probe.evaluate(() => chrome.downloads.search({})),
    downloadedFiles: () => readdirSync(f.downloadDir),
    resetLimits: () => probe.evaluate(() => chrome.storage.session.remove('windows')),
    windowsOnRecord: () => probe.evaluate(windowsOnRecord),
    notifications: () => probe.evaluate(async () => Object.keys(await chrome.notifications.getAll())),
    openFromToolbar: (uri) => probe.evaluate((u) => chrome.runtime.sendMessage({ type: 'open-uri', uri: u }), uri).then(() => undefined),
    extensionUrl: (path) => f.extensionUrl(path),
    async openPopupPage() {
      return (await f.openExtensionPage(POPUP_PATH)) as unknown as WebPage;
    },
    async paste(popup, text) {
      const page = popup as unknown as PuppeteerPage;
      // By label and by role, in the page: puppeteer's ARIA selectors over BiDi timed out here
      // under load (1 run in 4) although the form was there.
      const boxId = await pollUntil(
        () =>
          page.evaluate(
            () => [...document.querySelectorAll('label')].find((l) => l.textContent === 'xmpp: link or jabber file')?.htmlFor || undefined,
          ),
        { what: 'the textbox by its label' },
      );
      await page.type(`#${boxId}`, text);
      await pollUntil(() => page.evaluate((id, t) => (document.getElementById(id) as HTMLTextAreaElement).value === t, boxId, text), { what: 'the pasted text' });
      await page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Open')?.click());
    },
  };
}
