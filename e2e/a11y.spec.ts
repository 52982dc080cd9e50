/**
 * axe-core over the chat window (with history, a delivered line, typing) and the room (the join
 * form, then the joined room with its archive), light and dark: no violations.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil, sleep } from './fixtures/net.ts';
import { bare } from './fixtures/xmpp-peer.ts';
import { seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { useBrowser } from './helpers/browser.ts';
import { axeViolations, colorScheme } from './helpers/axe.ts';
import { ALICE_PW, account, jabberFilePage, useSuite } from './helpers/suite.ts';

describe('accessibility on prosody', () => {
  const rig = useSuite({ server: 'prosody' });
  for (const name of ['chromium', 'firefox'] as const) {
    describe(`in ${name}`, () => {
      const b = useBrowser(name);
      let win: ActionWindow | undefined;
      afterEach(async () => {
        await win?.close();
        win = undefined;
        await sleep(200);
      });

      const check = async (what: string) => {
        for (const scheme of ['light', 'dark'] as const) {
          if (!(await colorScheme(win!, scheme))) continue;
          await sleep(100);
          expect(await axeViolations(win!), `${what}, ${scheme}`).toEqual([]);
        }
      };

      it('the chat window', async () => {
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        await rig.bob.sendMessage('alice@localhost', `earlier, for ${name}`);
        const url = jabberFilePage(rig.http, `a11y-chat-${name}`, "<jabber><chat jid='bob@localhost'/></jabber>");
        win = await b.clickLinkIn(url, `open a11y-chat-${name}`);
        await win.waitForText('Signed in as alice@localhost');
        await win.waitForText(`earlier, for ${name}`);
        const since = rig.bob.mark();
        await win.type('hello');
        await win.press('Enter');
        const got = await rig.bob.waitFor((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost', 10_000, { since });
        await rig.bob.sendMessage(got.attrs.from as string, 'a reply with a link https://example.org/x');
        await win.waitForText('a reply with a link');
        await check('chat');
      });

      it('the join form and the room', async () => {
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const room = `a11y-${name}@conference.localhost`;
        await rig.bob.joinRoom(room, 'bob');
        await rig.bob.sendMessage(room, 'said before', { type: 'groupchat' });
        const url = jabberFilePage(rig.http, `a11y-room-${name}`, `<jabber><groupchat jid='${room}'/></jabber>`);
        win = await b.clickLinkIn(url, `open a11y-room-${name}`);
        await win.waitForText('Signed in as alice@localhost');
        await pollUntil(async () => (await win!.value('Nickname')) === 'alice', { timeoutMs: 5000, what: 'default nickname' });
        await check('join form');
        await win.click('Join');
        await win.waitForText('said before');
        await check('room');
      });
    });
  }
});
