/**
 * `unsubscribe` and `remove` end to end: an xmpp: link opens the action window signed in as
 * alice; it explains what will happen and sends nothing until the click.
 * - unsubscribe (XEP-0147: stop receiving the contact's presence): bob, whom alice is subscribed
 *   to, receives `<presence type='unsubscribe'>` from alice only after "Stop sharing presence".
 * - remove (RFC 6121 §2.5): bob is in alice's roster (set by alice's Node resource); after
 *   "Remove contact" he is gone from the roster as alice's Node resource reads it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServer, startHttpServer } from './fixtures/http-server.ts';
import { pollUntil, sleep } from './fixtures/net.ts';
import { type Prosody, startProsody } from './fixtures/prosody.ts';
import { type Peer, bare, connectPeer, xml } from './fixtures/xmpp-peer.ts';
import { seedAccount } from './helpers/account.ts';
import type { ActionWindow, BrowserDriver } from './helpers/action-window.ts';
import { ALICE_PW, BOB_PW, USERS, account, launch, linkPage } from './helpers/suite.ts';

const NS_ROSTER = 'jabber:iq:roster';
/** Measured: right after launch, Firefox takes up to ~8 s to open its first WebSocket. */
const SIGN_IN_MS = 30_000;

let prosody: Prosody;
let http: HttpServer;
let bob: Peer;
/** alice's second resource (Node): sets up and reads alice's roster. */
let aliceNode: Peer;
beforeAll(async () => {
  [prosody, http] = await Promise.all([startProsody({ users: USERS }), startHttpServer()]);
  // Both fetch the roster first (connectPeer's default): Prosody only delivers subscription
  // stanzas and roster pushes to sessions that did.
  [bob, aliceNode] = await Promise.all([
    connectPeer({ wsUrl: prosody.wsUrl, username: 'bob@localhost', password: BOB_PW, resource: 'desk' }),
    connectPeer({ wsUrl: prosody.wsUrl, username: 'alice@localhost', password: ALICE_PW, resource: 'node', presence: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([bob?.stop(), aliceNode?.stop()]);
  await Promise.all([http?.stop(), prosody?.stop()]);
});

const isUnsubscribeFromAlice = (s: { is(n: string): boolean; attrs: Record<string, string> }) =>
  s.is('presence') && s.attrs.type === 'unsubscribe' && bare(s.attrs.from) === 'alice@localhost';

async function aliceRosterItem(jid: string) {
  return (await aliceNode.getRoster()).find((i) => i.attrs.jid === jid);
}

/** alice subscribes to bob and bob approves, so alice's roster shows bob as "to" (or "both"). */
async function aliceFollowsBob(): Promise<void> {
  const since = bob.mark();
  await aliceNode.send(xml('presence', { to: 'bob@localhost', type: 'subscribe' }));
  await bob.waitFor((s) => s.is('presence') && s.attrs.type === 'subscribe' && bare(s.attrs.from) === 'alice@localhost', 10_000, { since });
  await bob.send(xml('presence', { to: 'alice@localhost', type: 'subscribed' }));
  await pollUntil(async () => /^(to|both)$/.test(String((await aliceRosterItem('bob@localhost'))?.attrs.subscription)) || undefined, {
    timeoutMs: 10_000,
    intervalMs: 200,
    what: 'alice subscribed to bob',
  });
}

for (const name of ['chromium', 'firefox'] as const) {
  describe(`unsubscribe and remove in ${name}`, () => {
    let b: BrowserDriver;
    let win: ActionWindow | undefined;
    beforeAll(async () => {
      b = await launch(name);
      await seedAccount(b.extPage, account(prosody, ALICE_PW));
    });
    afterAll(() => b?.stop());

    const closeWindow = async () => {
      await win?.close();
      win = undefined;
      await sleep(200);
    };
    afterEach(closeWindow);

    it('?unsubscribe: explains, sends nothing before the click, then exactly one unsubscribe', async () => {
      await aliceFollowsBob();
      const url = linkPage(http, `/unsub-${name}.html`, 'xmpp:bob@localhost?unsubscribe', 'unsubscribe bob');
      const since = bob.mark();
      win = await b.clickLinkIn(url, 'unsubscribe bob');
      await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      await win.waitForText('Stop receiving the online status of bob@localhost');
      await sleep(500);
      expect(bob.received.slice(since).filter(isUnsubscribeFromAlice)).toHaveLength(0);
      await win.click('Stop sharing presence');
      const got = await bob.waitFor(isUnsubscribeFromAlice, 10_000, { since, what: 'unsubscribe from alice' });
      expect(got.attrs.to).toBe('bob@localhost');
      await win.waitForText('You no longer receive the online status of bob@localhost.');
      await expect(win.click('Stop sharing presence')).rejects.toThrow(/no enabled button/);
      await sleep(300);
      expect(bob.received.slice(since).filter(isUnsubscribeFromAlice)).toHaveLength(1);
    });

    it('?remove: bob is in the roster, "Remove contact" takes him out', async () => {
      await aliceNode.iq.set(xml('query', { xmlns: NS_ROSTER }, xml('item', { jid: 'bob@localhost', name: 'Bob' })));
      expect(await aliceRosterItem('bob@localhost')).toBeDefined();
      const url = linkPage(http, `/remove-${name}.html`, 'xmpp:bob@localhost?remove', 'remove bob');
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
