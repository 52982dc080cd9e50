/**
 * The BUILT extension (dist/chrome, dist/firefox — `npm run build` first) loads in real
 * Chromium and Firefox, its background starts, and its options page and toolbar popup render
 * without console errors. Also the packaging budget: MV3 with a service worker, zips ≤ 64 KB.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ChromiumHandle, launchChromium } from './fixtures/chromium.ts';
import { type FirefoxHandle, launchFirefox } from './fixtures/firefox.ts';
import { OPTIONS_PATH } from './helpers/page-driver.ts';
import { firefoxProfileTemplate } from './helpers/browser.ts';

const POPUP = 'src/popup/popup.html';
const POPUP_LABEL = 'xmpp: link or jabber file';

function requireBuild(browser: 'chrome' | 'firefox'): string {
  const dir = `dist/${browser}`;
  if (!existsSync(`${dir}/manifest.json`)) throw new Error(`${dir} is missing: run \`npm run build\` first`);
  return dir;
}

describe('package', () => {
  test('dist/chrome/manifest.json is MV3 with a module service worker that exists', () => {
    const manifest = JSON.parse(readFileSync(`${requireBuild('chrome')}/manifest.json`, 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background.service_worker).toEqual(expect.any(String));
    expect(existsSync(`dist/chrome/${manifest.background.service_worker}`)).toBe(true);
    expect(manifest.protocol_handlers).toBeUndefined();
  });

  test('dist/firefox/manifest.json has background scripts, a gecko id and the xmpp protocol handler', () => {
    const manifest = JSON.parse(readFileSync(`${requireBuild('firefox')}/manifest.json`, 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background.scripts).toHaveLength(1);
    expect(manifest.background.service_worker).toBeUndefined();
    expect(manifest.browser_specific_settings.gecko.id).toEqual(expect.any(String));
    expect(manifest.protocol_handlers).toEqual([expect.objectContaining({ protocol: 'xmpp' })]);
  });

  test('each zip in dist/ is at most 64 KB', () => {
    const zips = readdirSync('dist').filter((f) => f.endsWith('.zip'));
    expect(zips.sort()).toEqual(['jabber-link-chrome.zip', 'jabber-link-firefox.zip']);
    for (const zip of zips) expect({ zip, size: statSync(`dist/${zip}`).size }).toEqual({ zip, size: expect.toSatisfy((n: number) => n <= 64 * 1024) });
  });
});

describe('Chromium', () => {
  let chromium: ChromiumHandle;
  beforeAll(async () => {
    chromium = await launchChromium({ extensionDir: requireBuild('chrome') });
  });
  afterAll(() => chromium?.stop());

  test('the service worker starts and answers', async () => {
    expect(chromium.extensionId).toMatch(/^[a-p]{32}$/);
    const manifest = JSON.parse(readFileSync('dist/chrome/manifest.json', 'utf8'));
    expect(chromium.serviceWorker.url()).toBe(chromium.extensionUrl(manifest.background.service_worker));
    expect(await chromium.serviceWorker.evaluate(() => chrome.runtime.getManifest().manifest_version)).toBe(3);
    // The install step ran: the DNR rule that catches jabber files is in place.
    await expect
      .poll(() => chromium.serviceWorker.evaluate(async () => (await chrome.declarativeNetRequest.getDynamicRules()).length))
      .toBe(1);
  });

  test('the options page renders without console errors', async () => {
    const page = await chromium.openExtensionPage(OPTIONS_PATH);
    try {
      const errors = chromium.collectConsoleErrors(page);
      await page.locator('body *').first().waitFor();
      expect((await page.locator('body').innerText()).trim().length).toBeGreaterThan(0);
      await page.waitForLoadState('networkidle');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('the toolbar popup renders its textbox and Open button without console errors', async () => {
    const page = await chromium.openExtensionPage(POPUP);
    try {
      const errors = chromium.collectConsoleErrors(page);
      await expect.poll(() => page.getByLabel(POPUP_LABEL).isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Open' }).isVisible()).toBe(true);
      await page.waitForLoadState('networkidle');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('Firefox', () => {
  let firefox: FirefoxHandle;
  beforeAll(async () => {
    firefox = await launchFirefox({ extensionDir: requireBuild('firefox'), profileTemplate: firefoxProfileTemplate() });
  });
  afterAll(() => firefox?.stop());

  test('the background starts: its listeners answer a message from an extension page', async () => {
    const page = await firefox.openExtensionPage(POPUP);
    try {
      // A real round trip to the background: an unknown message type gets no handler and
      // resolves undefined; a background that failed to load would reject ("no receiving end").
      const reply = await page.evaluate(async () => {
        try {
          return { ok: (await chrome.runtime.sendMessage({ type: 'ping-from-e2e' })) ?? null };
        } catch (e) {
          return { error: String(e) };
        }
      });
      expect(reply).toEqual({ ok: null });
    } finally {
      await page.close();
    }
  });

  test('the options page renders without console errors', async () => {
    const mark = firefox.mark();
    const page = await firefox.openExtensionPage(OPTIONS_PATH);
    try {
      await expect.poll(() => page.evaluate(() => document.body.innerText.trim().length)).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(firefox.consoleErrors(mark)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('the toolbar popup renders its textbox and Open button without console errors', async () => {
    const mark = firefox.mark();
    const page = await firefox.openExtensionPage(POPUP);
    try {
      const textbox = await page.waitForSelector(`::-p-aria([name="${POPUP_LABEL}"][role="textbox"])`, { timeout: 5000 });
      expect(textbox).toBeTruthy();
      expect(await page.waitForSelector('::-p-aria([name="Open"][role="button"])', { timeout: 5000 })).toBeTruthy();
      await new Promise((r) => setTimeout(r, 300));
      expect(firefox.consoleErrors(mark)).toEqual([]);
      expect(readdirSync(firefox.downloadDir)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
