/**
 * `npm run screenshots`: PNGs of every view of the action window (the chat and the room with a
 * conversation, the join form, each view a link opens, the error page), the options page and the
 * toolbar popup, in Chromium at the window's 420×600, light and dark, and in Chinese, into
 * screenshots/ (ignored by git) for people to look at. The Chinese shots need a CJK font
 * (scripts/cjk-font.sh, run by the npm script).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { type ChromiumHandle, launchChromium } from './fixtures/chromium.ts';
import { pollUntil, sleep } from './fixtures/net.ts';
import { bare } from './fixtures/xmpp-peer.ts';
import { seedAccount } from './helpers/account.ts';
import { type BrowserDriver, chromiumDriver } from './helpers/action-window.ts';
import { ALICE_PW, account, jabberFilePage, linkPage, useSuite } from './helpers/suite.ts';
import { VIEW_LINKS, settled } from './helpers/views.ts';

const OUT = 'screenshots';
const ZH = JSON.parse(readFileSync('public/_locales/zh_CN/messages.json', 'utf8')) as Record<string, { message: string }>;

const rig = useSuite({ server: 'prosody', peers: ['bob', 'aliceNode'] });
let browsers: Array<{ b: BrowserDriver; c: ChromiumHandle; lang: string }> = [];
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  for (const lang of ['en', 'zh-CN']) {
    const c = await launchChromium({ extensionDir: 'dist/chrome', args: [`--lang=${lang}`] });
    browsers.push({ b: chromiumDriver(c, await c.openExtensionPage('src/popup/popup.html')), c, lang });
  }
}, 120_000);
afterAll(async () => {
  await Promise.all(browsers.map(({ b }) => b.stop()));
  browsers = [];
});

const shoot = async (page: Page, name: string, lang: string) => {
  await page.setViewportSize({ width: 420, height: 600 });
  for (const scheme of lang === 'en' ? (['light', 'dark'] as const) : (['light'] as const)) {
    await page.emulateMedia({ colorScheme: scheme });
    await sleep(150);
    await page.screenshot({ path: `${OUT}/${name}-${lang === 'en' ? scheme : lang}.png` });
  }
};

it('chat and room windows', async () => {
  // A conversation so far: both sides, a long word, a link, a right-to-left line.
  await rig.bob.sendMessage('alice@localhost', 'Hi! Did you see the new build?');
  await rig.aliceNode.sendMessage('bob@localhost', 'Yes — https://example.org/releases/0.2 looks good.');
  await rig.bob.sendMessage('alice@localhost', 'Averyveryverylongwordwithoutanyspacesthatmustwrapinsidethebubble_and_not_overflow');
  await rig.bob.sendMessage('alice@localhost', 'שלום, זו שורה מימין לשמאל');
  await rig.bob.joinRoom('lobby@conference.localhost', 'bob');
  await rig.bob.sendMessage('lobby@conference.localhost', 'Welcome to the lobby', { type: 'groupchat' });

  for (const { b, c, lang } of browsers) {
    await seedAccount(b.extPage, account(rig.server, ALICE_PW));
    const chat = jabberFilePage(rig.http, `shot-chat-${lang}`, "<jabber><chat jid='bob@localhost'/></jabber>");
    let win = await b.clickLinkIn(chat, `open shot-chat-${lang}`);
    await pollUntil(async () => (await win.roleText('log'))?.includes('שלום') || undefined, { what: 'history' });
    const since = rig.bob.mark();
    await win.type('Sounds great, see you later');
    await win.press('Enter');
    const got = await rig.bob.waitFor((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost' && !!s.getChildText('body'), 10_000, { since });
    await rig.bob.sendMessage(got.attrs.from as string, 'See you!');
    await win.waitForText('See you!');
    await settled(win);
    await shoot(win.page as Page, 'chat', lang);
    await win.close();

    const room = jabberFilePage(rig.http, `shot-room-${lang}`, "<jabber><groupchat jid='lobby@conference.localhost'/></jabber>");
    win = await b.clickLinkIn(room, `open shot-room-${lang}`);
    await pollUntil(async () => (await win.value(lang === 'en' ? 'Nickname' : ZH.options_nickname!.message)) === 'alice' || undefined, { what: 'nickname' });
    await settled(win);
    await shoot(win.page as Page, 'join', lang);
    await win.click(lang === 'en' ? 'Join' : ZH.join_join!.message);
    await win.waitForText('Welcome to the lobby');
    await settled(win);
    await shoot(win.page as Page, 'room', lang);
    await win.close();

    for (const { view, uri } of VIEW_LINKS) {
      const url = linkPage(rig.http, `/shot-${view}-${lang}.html`, uri, `open ${view}`);
      win = await b.clickLinkIn(url, `open ${view}`);
      await settled(win);
      await shoot(win.page as Page, view, lang);
      await win.close();
      await sleep(200);
    }
    for (const [name, path] of [['options', 'src/options/options.html'], ['popup', 'src/popup/popup.html']] as const) {
      const page = (await c.openExtensionPage(path)) as unknown as Page;
      await sleep(500);
      await shoot(page, name, lang);
      await page.close();
    }
  }
}, 300_000);
