/**
 * History (XEP-0313) in the chat window: what alice and bob wrote before the window opened is
 * there on open, oldest first; a message that also arrives live shows once; "Load earlier" pages
 * back; reading the archive leaves alice's own clients their offline messages; and a room's
 * archive (XEP-0313 on the room, mod_muc_mam) shows on join.
 */
import { describe, expect, it } from 'vitest';
import { pollUntil, sleep } from './fixtures/net.ts';
import { connectPeer, type Peer, xml } from './fixtures/xmpp-peer.ts';
import { seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { SIGN_IN_MS, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, account, jabberFilePage, useSuite } from './helpers/suite.ts';

/** A ping answered means the server has handled everything this peer sent before it. */
const settled = (p: Peer) => p.iq.get(xml('ping', { xmlns: 'urn:xmpp:ping' }));
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('history on prosody', () => {
  const rig = useSuite({ server: 'prosody', peers: ['bob', 'aliceNode'] });
  const logText = async (win: ActionWindow) => (await win.roleText('log', /bob@localhost/)) ?? '';

  for (const name of ['chromium', 'firefox'] as const) {
    describe(`in ${name}`, () => {
      const b = useBrowser(name);
      let win: ActionWindow | undefined;

      it('shows the conversation so far in order, each message once, pages back, and takes nobody\'s offline messages', async () => {
        const n = (i: number) => `${name} #${String(i).padStart(2, '0')}`;
        // 55 lines, more than one page: bob 1–30 (to alice's bare JID: she is offline, so they are
        // also stored for her clients), alice's other client 31–40, bob 41–55.
        for (let i = 1; i <= 30; i++) await rig.bob.sendMessage('alice@localhost', n(i));
        await settled(rig.bob);
        for (let i = 31; i <= 40; i++) await rig.aliceNode.sendMessage('bob@localhost', n(i));
        await settled(rig.aliceNode);
        for (let i = 41; i <= 55; i++) await rig.bob.sendMessage('alice@localhost', n(i));
        await settled(rig.bob);

        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = jabberFilePage(rig.http, `hist-${name}`, "<jabber><chat jid='bob@localhost'/></jabber>");
        win = await b.clickLinkIn(url, `open hist-${name}`);
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        const shown = await pollUntil(async () => {
          const t = await logText(win!);
          return t.includes(n(55)) ? t : undefined;
        }, { what: 'the history in the log' });
        for (let i = 6; i <= 55; i++) expect(count(shown, n(i)), n(i)).toBe(1);
        for (let i = 7; i <= 55; i++) expect(shown.indexOf(n(i - 1)), n(i)).toBeLessThan(shown.indexOf(n(i)));
        expect(shown).toContain(`You: ${n(31)}`);
        expect(shown).not.toContain(n(5));

        await win.click('Load earlier messages');
        const all = await pollUntil(async () => {
          const t = await logText(win!);
          return t.includes(n(1)) ? t : undefined;
        }, { what: 'the earlier page' });
        for (let i = 1; i <= 55; i++) expect(count(all, n(i)), n(i)).toBe(1);
        for (let i = 2; i <= 55; i++) expect(all.indexOf(n(i - 1)), n(i)).toBeLessThan(all.indexOf(n(i)));
        await win.close();
        win = undefined;

        // The window read the archive as a guest: alice's own client still gets what was stored
        // for her while she was away.
        const own = await connectPeer({ wsUrl: rig.server.wsUrl, username: 'alice@localhost', password: ALICE_PW, resource: `laptop-${name}` });
        try {
          await own.waitFor((s) => s.is('message') && s.getChildText('body') === n(55), 10_000);
          const bodies = own.messages('bob@localhost').map((s) => s.getChildText('body'));
          for (const i of [1, 30, 41, 55]) expect(bodies, n(i)).toContain(n(i));

          // With her client online, bob's replies reach a window as carbons. Written while a new
          // window reads the archive, each is in the archive page, or live, or both: shown once.
          win = await b.clickLinkIn(url, `open hist-${name}`);
          await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
          for (let i = 56; i <= 60; i++) await rig.bob.sendMessage('alice@localhost', n(i));
          const again = await pollUntil(async () => {
            const t = await logText(win!);
            return t.includes(n(55)) && t.includes(n(60)) ? t : undefined;
          }, { what: 'history and live lines in the log' });
          await sleep(500);
          const settledLog = await logText(win);
          for (let i = 11; i <= 60; i++) expect(count(settledLog, n(i)), n(i)).toBe(1);
          for (let i = 12; i <= 60; i++) expect(again.indexOf(n(i - 1)), n(i)).toBeLessThan(again.indexOf(n(i)));
        } finally {
          await own.stop();
        }
      });

      it("a room's archive shows on join, oldest first, more of it than the join history holds", async () => {
        const room = `archive-${name}@conference.localhost`;
        const line = (i: number) => `${name} room #${String(i).padStart(2, '0')}`;
        await rig.bob.joinRoom(room, 'bob');
        // 25 lines: Prosody's join history keeps 20, so seeing the first means the archive was read.
        for (let i = 1; i <= 25; i++) await rig.bob.sendMessage(room, line(i), { type: 'groupchat' });
        await settled(rig.bob);
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = jabberFilePage(rig.http, `room-hist-${name}`, `<jabber><groupchat jid='${room}'/></jabber>`);
        win = await b.clickLinkIn(url, `open room-hist-${name}`);
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        await pollUntil(async () => (await win!.value('Nickname')) === 'alice', { timeoutMs: 5000, what: 'default nickname' });
        await win.click('Join');
        const log = await pollUntil(async () => {
          const t = (await win!.roleText('log')) ?? '';
          return t.includes(line(1)) && t.includes(line(25)) ? t : undefined;
        }, { what: 'the room archive in the log' });
        for (let i = 1; i <= 25; i++) expect(count(log, line(i)), line(i)).toBe(1);
        for (let i = 2; i <= 25; i++) expect(log.indexOf(line(i - 1)), line(i)).toBeLessThan(log.indexOf(line(i)));
        // And what is said after the join comes live, once.
        await rig.bob.sendMessage(room, `${name} live in the room`, { type: 'groupchat' });
        await win.waitForText(`bob: ${name} live in the room`);
        await sleep(300);
        expect(count((await win.roleText('log')) ?? '', `${name} live in the room`)).toBe(1);
      });
    });
  }
});
