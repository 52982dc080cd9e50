/**
 * The error page speaks the browser's language: a broken link opened in a Chromium and a Firefox
 * whose UI language is Simplified Chinese shows the parse error's sentence from _locales/zh_CN,
 * not the parser's English text (which stays in the details).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { BROWSERS, useBrowser } from './helpers/browser.ts';
import { type Driver, waitForActionWindows } from './helpers/page-driver.ts';

const ZH_INVALID_JID = '该链接或文件中的 XMPP 地址无效。';

for (const name of BROWSERS) {
  describe(`the error page in a Chinese ${name}`, () => {
    // Firefox needs Debian's firefox-esr-l10n-zh-cn (scripts/system-packages.sh).
    const b = useBrowser(name, { lang: 'zh-CN' });
    let d: Driver;
    beforeAll(() => {
      d = b.pages;
    });

    test('a link with a bad address gets its sentence in Chinese', async () => {
      await d.openFromToolbar('xmpp:juliet@@capulet.example?message');
      const [win] = await waitForActionWindows(d, 1);
      expect(win?.alert).toContain(ZH_INVALID_JID);
      expect(win?.alert).not.toContain('has an invalid XMPP address'); // the English sentence is not on the page
    });
  });
}
