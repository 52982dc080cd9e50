/**
 * The error page speaks the browser's language: a broken link opened in a Chromium and a Firefox
 * whose UI language is Simplified Chinese shows the parse error's sentence from _locales/zh_CN,
 * not the parser's English text (which stays in the details).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './fixtures/chromium.ts';
import { launchFirefox } from './fixtures/firefox.ts';
import { chromiumDriver, closeActionWindows, type Driver, firefoxDriver, POPUP_PATH, waitForActionWindows } from './helpers/page-driver.ts';

const ZH_INVALID_JID = '链接或文件中的地址不是有效的 XMPP 地址。';

for (const name of ['chromium', 'firefox'] as const) {
  describe(`the error page in a Chinese ${name}`, () => {
    let d: Driver;
    let stop: () => Promise<void>;
    beforeAll(async () => {
      if (name === 'chromium') {
        const c = await launchChromium({ extensionDir: 'dist/chrome', args: ['--lang=zh-CN'] });
        d = chromiumDriver(c);
        stop = c.stop;
      } else {
        // Needs Debian's firefox-esr-l10n-zh-cn (scripts/system-packages.sh): Firefox only switches to a
        // language it has a pack for.
        const f = await launchFirefox({
          extensionDir: 'dist/firefox',
          extraPrefs: { 'intl.locale.requested': 'zh-CN', 'extensions.autoDisableScopes': 0, 'extensions.enabledScopes': 15 },
        });
        d = firefoxDriver(f, await f.openExtensionPage(POPUP_PATH));
        stop = f.stop;
      }
    });
    afterAll(async () => {
      await closeActionWindows(d).catch(() => {});
      await stop?.();
    });

    test('a link with a bad address gets its sentence in Chinese', async () => {
      await d.openFromToolbar('xmpp:juliet@@capulet.example?message');
      const [win] = await waitForActionWindows(d, 1);
      expect(win?.alert).toContain(ZH_INVALID_JID);
      expect(win?.alert).not.toContain('not a valid XMPP address'); // the English sentence is not on the page
    });
  });
}
