/**
 * `unsubscribe` and `remove` end to end: an xmpp: link opens the action window signed in as
 * alice; it explains what will happen and sends nothing until the click.
 * - unsubscribe (XEP-0147: stop receiving the contact's presence): bob, whom alice is subscribed
 *   to, receives `<presence type='unsubscribe'>` from alice only after "Stop sharing presence".
 * - remove (RFC 6121 §2.5): bob is in alice's roster (set by alice's Node resource); after
 *   "Remove contact" he is gone from the roster as alice's Node resource reads it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pollUntil, sleep } from './fixtures/net.ts';
import { bare, xml } from './fixtures/xmpp-peer.ts';
import { seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, SIGN_IN_MS, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, account, linkPage, useSuite } from './helpers/suite.ts';

const NS_ROSTER = 'jabber:iq:roster';

// aliceNode (alice's second, Node resource) sets up and reads alice's roster.
const rig = useSuite({ peers: ['bob', 'aliceNode'] });

const isUnsubscribeFromAlice = (s: { is(n: string): boolean; attrs: Record<string, string> }) =>
  s.is('presence') && s.attrs.type === 'unsubscribe' && bare(s.attrs.from) === 'alice@localhost';

async function aliceRosterItem(jid: string) {
  return (await rig.aliceNode.getRoster()).find((i) => i.attrs.jid === jid);
}

/** alice subscribes to bob and bob approves, so alice's roster shows bob as "to" (or "both"). */
async function aliceFollowsBob(): Promise<void> {
  const since = rig.bob.mark();
  await rig.aliceNode.send(xml('presence', { to: 'bob@localhost', type: 'subscribe' }));
  await rig.bob.waitFor((s) => s.is('presence') && s.attrs.type === 'subscribe' && bare(s.attrs.from) === 'alice@localhost', 10_000, { since });
  await rig.bob.send(xml('presence', { to: 'alice@localhost', type: 'subscribed' }));
  await pollUntil(async () => /^(to|both)$/.test(String((await aliceRosterItem('bob@localhost'))?.attrs.subscription)) || undefined, {
    timeoutMs: 10_000,
    intervalMs: 200,
    what: 'alice subscribed to bob',
  });
}

for (const name of BROWSERS) {
  describe(`unsubscribe and remove in ${name}`, () => {
    const b = useBrowser(name);
    let win: ActionWindow | undefined;
    beforeAll(async () => {
      await seedAccount(b.extPage, account(rig.prosody, ALICE_PW));
    });

    it('?unsubscribe: explains, sends nothing before the click, then exactly one unsubscribe', async () => {
      await aliceFollowsBob();
      const url = linkPage(rig.http, `/unsub-${name}.html`, 'xmpp:bob@localhost?unsubscribe', 'unsubscribe bob');
      const since = rig.bob.mark();
      win = await b.clickLinkIn(url, 'unsubscribe bob');
      await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      await win.waitForText('Stop receiving the online status of bob@localhost');
      await sleep(500);
      expect(rig.bob.received.slice(since).filter(isUnsubscribeFromAlice)).toHaveLength(0);
      await win.click('Stop sharing presence');
      const got = await rig.bob.waitFor(isUnsubscribeFromAlice, 10_000, { since, what: 'unsubscribe from alice' });
      expect(got.attrs.to).toBe('bob@localhost');
      await win.waitForText('You no longer receive the online status of bob@localhost.');
      await expect(win.click('Stop sharing presence')).rejects.toThrow(/no enabled button/);
      await sleep(300);
      expect(rig.bob.received.slice(since).filter(isUnsubscribeFromAlice)).toHaveLength(1);
    });

    it('?remove: bob is in the roster, "Remove contact" takes him out', async () => {
      await rig.aliceNode.iq.set(xml('query', { xmlns: NS_ROSTER }, xml('item', { jid: 'bob@localhost', name: 'Bob' })));
      expect(await aliceRosterItem('bob@localhost')).toBeDefined();
      const url = linkPage(rig.http, `/remove-${name}.html`, 'xmpp:bob@localhost?remove', 'remove bob');
      win = await b.clickLinkIn(url, 'remove bob');
      await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      await win.waitForText('Remove bob@localhost from your contacts.');
      await sleep(500);
      expect(await aliceRosterItem('bob@localhost')).toBeDefined();
      await win.click('Remove contact');
      await win.waitForText('Removed bob@localhost from your contacts.');
      expect(await aliceRosterItem('bob@localhost')).toBeUndefined();
    });
  });
}
