/**
 * A browser per `describe`, the same way in every spec: `useBrowser(name)` launches Chromium
 * (Playwright) or Firefox (puppeteer, WebDriver BiDi) with the built extension, cleans up after
 * each test and stops the browser after the last one (or, shared, after the file's last).
 *
 *   for (const name of BROWSERS) {
 *     describe(`chat in ${name}`, () => {
 *       const b = useBrowser(name);
 *       it('…', async () => {
 *         await seedAccount(b.extPage, account(rig.server, ALICE_PW));
 *         const win = await b.clickLinkIn(url, 'chat with bob');
 *         await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
 *       });
 *     });
 *   }
 *
 * After each test every action window is closed and the flood rule's record is cleared, so no
 * test inherits another's windows or window limits (see `useBrowser`). Call it inside the
 * `describe`, after `useSuite`, so the browser starts after the servers and stops before them.
 * A spec's own `afterEach` registered after it runs first (vitest runs after-hooks in reverse),
 * so it still sees the test's windows. Specs driven from web pages (a page that embeds a file, a
 * script) use `b.pages`; `restartable` gives `b.restart()` on a kept profile.
 *
 * A spec that runs the same tests on several servers shares one browser of each kind across its
 * `describe` blocks (`shareBrowsers`): a launch is 2–4 s, and three servers made six of them.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { type ChromiumHandle, launchChromium } from '../fixtures/chromium.ts';
import { type FirefoxHandle, launchFirefox } from '../fixtures/firefox.ts';
import { pollUntil } from '../fixtures/net.ts';
import { clearAccounts, type Evaluator } from './account.ts';
import { type ActionWindow, type BrowserDriver, chromiumDriver as windowDriverChromium, firefoxDriver as windowDriverFirefox } from './action-window.ts';
import { closeActionWindows, type Driver, chromiumDriver as pageDriverChromium, firefoxDriver as pageDriverFirefox, POPUP_PATH, type WebPage } from './page-driver.ts';

export const BROWSERS = ['chromium', 'firefox'] as const;
export type BrowserName = (typeof BROWSERS)[number];

/**
 * How long to wait for the first thing a window can only show once it has signed in (or failed
 * to). Measured: right after launch, Firefox takes up to ~8 s to open its first WebSocket, and
 * sign-in ran past 10 s (the default wait) under a full parallel run on two cores.
 */
export const SIGN_IN_MS = 30_000;

/** The built extension: `dist/`, or JL_DIST (e.g. a build kept from another branch). */
export const DIST = resolve(process.env.JL_DIST ?? 'dist');

export interface BrowserOptions {
  /** The browser's UI language, e.g. 'zh-CN' (Firefox switches only to a language it has a pack for). */
  lang?: string;
  /** Keep one profile for the whole `describe`, so `restart()` finds the extension's storage again. */
  restartable?: boolean;
  /** The file's shared browsers (`shareBrowsers`) instead of one launched for this `describe`. */
  shared?: SharedBrowsers;
}

/** The browsers of one spec file, launched by the first `describe` that asks for each. */
export interface SharedBrowsers {
  readonly running: Map<BrowserName, Promise<Launched>>;
}

/**
 * Call at a spec file's top level: `useBrowser(name, { shared })` in its `describe` blocks then
 * reuses one browser of each kind, stopped after the file's last test. Between blocks the
 * browser forgets its accounts and closes the pages a block opened, as a new profile would start.
 */
export function shareBrowsers(): SharedBrowsers {
  const running = new Map<BrowserName, Promise<Launched>>();
  afterAll(async () => {
    await Promise.all([...running.values()].map((l) => l.then((b) => b.stop(), () => {})));
  });
  return { running };
}

export interface BrowserUnderTest {
  readonly name: BrowserName;
  /** An extension page kept open, for seeding and reading storage. */
  readonly extPage: Evaluator;
  /** Opens `url` in a tab, clicks the link with this text (a real click), returns the action window it opens. */
  clickLinkIn(url: string, linkText: string): Promise<ActionWindow>;
  /**
   * Web pages in tabs of their own (closed after the test), the action windows they make the
   * extension open, and the extension's own APIs (tabs, downloads, notifications, toolbar).
   */
  readonly pages: Driver;
  /** Opens an extension page (e.g. the options page) in a new window; it has loaded, not necessarily rendered. */
  openExtensionPage(path: string): Promise<Evaluator>;
  /** Closes every action window and waits until the background has let them go: for a test that needs a new one mid-way. */
  closeWindows(): Promise<void>;
  /** Stops the browser and starts it again on the same profile (needs `restartable`): what a user's restart keeps. */
  restart(): Promise<void>;
}

/**
 * Registers `beforeAll` (launch), `afterEach` (close the test's pages and every action window,
 * then clear the flood rule's record) and `afterAll` (stop) in the current `describe`.
 *
 * The flood rule (src/background/limits.ts) counts windows opened without a user gesture — a
 * jabber file, a script, Firefox's protocol handler — per site and per minute across sites, so a
 * spec that opened more than a few would start failing where the limit was reached, not where
 * the mistake is. Clearing the record after each test, as a browser restart would, is the one
 * way specs get a fresh start; a test that is about the limit opens its windows within itself.
 * (Real clicks on xmpp: links are gestures and never counted.)
 */
export function useBrowser(name: BrowserName, opts: BrowserOptions = {}): BrowserUnderTest {
  let launched: Launched | undefined;
  let profileDir: string | undefined;
  const webPages: WebPage[] = [];
  const windows: ActionWindow[] = [];
  /** Extension pages this block opened: a shared browser closes them when the block ends. */
  const extPages: Evaluator[] = [];
  const { shared } = opts;
  if (shared && (opts.restartable || opts.lang)) throw new Error('a shared browser has the default profile: no restartable, no lang');

  beforeAll(async () => {
    if (opts.restartable) profileDir = mkdtempSync(join(tmpdir(), `jabber-link-${name}-`));
    if (!shared) {
      launched = await launchFor(name, opts, profileDir);
      return;
    }
    if (!shared.running.has(name)) shared.running.set(name, launchFor(name, opts));
    launched = await shared.running.get(name);
  });
  afterEach(async () => {
    if (!launched) return;
    for (const page of webPages.splice(0)) await page.close().catch(() => {});
    await closeAll();
    await launched.pages.resetLimits();
  });
  afterAll(async () => {
    if (shared) {
      if (!launched) return;
      for (const page of extPages.splice(0)) await (page as unknown as WebPage).close().catch(() => {});
      await clearAccounts(launched.windows.extPage);
      return;
    }
    await launched?.stop();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  const started = (): Launched => {
    if (!launched) throw new Error(`${name} is not running: use the browser in a test or hook, after useBrowser's beforeAll`);
    return launched;
  };
  const closeAll = async (): Promise<void> => {
    // Each window its own way first (Firefox: window.close() from the page), then any other.
    for (const win of windows.splice(0)) await win.close().catch(() => {});
    await closeActionWindows(started().pages);
    // The background forgets a closed window in its onRemoved listener: wait for that to land, so
    // a link to the same target opens a new window (not the closed one's record) and a cleared
    // flood record is not written back by it.
    await pollUntil(async () => (await started().pages.windowsOnRecord()) === 0, { what: 'the background to forget closed windows' });
  };
  let pages: Driver | undefined;

  return {
    name,
    get extPage() {
      return started().windows.extPage;
    },
    async clickLinkIn(url, linkText) {
      const win = await started().windows.clickLinkIn(url, linkText);
      windows.push(win);
      return win;
    },
    get pages() {
      const driver = started().pages;
      pages ??= {
        ...driver,
        async open(url) {
          const page = await driver.open(url);
          webPages.push(page);
          return page;
        },
        async openPopupPage() {
          const page = await driver.openPopupPage();
          webPages.push(page);
          return page;
        },
      };
      return pages;
    },
    async openExtensionPage(path) {
      const page = await started().openExtensionPage(path);
      extPages.push(page);
      return page;
    },
    closeWindows: closeAll,
    async restart() {
      if (!profileDir) throw new Error('restart() needs useBrowser(name, { restartable: true })');
      await started().stop();
      launched = undefined;
      windows.length = 0;
      webPages.length = 0;
      pages = undefined;
      launched = await launchFor(name, opts, profileDir);
    },
  };
}

/** The e2e run's Firefox profile template (global-setup.ts); none outside vitest (benchmarks). */
export function firefoxProfileTemplate(): string | undefined {
  try {
    return inject('firefoxProfileTemplate');
  } catch {
    return undefined;
  }
}

interface Launched {
  windows: BrowserDriver;
  pages: Driver;
  openExtensionPage(path: string): Promise<Evaluator>;
  stop(): Promise<void>;
}

/**
 * Launches one browser with the extension and an extension page kept open (storage, Firefox's API
 * probe). `profileDir`: a profile kept on stop; a temp one, removed on stop, when absent.
 */
async function launchFor(name: BrowserName, opts: BrowserOptions, profileDir?: string): Promise<Launched> {
  const dir = join(DIST, name === 'chromium' ? 'chrome' : 'firefox');
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`${dir} is missing: run \`npm run build\` first`);
  if (name === 'chromium') {
    const c: ChromiumHandle = await launchChromium({ extensionDir: dir, userDataDir: profileDir, args: opts.lang ? [`--lang=${opts.lang}`] : [] });
    try {
      const extPage = await c.openExtensionPage(POPUP_PATH);
      return {
        windows: windowDriverChromium(c, extPage),
        pages: pageDriverChromium(c),
        openExtensionPage: async (path) => (await c.openExtensionPage(path)) as unknown as Evaluator,
        stop: c.stop,
      };
    } catch (error) {
      await c.stop();
      throw error;
    }
  }
  const f: FirefoxHandle = await launchFirefox({
    extensionDir: dir,
    profileDir,
    profileTemplate: firefoxProfileTemplate(),
    // Debian installs language packs (firefox-esr-l10n-*) as system-wide add-ons, a scope
    // puppeteer's profile leaves disabled: enable every scope so Firefox can switch.
    extraPrefs: opts.lang ? { 'intl.locale.requested': opts.lang, 'extensions.autoDisableScopes': 0, 'extensions.enabledScopes': 15 } : {},
  });
  try {
    const extPage = await f.openExtensionPage(POPUP_PATH);
    return {
      windows: windowDriverFirefox(f, extPage),
      pages: pageDriverFirefox(f, extPage),
      openExtensionPage: async (path) => (await f.openExtensionPage(path)) as unknown as Evaluator,
      stop: f.stop,
    };
  } catch (error) {
    await f.stop();
    throw error;
  }
}

/**
 * A browser with a profile of its own, outside `useBrowser`'s lifecycle (the caller stops it):
 * for a test where another person, e.g. the one invited, acts in their own browser, and benchmarks.
 */
export async function launchBrowser(name: BrowserName): Promise<BrowserDriver> {
  return (await launchFor(name, {})).windows;
}
