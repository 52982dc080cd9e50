/**
 * `subscribe` and `roster` end to end: a jabber file link (or an xmpp: link) opens the action
 * window signed in as alice; Name/Group → "Add contact" puts the item into alice's roster (seen
 * by alice's second, Node resource) and sends bob a subscription request; bob's answer shows in
 * the window. Also: a contact already approved is recognised, and `?roster` prefills and follows
 * a refusal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pollUntil, sleep } from './fixtures/net.ts';
import { bare, xml } from './fixtures/xmpp-peer.ts';
import { type Evaluator, seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, SIGN_IN_MS, shareBrowsers, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, account, jabberFilePage, linkPage, SERVERS_KEEPING_SALT, useSuite } from './helpers/suite.ts';

const NS_ROSTER = 'jabber:iq:roster';

// One Chromium and one Firefox for every server below (helpers/browser.ts shareBrowsers).
const shared = shareBrowsers();

describe.each(SERVERS_KEEPING_SALT)('on %s', (server) => {
  // aliceNode (alice's second, Node resource) sees the roster pushes the window's actions cause.
  const rig = useSuite({ server, peers: ['bob', 'carol', 'aliceNode'] });

  const isSubscribeFromAlice = (s: { is(n: string): boolean; attrs: Record<string, string> }) =>
    s.is('presence') && s.attrs.type === 'subscribe' && bare(s.attrs.from) === 'alice@localhost';

  async function aliceRosterItem(jid: string) {
    const items = await rig.aliceNode.getRoster();
    return items.find((i) => i.attrs.jid === jid);
  }

  for (const name of BROWSERS) {
    describe(`subscribe in ${name}`, () => {
      const b = useBrowser(name, { shared });
      let win: ActionWindow | undefined;
      beforeAll(async () => {
        // A clean slate for this browser: alice has neither bob nor carol, and they have no
        // request from her pending. Removal cancels the subscriptions both ways (RFC 6121 §2.5.2),
        // but ejabberd keeps the contact's pending-in from a request never answered and then
        // does not deliver the same request again: so both sides remove.
        const remove = (peer: typeof rig.bob, jid: string) =>
          peer.iq.set(xml('query', { xmlns: NS_ROSTER }, xml('item', { jid, subscription: 'remove' }))).catch((e: { condition?: string }) => {
            if (e.condition !== 'item-not-found') throw e; // not there: nothing to remove
          });
        for (const jid of ['bob@localhost', 'carol@localhost']) await remove(rig.aliceNode, jid);
        await remove(rig.bob, 'alice@localhost');
        await remove(rig.carol, 'alice@localhost');
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
      });

      it('jabber file → Name, Group, Add contact: roster item set, bob asked, and bob approving shows', async () => {
        const url = jabberFilePage(rig.http, `sub-${name}`, "<jabber><subscribe jid='bob@localhost'/></jabber>");
        win = await b.clickLinkIn(url, `open sub-${name}`);
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        expect(await win.focused()).toBe('Name');
        const bobSince = rig.bob.mark();
        const aliceSince = rig.aliceNode.mark();
        await win.fill('Name', `Bob ${name}`);
        await win.fill('Group', 'Friends');
        await win.click('Add contact');

        const request = await rig.bob.waitFor(isSubscribeFromAlice, 10_000, { since: bobSince, what: 'subscribe from alice' });
        // Addressed to the bare JID; ejabberd delivers it with bob's full JID in `to`.
        expect(bare(request.attrs.to)).toBe('bob@localhost');
        // The roster set came first: alice's other resource got the push with name and group.
        await rig.aliceNode.waitFor(
          (s) => s.is('iq') && s.attrs.type === 'set' && !!s.getChild('query', NS_ROSTER)?.getChildren('item').some((i) => i.attrs.jid === 'bob@localhost'),
          10_000,
          { since: aliceSince, what: 'roster push for bob' },
        );
        const item = await aliceRosterItem('bob@localhost');
        expect(item?.attrs.name).toBe(`Bob ${name}`);
        expect(item?.getChildren('group').map((g) => g.text())).toEqual(['Friends']);
        await win.waitForText('Waiting for bob@localhost to answer');
        // Nothing sent twice: the button stays disabled while the request is out.
        await expect(win.click('Add contact')).rejects.toThrow(/no enabled button/);

        await rig.bob.send(xml('presence', { to: 'alice@localhost', type: 'subscribed' }));
        await win.waitForText('bob@localhost accepted your request.');
        await sleep(300);
        expect(rig.bob.received.slice(bobSince).filter(isSubscribeFromAlice)).toHaveLength(1);
        expect((await aliceRosterItem('bob@localhost'))?.attrs.subscription).toMatch(/^(to|both)$/);
        await b.closeWindows();
      });

      it('already a contact: the window says so and sends no new request', async () => {
        const url = linkPage(rig.http, `/again-${name}.html`, 'xmpp:bob@localhost?subscribe', 'add bob again');
        const bobSince = rig.bob.mark();
        win = await b.clickLinkIn(url, 'add bob again');
        await win.waitForText('bob@localhost is already in your contacts.', SIGN_IN_MS);
        // Prefilled from the roster, and the button now only saves name and group.
        expect(await win.value('Name')).toBe(`Bob ${name}`);
        expect(await win.value('Group')).toBe('Friends');
        await win.fill('Name', `Bobby ${name}`);
        await win.click('Save');
        await win.waitForText('Saved the name and group of bob@localhost.');
        expect((await aliceRosterItem('bob@localhost'))?.attrs.name).toBe(`Bobby ${name}`);
        await sleep(300);
        expect(rig.bob.received.slice(bobSince).filter(isSubscribeFromAlice)).toHaveLength(0);
        await b.closeWindows();
      });

      it('?roster prefills Name and Group, offers existing groups, and shows a refusal', async () => {
        const url = linkPage(rig.http, `/roster-${name}.html`, 'xmpp:carol@localhost?roster;name=Carol+C;group=Work', 'add carol');
        win = await b.clickLinkIn(url, 'add carol');
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        expect(await win.value('Name')).toBe('Carol C');
        expect(await win.value('Group')).toBe('Work');
        // The roster's groups are offered as suggestions (a datalist on the Group box). The roster
        // is read after "Signed in as" is shown, so the suggestions may come a moment later.
        const page = win.page as unknown as Evaluator;
        const offered = await pollUntil(
          () => page.evaluate(() => {
            const input = [...document.querySelectorAll('label')].find((l) => l.textContent === 'Group');
            const box = input && (document.getElementById(input.htmlFor) as HTMLInputElement);
            const values = box?.list ? [...box.list.options].map((o) => o.value) : [];
            return values.length ? values : undefined;
          }, undefined),
          { what: 'the roster groups offered on the Group box' },
        );
        expect(offered).toContain('Friends');
        const since = rig.carol.mark();
        await win.click('Add contact');
        await rig.carol.waitFor(isSubscribeFromAlice, 10_000, { since, what: 'subscribe from alice' });
        await rig.carol.send(xml('presence', { to: 'alice@localhost', type: 'unsubscribed' }));
        await win.waitForText('carol@localhost declined your request.');
        const item = await aliceRosterItem('carol@localhost');
        expect(item?.attrs.name).toBe('Carol C');
        expect(item?.getChildren('group').map((g) => g.text())).toEqual(['Work']);
        await b.closeWindows();
      });

      it('an invitation (?roster;preauth=…) promises contacts both ways only where the server takes pre-approvals', async () => {
        // Prosody offers <sub xmlns='urn:xmpp:features:pre-approval'/>, ejabberd 23.01 does not
        // (RFC 6121 §3.4.1): there the window sends no pre-approval and says only what happened.
        const preApproval = rig.server.name === 'prosody';
        const note = 'An invitation from carol@localhost: adding them also lets them see when you are online.';
        const url = linkPage(rig.http, `/invited-${name}.html`, 'xmpp:carol@localhost?roster;preauth=pr3auth', 'carol invites');
        win = await b.clickLinkIn(url, 'carol invites');
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        const w = win;
        await pollUntil(async () => (await w.text()).includes(note) === preApproval || undefined, { what: 'the invitation note to stay or go' });
        const since = rig.carol.mark();
        await win.click('Add contact');
        await rig.carol.waitFor(isSubscribeFromAlice, 10_000, { since, what: 'subscribe from alice' });
        await rig.carol.send(xml('presence', { to: 'alice@localhost', type: 'subscribed' }));
        await win.waitForText(preApproval ? 'carol@localhost accepted the invitation: you are now contacts.' : 'carol@localhost accepted your request.');
        expect((await win.text()).includes(note)).toBe(preApproval);
        await b.closeWindows();
      });
    });
  }
});
