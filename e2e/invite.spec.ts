/**
 * `invite` end to end: an xmpp: `?invite` link on a room (created by carol, a real client) opens
 * the window with the invitees listed; "Send invitations" enters the room as alice and sends a
 * mediated invitation (XEP-0045 §7.8.2), which bob receives from the room with alice as inviter
 * and the reason typed in the window.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sleep } from './fixtures/net.ts';
import { bare } from './fixtures/xmpp-peer.ts';
import { seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, SIGN_IN_MS, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, account, linkPage, useSuite } from './helpers/suite.ts';

const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';

const rig = useSuite({ peers: ['bob', 'carol'] });
/** carol's room, where alice invites bob. */
let room: string;
beforeAll(async () => {
  room = `party@${rig.prosody.mucDomain}`;
  await rig.carol.joinRoom(room, 'carol');
});

for (const name of BROWSERS) {
  describe(`invite in ${name}`, () => {
    const b = useBrowser(name);
    let win: ActionWindow | undefined;
    beforeAll(async () => {
      await seedAccount(b.extPage, account(rig.prosody, ALICE_PW));
    });

    it('lists the invitees, and bob receives the invitation from the room after the click', async () => {
      const url = linkPage(rig.http, `/invite-${name}.html`, `xmpp:${room}?invite;jid=bob@localhost`, 'invite bob');
      const since = rig.bob.mark();
      win = await b.clickLinkIn(url, 'invite bob');
      await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      expect(await win.value('People to invite')).toBe('bob@localhost');
      await sleep(300);
      expect(rig.bob.received.slice(since).filter((s) => bare(s.attrs.from) === room)).toHaveLength(0);
      await win.fill('Reason', `come along (${name})`);
      await win.click('Send invitations');
      const got = await rig.bob.waitFor(
        (s) => s.is('message') && bare(s.attrs.from) === room && !!s.getChild('x', NS_MUC_USER)?.getChild('invite'),
        10_000,
        { since, what: 'the invitation' },
      );
      const invite = got.getChild('x', NS_MUC_USER)!.getChild('invite')!;
      // The inviter: alice's real JID, or (Prosody, semi-anonymous room) her occupant JID.
      const from = String(invite.attrs.from);
      expect(from === `${room}/alice` || bare(from) === 'alice@localhost').toBe(true);
      expect(invite.getChildText('reason')).toBe(`come along (${name})`);
      await win.waitForText('Invitations sent to bob@localhost.');
      await expect(win.click('Send invitations')).rejects.toThrow(/no enabled button/);
    });

    it('a link naming 25 people shows the first 20 and says so', async () => {
      const people = Array.from({ length: 25 }, (_, i) => `guest${i + 1}@localhost`);
      const uri = `xmpp:${room}?invite;${people.map((p) => `jid=${p}`).join(';')}`;
      const url = linkPage(rig.http, `/invite-many-${name}.html`, uri, 'invite everyone');
      win = await b.clickLinkIn(url, 'invite everyone');
      await win.waitForText('The link named 25 people; only the first 20 are shown.', SIGN_IN_MS);
      expect((await win.value('People to invite'))?.split('\n')).toEqual(people.slice(0, 20));
    });
  });
}
