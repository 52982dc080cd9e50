/**
 * `join` end to end: a jabber file `<groupchat>` (or an xmpp: `?join` link) opens the action
 * window signed in as alice; Nickname → Join enters the room that bob, a real second client,
 * is in: bob sees alice arrive, the window shows the subject, the history and the occupants, and
 * messages go both ways. Errors each get their own words: a taken nickname (with another one
 * offered), a wrong password, a members-only room, a ban; a room that does not exist is only created
 * after the user says so. Closing the window leaves the room.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from './fixtures/net.ts';
import { type Element, xml } from './fixtures/xmpp-peer.ts';
import { seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, SIGN_IN_MS, shareBrowsers, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, account, jabberFilePage, linkPage, SERVERS_KEEPING_SALT, useSuite } from './helpers/suite.ts';

const MUC = 'conference.localhost';
const NS_MUC_OWNER = 'http://jabber.org/protocol/muc#owner';
const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';

// One Chromium and one Firefox for every server below (helpers/browser.ts shareBrowsers).
const shared = shareBrowsers();

describe.each(SERVERS_KEEPING_SALT)('on %s', (server) => {
  const rig = useSuite({ server });

  /** bob (the room's owner) submits the room configuration form (XEP-0045 §10.2). */
  async function configure(room: string, fields: Record<string, string>): Promise<void> {
    await rig.bob.iq.set(
      xml(
        'query',
        { xmlns: NS_MUC_OWNER },
        xml(
          'x',
          { xmlns: 'jabber:x:data', type: 'submit' },
          xml('field', { var: 'FORM_TYPE' }, xml('value', {}, 'http://jabber.org/protocol/muc#roomconfig')),
          ...Object.entries(fields).map(([k, v]) => xml('field', { var: k }, xml('value', {}, v))),
        ),
      ),
      room,
    );
  }

  async function roomExists(room: string): Promise<boolean> {
    try {
      await rig.bob.iq.get(xml('query', { xmlns: NS_DISCO_INFO }), room);
      return true;
    } catch (err) {
      if ((err as { condition?: string }).condition === 'item-not-found') return false;
      throw err;
    }
  }


  const presenceFrom = (occupant: string, available = true) => (s: Element) =>
    s.is('presence') && s.attrs.from === occupant && (available ? s.attrs.type === undefined : s.attrs.type === 'unavailable');

  for (const name of BROWSERS) {
    describe(`join in ${name}`, () => {
      const lobby = `lobby-${name}@${MUC}`;
      const b = useBrowser(name, { shared });
      let win: ActionWindow | undefined;
      beforeAll(async () => {
        // bob is in the room already, with a subject set and something said (history).
        await rig.bob.joinRoom(lobby, 'bob');
        await rig.bob.send(xml('message', { to: lobby, type: 'groupchat' }, xml('subject', {}, `Testing in ${name}`)));
        await rig.bob.sendMessage(lobby, 'hello before alice', { type: 'groupchat' });
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
      });

      it('groupchat file → Join: bob sees alice, the window shows subject, history, occupants; messages both ways; closing leaves', async () => {
        const url = jabberFilePage(rig.http, `gc-${name}`, `<jabber><groupchat jid='${lobby}'/></jabber>`);
        win = await b.clickLinkIn(url, `open gc-${name}`);
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        // No nickname in the account: the localpart of the address.
        await pollUntil(async () => (await win!.value('Nickname')) === 'alice', { timeoutMs: 5000, what: 'default nickname' });
        expect(await win.focused()).toBe('Nickname');
        const since = rig.bob.mark();
        await win.click('Join');
        await rig.bob.waitFor(presenceFrom(`${lobby}/alice`), 10_000, { since, what: "alice's join presence" });

        await win.waitForText(`Subject: Testing in ${name}`);
        await win.waitForText('hello before alice');
        expect(await win.roleText('log')).toContain('bob: hello before alice');
        const occupants = await win.roleText('list', /^Occupants$/);
        expect(occupants).toMatch(/\bbob\b/);
        expect(occupants).toMatch(/\balice \(you\)/);

        // Keyboard: the Message box has focus; Enter sends a groupchat message.
        expect(await win.focused()).toBe('Message');
        await win.type('hi from alice');
        await win.press('Enter');
        const got = await rig.bob.waitFor((s) => s.is('message') && s.attrs.from === `${lobby}/alice`, 10_000, { since, what: 'groupchat from alice' });
        expect([got.attrs.type, got.getChildText('body')]).toEqual(['groupchat', 'hi from alice']);
        await win.waitForText('alice: hi from alice');

        await rig.bob.sendMessage(lobby, 'welcome alice', { type: 'groupchat' });
        await win.waitForText('bob: welcome alice');

        // Occupants follow presence: bob leaves and comes back.
        await rig.bob.send(xml('presence', { to: `${lobby}/bob`, type: 'unavailable' }));
        await pollUntil(async () => !/\bbob\b/.test((await win!.roleText('list', /^Occupants$/)) ?? ''), { timeoutMs: 5000, what: 'bob gone from Occupants' });
        await rig.bob.joinRoom(lobby, 'bob');
        await pollUntil(async () => /\bbob\b/.test((await win!.roleText('list', /^Occupants$/)) ?? ''), { timeoutMs: 5000, what: 'bob back in Occupants' });

        const before = rig.bob.mark();
        await b.closeWindows();
        await rig.bob.waitFor(presenceFrom(`${lobby}/alice`, false), 10_000, { since: before, what: 'alice leaving' });
      });

      it("a taken nickname: says so, offers another, and that one joins", async () => {
        const url = linkPage(rig.http, `/conflict-${name}.html`, `xmpp:${lobby}?join`, 'join the lobby');
        win = await b.clickLinkIn(url, 'join the lobby');
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        await win.fill('Nickname', 'bob');
        await win.click('Join');
        await win.waitForText('That nickname is taken; here is another one.');
        expect(await win.value('Nickname')).toBe('bob_');
        expect(await win.focused()).toBe('Nickname');
        const since = rig.bob.mark();
        await win.click('Join');
        await rig.bob.waitFor(presenceFrom(`${lobby}/bob_`), 10_000, { since, what: "alice's presence as bob_" });
        await win.waitForText(`In ${lobby}`);
      });

      it('a wrong password on a protected room: says so; the right one gets in', async () => {
        const room = `secret-${name}@${MUC}`;
        await rig.bob.joinRoom(room, 'bob');
        await configure(room, { 'muc#roomconfig_passwordprotectedroom': '1', 'muc#roomconfig_roomsecret': 's3cret' });
        const url = linkPage(rig.http, `/secret-${name}.html`, `xmpp:${room}?join;password=wrong`, 'join the secret room');
        win = await b.clickLinkIn(url, 'join the secret room');
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        expect(await win.value('Password')).toBe('wrong');
        // Without a password, the room's answer to disco#info (muc_passwordprotected) is enough
        // to ask for one; nothing is sent to the room itself.
        const before = rig.bob.mark();
        await win.fill('Password', '');
        await win.click('Join');
        await win.waitForText('This room needs a password.');
        expect(await win.focused()).toBe('Password');
        await win.fill('Password', 'wrong');
        await win.click('Join');
        await win.waitForText('The password is wrong or missing.');
        expect(await win.focused()).toBe('Password');
        expect(rig.bob.received.slice(before).some((s) => s.attrs.from === `${room}/alice`)).toBe(false);
        await win.fill('Password', 's3cret');
        const since = rig.bob.mark();
        await win.click('Join');
        await rig.bob.waitFor(presenceFrom(`${room}/alice`), 10_000, { since, what: "alice's join presence" });
        await win.waitForText(`In ${room}`);
      });

      it('a members-only room: its own message', async () => {
        const room = `members-${name}@${MUC}`;
        await rig.bob.joinRoom(room, 'bob');
        await configure(room, { 'muc#roomconfig_membersonly': '1' });
        const url = linkPage(rig.http, `/members-${name}.html`, `xmpp:${room}?join`, 'join the members room');
        win = await b.clickLinkIn(url, 'join the members room');
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        await win.click('Join');
        await win.waitForText('This room is for members only, and you are not one.');
        expect(await win.text()).toContain('Only members can join this room.');
        expect(rig.bob.presence().some((s) => s.attrs.from === `${room}/alice`)).toBe(false);
      });

      it('a room that banned alice: its own message', async () => {
        const room = `banned-${name}@${MUC}`;
        await rig.bob.joinRoom(room, 'bob');
        await rig.bob.iq.set(xml('query', { xmlns: 'http://jabber.org/protocol/muc#admin' }, xml('item', { affiliation: 'outcast', jid: 'alice@localhost' })), room);
        const url = linkPage(rig.http, `/banned-${name}.html`, `xmpp:${room}?join`, 'join the banned room');
        win = await b.clickLinkIn(url, 'join the banned room');
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        await win.click('Join');
        await win.waitForText('You are banned from this room.');
      });

      it('a room that does not exist: asks first, creates it only after "Create room"', async () => {
        const room = `nowhere-${name}@${MUC}`;
        const url = linkPage(rig.http, `/nowhere-${name}.html`, `xmpp:${room}?join`, 'join nowhere');
        win = await b.clickLinkIn(url, 'join nowhere');
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        await win.click('Join');
        // The room lookup is one disco#info on loopback. Measured in the page over 200 lookups, with
        // the load average up to 17 on 2 cores: 5 ms median, 280 ms worst. The default wait is ample.
        await win.waitForText('This room does not exist yet. Create it?');
        expect(await roomExists(room)).toBe(false);
        await win.click('Create room');
        await win.waitForText(`In ${room}`);
        expect(await roomExists(room)).toBe(true);
        expect(await win.roleText('list', /^Occupants$/)).toMatch(/alice \(you\)/);
      });
    });
  }
});
