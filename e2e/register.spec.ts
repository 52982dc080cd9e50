/**
 * The `register` action end to end (XEP-0077 with a service, after sign-in):
 * - nickname registration with the real MUC: a jabber file `<register jid='…'/>` opens the
 *   window, which shows the server's XEP-0004 form; bob, a real second client, sees the nickname
 *   taken. On Prosody that is a room's registration (XEP-0045 §7.10), seen in the member list;
 *   Prosody 0.12 (muc/register.lib.lua) lets only affiliated users register — the room need not
 *   be members-only, but an unaffiliated user gets `registration-required`; both are covered.
 *   ejabberd registers nicknames with the MUC service instead (see nickRegistration).
 * - a legacy service (an external component answering with username/password/email and
 *   instructions): a taken name is refused (`conflict`) with the form kept, a second try
 *   succeeds, and the service saw exactly the two submits; a name with a space is refused
 *   (`not-acceptable`, with the service's text) with the form kept; an account the service
 *   already knows gets `<registered/>` and the current values, and the window says so.
 * - `?unregister` with the same service (XEP-0077 §3.2): the confirm view sends nothing before
 *   the click, then exactly one `<remove/>`, and the service no longer has alice; when alice
 *   was not registered, the service's `registration-required` is explained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LEGACY_INSTRUCTIONS,
  type LegacyRegisterComponent,
  NOT_ACCEPTABLE_TEXT,
  TAKEN_USERNAME,
  startLegacyRegisterComponent,
} from './fixtures/legacy-register-component.ts';
import { sleep } from './fixtures/net.ts';
import { xml } from './fixtures/xmpp-peer.ts';
import { seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, SIGN_IN_MS, shareBrowsers, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, account, jabberFilePage, linkPage, SERVERS_KEEPING_SALT, useSuite } from './helpers/suite.ts';

const NS_REGISTER = 'jabber:iq:register';
const NS_MUC_ADMIN = 'http://jabber.org/protocol/muc#admin';
const ALICE = 'alice@localhost';

// One Chromium and one Firefox for every server below (helpers/browser.ts shareBrowsers).
const shared = shareBrowsers();

describe.each(SERVERS_KEEPING_SALT)('on %s', (server) => {
  // aliceNode (alice without presence) clears a registration an earlier browser's run left.
  const rig = useSuite({ server, peers: ['bob', 'aliceNode'] });
  /** The legacy XEP-0077 service: an external component of the XMPP server. */
  let legacy: LegacyRegisterComponent;
  beforeAll(async () => {
    legacy = await startLegacyRegisterComponent(rig.server);
  });
  afterAll(() => legacy?.stop());

  /** Asking a service what it needs tells it who asks: the window says so and waits for Continue. */
  async function askFirst(win: ActionWindow): Promise<void> {
    await win.waitForText('the service learns your address.', SIGN_IN_MS);
    await win.click('Continue');
  }

  /** Bob creates the room (instant room: muc_room_locking is off in the rig) and may make alice a member. */
  async function createRoom(room: string, aliceMember: boolean): Promise<void> {
    await rig.bob.joinRoom(room, 'bob');
    if (aliceMember) {
      await rig.bob.iq.set(xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { jid: 'alice@localhost', affiliation: 'member' })), room);
    }
  }

  /** The member list as the owner sees it: jid → reserved nick (Prosody puts the registered nick on the item). */
  async function members(room: string): Promise<Record<string, string | undefined>> {
    const q = await rig.bob.iq.get(xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { affiliation: 'member' })), room);
    return Object.fromEntries((q?.getChildren('item') ?? []).map((i) => [String(i.attrs.jid), i.attrs.nick as string | undefined]));
  }

  /**
   * Where alice registers a nickname (XEP-0077 with an XEP-0004 form holding a "Nickname" field)
   * and how another client sees that it took. Prosody registers nicknames with a room (XEP-0045
   * §7.10; members only) and puts it on her member item. ejabberd registers them with the MUC
   * service as a whole (mod_muc; its rooms answer service-unavailable) and reserves the nickname
   * there: bob cannot enter a room under it.
   */
  const nickRegistration =
    server === 'prosody'
      ? {
          async target(name: string): Promise<string> {
            const room = `reg-${name}@${rig.server.mucDomain}`;
            await createRoom(room, true);
            return room;
          },
          async seen(target: string, nick: string, _name: string): Promise<void> {
            expect(await members(target)).toMatchObject({ 'alice@localhost': nick });
          },
          /** Prosody's <registered/> answer carries the nick as the legacy <username>. */
          registeredField: 'Username',
        }
      : {
          async target(_name: string): Promise<string> {
            await rig.aliceNode.iq.set(xml('query', { xmlns: NS_REGISTER }, xml('remove')), rig.server.mucDomain).catch(() => {});
            return rig.server.mucDomain;
          },
          async seen(_target: string, nick: string, name: string): Promise<void> {
            await expect(rig.bob.joinRoom(`nick-check-${name}@${rig.server.mucDomain}`, nick)).rejects.toThrow(/conflict/);
          },
          /** ejabberd answers <registered/> with its form again, the nick filled in. */
          registeredField: 'Nickname',
        };

  for (const name of BROWSERS) {
    describe(`register in ${name}`, () => {
      const b = useBrowser(name, { shared });
      let win: ActionWindow | undefined;

      it("jabber file <register jid='…'/> → the server's nickname form → Register: bob sees alice's nickname taken", async () => {
        const room = await nickRegistration.target(name);
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = jabberFilePage(rig.http, `register-room-${name}`, `<jabber><register jid='${room}'/></jabber>`);
        win = await b.clickLinkIn(url, `open register-room-${name}`);
        await askFirst(win);
        await win.waitForText('Signed in as alice@localhost');
        await win.waitForText('Register');
        // The form: a hidden FORM_TYPE (not shown) and a text-single labelled "Nickname".
        await win.waitForText('Nickname');
        expect(await win.text()).not.toContain('FORM_TYPE');
        await win.fill('Nickname', 'wonderland');
        await win.click('Register');
        await win.waitForText(`Registered with ${room}.`);
        await nickRegistration.seen(room, 'wonderland', name);
        // Nothing sent twice: the button is gone from the enabled ones once done.
        await expect(win.click('Register')).rejects.toThrow(/no enabled button/);
        await b.closeWindows();

        // Opening it again: the service now says alice is registered (XEP-0077 <registered/> with her nick).
        win = await b.clickLinkIn(url, `open register-room-${name}`);
        await askFirst(win);
        await win.waitForText('You are already registered');
        expect(await win.value(nickRegistration.registeredField)).toBe('wonderland');
      });

      // Prosody only: ejabberd's rooms take no registration at all (see nickRegistration).
      if (server === 'prosody') it('a room where alice is not a member: Prosody answers registration-required, and the window says so', async () => {
        const room = `closed-${name}@${rig.server.mucDomain}`;
        await createRoom(room, false);
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = linkPage(rig.http, `/register-closed-${name}.html`, `xmpp:${room}?register`, 'register here');
        win = await b.clickLinkIn(url, 'register here');
        await askFirst(win);
        await win.waitForText('Only members can register here');
        await win.waitForText('registration-required');
      });

      it('legacy service: instructions and fields shown; a taken name → conflict with the form kept; then success', async () => {
        legacy.setRegistration(ALICE, undefined); // the other browser's run may have left alice registered
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = linkPage(rig.http, `/register-legacy-${name}.html`, `xmpp:${legacy.jid}?register`, 'register with the gateway');
        const setsBefore = legacy.sets.length;
        win = await b.clickLinkIn(url, 'register with the gateway');
        await askFirst(win);
        await win.waitForText(LEGACY_INSTRUCTIONS);
        // Our own line above the service's fields, which could ask for anything.
        await win.waitForText(`These fields come from ${legacy.jid}, not Jabber Link. Never type your account password here.`);
        await win.fill('Username', TAKEN_USERNAME);
        await win.fill('Password', 's3cret');
        await win.fill('Email', 'alice@example.com');
        await win.click('Register');
        await win.waitForText('That name is taken');
        // Everything typed is still there.
        expect(await win.value('Username')).toBe(TAKEN_USERNAME);
        expect(await win.value('Password')).toBe('s3cret');
        expect(await win.value('Email')).toBe('alice@example.com');
        expect(legacy.sets.length - setsBefore).toBe(1);

        await win.fill('Username', `alice-${name}`);
        await win.click('Register');
        await win.waitForText(`Registered with ${legacy.jid}.`);
        await sleep(300); // a duplicate submit would have arrived by now
        expect(legacy.sets.length - setsBefore).toBe(2);
        const mine = legacy.registered.filter((r) => r.username === `alice-${name}`);
        expect(mine).toHaveLength(1);
        expect(mine[0]).toMatchObject({ password: 's3cret', email: 'alice@example.com' });
        expect(mine[0]!.from.startsWith('alice@localhost/')).toBe(true);
      });

      it("legacy service: a username with a space → not-acceptable with the service's text, the form kept; fixed → success", async () => {
        legacy.setRegistration(ALICE, undefined);
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = linkPage(rig.http, `/register-legacy-406-${name}.html`, `xmpp:${legacy.jid}?register`, 'register with the gateway');
        const setsBefore = legacy.sets.length;
        const registeredBefore = legacy.registered.length;
        win = await b.clickLinkIn(url, 'register with the gateway');
        await askFirst(win);
        await win.waitForText(LEGACY_INSTRUCTIONS);
        await win.fill('Username', 'alice in wonderland');
        await win.fill('Password', 's3cret');
        await win.fill('Email', 'alice@example.com');
        await win.click('Register');
        await win.waitForText('The service did not accept these values.');
        // The raw condition and the service's own words, for the user to see what to change.
        await win.waitForText(`Details: not-acceptable: ${NOT_ACCEPTABLE_TEXT}`);
        expect(await win.text()).not.toContain('That name is taken');
        expect(await win.value('Username')).toBe('alice in wonderland');
        expect(await win.value('Password')).toBe('s3cret');
        expect(await win.value('Email')).toBe('alice@example.com');
        await sleep(300);
        expect(legacy.sets.length - setsBefore).toBe(1);
        expect(legacy.registered.length).toBe(registeredBefore);

        // Fixing the one value is enough: the same form registers.
        await win.fill('Username', 'alice-in-wonderland');
        await win.click('Register');
        await win.waitForText(`Registered with ${legacy.jid}.`);
        expect(legacy.sets.length - setsBefore).toBe(2);
        expect(legacy.registrationOf(ALICE)).toMatchObject({ username: 'alice-in-wonderland', email: 'alice@example.com' });
      });

      it('legacy service, alice already registered: <registered/> → the window says so and shows her current values', async () => {
        legacy.setRegistration(ALICE, { username: `old-${name}`, password: 'old-pw', email: 'old@example.com' });
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = linkPage(rig.http, `/register-legacy-again-${name}.html`, `xmpp:${legacy.jid}?register`, 'register with the gateway');
        const setsBefore = legacy.sets.length;
        win = await b.clickLinkIn(url, 'register with the gateway');
        await askFirst(win);
        await win.waitForText(LEGACY_INSTRUCTIONS);
        await win.waitForText('You are already registered; you can update it below.');
        expect(await win.value('Username')).toBe(`old-${name}`);
        expect(await win.value('Email')).toBe('old@example.com');
        expect(legacy.sets.length - setsBefore).toBe(0); // opening it only asked
      });

      it('?unregister: explains, sends nothing before the click, then exactly one <remove/>; the service forgets alice', async () => {
        legacy.setRegistration(ALICE, { username: `bye-${name}`, password: 'pw', email: 'bye@example.com' });
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = linkPage(rig.http, `/unregister-${name}.html`, `xmpp:${legacy.jid}?unregister`, 'leave the gateway');
        const before = legacy.removals.length;
        win = await b.clickLinkIn(url, 'leave the gateway');
        await win.waitForText(`Signed in as ${ALICE}`, SIGN_IN_MS);
        await win.waitForText(`Cancel your registration with ${legacy.jid}.`);
        await sleep(500);
        expect(legacy.removals.slice(before)).toHaveLength(0);
        expect(legacy.registrationOf(ALICE)).toBeDefined();
        await win.click('Cancel registration');
        await win.waitForText(`Your registration with ${legacy.jid} is cancelled.`);
        await expect(win.click('Cancel registration')).rejects.toThrow(/no enabled button/);
        await sleep(300); // a duplicate remove would have arrived by now
        const mine = legacy.removals.slice(before);
        expect(mine).toHaveLength(1);
        expect(mine[0]!.from.startsWith(`${ALICE}/`)).toBe(true);
        expect(mine[0]!.wasRegistered).toBe(true);
        expect(legacy.registrationOf(ALICE)).toBeUndefined();
      });

      it('?unregister when alice is not registered: the service answers registration-required, and the window says so', async () => {
        legacy.setRegistration(ALICE, undefined);
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = linkPage(rig.http, `/unregister-none-${name}.html`, `xmpp:${legacy.jid}?unregister`, 'leave the gateway');
        const before = legacy.removals.length;
        win = await b.clickLinkIn(url, 'leave the gateway');
        await win.waitForText(`Signed in as ${ALICE}`, SIGN_IN_MS);
        await win.click('Cancel registration');
        await win.waitForText('You are not registered with this service.');
        expect(await win.text()).not.toContain('is cancelled');
        const mine = legacy.removals.slice(before);
        expect(mine).toHaveLength(1);
        expect(mine[0]!.wasRegistered).toBe(false);
      });
    });
  }

  // The get the view sends is the plain XEP-0077 one; checked here once without a browser so a
  // failure above can be told apart from a server that answers differently.
  describe('the fixture services answer as the specs assume', () => {
    it('the legacy component sends fields and instructions, no form', async () => {
      const q = await rig.bob.iq.get(xml('query', { xmlns: NS_REGISTER }), legacy.jid);
      expect(q?.getChildText('instructions')).toBe(LEGACY_INSTRUCTIONS);
      expect(q?.getChild('x', 'jabber:x:data')).toBeUndefined();
    });

    it('the legacy component says <registered/> with the current values, and takes a <remove/> once', async () => {
      legacy.setRegistration('bob@localhost', { username: 'bob-gw', password: 'pw', email: 'bob@example.com' });
      const q = await rig.bob.iq.get(xml('query', { xmlns: NS_REGISTER }), legacy.jid);
      expect(q?.getChild('registered')).toBeDefined();
      expect(q?.getChildText('username')).toBe('bob-gw');
      await rig.bob.iq.set(xml('query', { xmlns: NS_REGISTER }, xml('remove')), legacy.jid);
      expect(legacy.registrationOf('bob@localhost')).toBeUndefined();
      await expect(rig.bob.iq.set(xml('query', { xmlns: NS_REGISTER }, xml('remove')), legacy.jid)).rejects.toMatchObject({
        condition: 'registration-required',
      });
    });
  });
});
