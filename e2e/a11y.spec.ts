/**
 * axe-core over every view of the action window (each in the state it opens in once signed in;
 * the chat with history, a delivered line and a link; the join form, then the joined room with
 * its archive), the error page, the options page and the toolbar popup, light and dark: no
 * violations, in Chromium; in Firefox the chat, the room and the extension pages. One browser per
 * describe. Firefox's dark is the page's own dark rules forced on
 * (axe.ts: puppeteer cannot emulate the media feature there).
 */
import { describe, expect, it } from 'vitest';
import { pollUntil, sleep } from './fixtures/net.ts';
import { bare } from './fixtures/xmpp-peer.ts';
import { seedAccount } from './helpers/account.ts';
import { SIGN_IN_MS, useBrowser } from './helpers/browser.ts';
import { type Checked, axeViolations, colorScheme } from './helpers/axe.ts';
import { POPUP_PATH } from './helpers/page-driver.ts';
import { ALICE_PW, account, jabberFilePage, linkPage, useSuite } from './helpers/suite.ts';
import { VIEW_LINKS, settled } from './helpers/views.ts';

describe('accessibility on prosody', () => {
  const rig = useSuite({ server: 'prosody' });
  for (const name of ['chromium', 'firefox'] as const) {
    describe(`in ${name}`, () => {
      const b = useBrowser(name);

      const check = async (page: Checked, what: string) => {
        for (const scheme of ['light', 'dark'] as const) {
          if (!(await colorScheme(page, scheme))) continue;
          await sleep(100);
          expect(await axeViolations(page), `${what}, ${scheme}`).toEqual([]);
        }
      };

      it('the chat window', async () => {
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        await rig.bob.sendMessage('alice@localhost', `earlier, for ${name}`);
        const url = jabberFilePage(rig.http, `a11y-chat-${name}`, "<jabber><chat jid='bob@localhost'/></jabber>");
        const win = await b.clickLinkIn(url, `open a11y-chat-${name}`);
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        await win.waitForText(`earlier, for ${name}`);
        const since = rig.bob.mark();
        await win.type('hello');
        await win.press('Enter');
        const got = await rig.bob.waitFor((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost', 10_000, { since });
        await rig.bob.sendMessage(got.attrs.from as string, 'a reply with a link https://example.org/x');
        await win.waitForText('a reply with a link');
        await check(win, 'chat');
      });

      it('the join form and the room', async () => {
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const room = `a11y-${name}@conference.localhost`;
        await rig.bob.joinRoom(room, 'bob');
        await rig.bob.sendMessage(room, 'said before', { type: 'groupchat' });
        const url = jabberFilePage(rig.http, `a11y-room-${name}`, `<jabber><groupchat jid='${room}'/></jabber>`);
        const win = await b.clickLinkIn(url, `open a11y-room-${name}`);
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        await pollUntil(async () => (await win.value('Nickname')) === 'alice', { timeoutMs: 5000, what: 'default nickname' });
        await check(win, 'join form');
        await win.click('Join');
        await win.waitForText('said before');
        await check(win, 'room');
      });

      // Every other view in Chromium only: axe reads the same DOM and CSS in both browsers, and
      // Firefox's dark is our own rules forced on (above), so each view there would check the
      // same markup again for ~4 s a view (the suite's time budget is 15 min).
      if (name === 'chromium') for (const { view, uri } of VIEW_LINKS) {
        it(`the ${view} view`, async () => {
          await seedAccount(b.extPage, account(rig.server, ALICE_PW));
          const url = linkPage(rig.http, `/a11y-${view}-${name}.html`, uri, `open ${view}`);
          const win = await b.clickLinkIn(url, `open ${view}`);
          await settled(win, SIGN_IN_MS);
          await check(win, view);
        });
      }

      it('the options page and the toolbar popup', async () => {
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        for (const path of ['src/options/options.html', POPUP_PATH]) {
          const page = await b.openExtensionPage(path);
          await pollUntil(() => page.evaluate(() => !!document.querySelector('h1, main *') || undefined, undefined), { timeoutMs: 5000, what: `${path} drawn` });
          await sleep(300);
          await check(page, path);
        }
      });
    });
  }
});
