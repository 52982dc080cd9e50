/**
 * Nothing lost, nothing twice: a chat window is a guest that leaves the user's offline messages
 * alone and announces nothing; a connection cut before an ack is resumed (XEP-0198) without a
 * duplicate; a server restart is survived without reopening the window; a connection that cannot
 * come back says so, keeps the text, and sends nothing twice.
 *
 * The browser talks to Prosody through a relay (fixtures/ws-relay.ts), so a test can cut,
 * swallow an ack, or refuse reconnection. Timings are printed as `[measure]` lines.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServer, startHttpServer } from './fixtures/http-server.ts';
import { pollUntil, sleep } from './fixtures/net.ts';
import { type Prosody, startProsody } from './fixtures/prosody.ts';
import { type Relay, startRelay } from './fixtures/ws-relay.ts';
import { type Peer, bare, connectPeer } from './fixtures/xmpp-peer.ts';
import { type Evaluator, seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, SIGN_IN_MS, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, BOB_PW, CAROL_PW, USERS, linkPage } from './helpers/suite.ts';

let prosody: Prosody;
let http: HttpServer;
let relay: Relay;
beforeAll(async () => {
  [prosody, http] = await Promise.all([startProsody({ users: USERS }), startHttpServer()]);
  relay = await startRelay({ target: prosody.wsUrl });
});
afterAll(async () => {
  await relay?.stop();
  await Promise.all([http?.stop(), prosody?.stop()]);
});

const figures: Record<string, number[]> = {};
const measure = (what: string, ms: number) => {
  figures[what] = [...(figures[what] ?? []), ms];
  console.log(`[measure] ${what}: ${ms} ms`);
};
afterAll(() => {
  for (const [what, v] of Object.entries(figures)) {
    const s = [...v].sort((a, b) => a - b);
    console.log(`[measure] median ${what}: ${s[Math.floor(s.length / 2)]} ms (n=${s.length}: ${s.join(', ')})`);
  }
});

const bob = (resource: string) => connectPeer({ wsUrl: prosody.wsUrl, username: 'bob@localhost', password: BOB_PW, resource });
const fromAlice = (peer: Peer, body: string) =>
  peer.received.filter((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost' && s.getChildText('body') === body);
const waitFromAlice = (peer: Peer, body: string, since = 0) =>
  peer.waitFor((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost' && s.getChildText('body') === body, 10_000, { since, what: body });
const logText = async (win: ActionWindow) => (await win.roleText('log', /bob@localhost/)) ?? '';
/**
 * The log's live lines: what reached this window's own session. The archive (XEP-0313) may show
 * a stored message as a history line, which reads it without taking it from offline storage.
 */
const liveLines = (win: ActionWindow) =>
  (win.page as unknown as Evaluator).evaluate(() => [...document.querySelectorAll('.chat-entry:not(.history)')].map((e) => e.textContent).join('\n'), undefined);
/** The latest log line for `text` has settled: no "Sending…" on it. */
const delivered = async (win: ActionWindow, text: string) =>
  pollUntil(
    async () => {
      const line = (await logText(win)).split('\n').findLast((l) => l.includes(text));
      return line !== undefined && !/Sending…|not sent|Not confirmed/.test(line);
    },
    { what: `"${text}" shown delivered`, timeoutMs: 20_000 },
  );
const signedIn = /Signed in as alice@localhost/;

for (const name of BROWSERS) {
  describe(`nothing lost in ${name}`, () => {
    const b = useBrowser(name);
    let win: ActionWindow | undefined;
    const peers: Peer[] = [];
    // Runs before useBrowser's own afterEach, which closes the window.
    afterEach(async () => {
      relay.refuse(false);
      if (win) await win.fill('Message', '').catch(() => {}); // no beforeunload question
      win = undefined;
      await Promise.all(peers.splice(0).map((p) => p.stop().catch(() => {})));
    });

    const openChat = async (via: 'relay' | 'direct' = 'relay') => {
      await seedAccount(b.extPage, { id: 'alice', jid: 'alice@localhost', websocketUrl: via === 'relay' ? relay.url : prosody.wsUrl, password: ALICE_PW });
      const url = linkPage(http, `/chat-${name}-${Math.random().toString(36).slice(2, 8)}.html`, 'xmpp:bob@localhost?message;type=chat', 'chat with bob');
      win = await b.clickLinkIn(url, 'chat with bob');
      await win.waitForText(signedIn, SIGN_IN_MS);
      return win;
    };
    const say = async (w: ActionWindow, text: string) => {
      await w.focus('Message');
      await w.type(text);
      await w.press('Enter');
    };

    it('offline messages stored before the window still reach alice\'s own client after it opened and closed; bob sees no presence from it', async () => {
      const desk = await bob(`desk-${name}`);
      peers.push(desk);
      const body = `while you were away (${name})`;
      await desk.sendMessage('alice@localhost', body); // alice has no session: stored offline
      const since = desk.mark();

      const first = relay.frames.length;
      const w = await openChat();
      await sleep(500); // whatever the window would send on its own has gone out by now
      expect(await liveLines(w)).not.toContain(body);
      await w.close();
      win = undefined;
      await sleep(300);
      // Not one presence went out from the window, so none can have reached bob.
      expect(relay.frames.slice(first).filter((e) => e.from === 'client' && e.data.startsWith('<presence'))).toEqual([]);
      expect(desk.received.slice(since).filter((s) => s.is('presence') && bare(s.attrs.from) === 'alice@localhost' && s.attrs.type !== 'unavailable')).toEqual([]);

      const phone = await connectPeer({ wsUrl: prosody.wsUrl, username: 'alice@localhost', password: ALICE_PW, resource: `phone-${name}` });
      peers.push(phone);
      const got = await phone.waitFor((s) => s.is('message') && s.getChildText('body') === body, 10_000, { what: 'the offline message' });
      expect(bare(got.attrs.from)).toBe('bob@localhost');
    });

    it('a cut after the server got a message but before its ack: bob gets it once, the window shows it delivered and goes on', async () => {
      const desk = await bob(`desk-${name}`);
      peers.push(desk);
      const w = await openChat();
      for (let round = 1; round <= 3; round++) {
        const text = `cut ${round} (${name})`;
        const conns = relay.frames.length ? relay.frames.at(-1)!.connection : 0;
        // The server's <a/> for our message is swallowed, then both sides are cut.
        const swallowed = relay.swallowFromServer((t) => /^<a[\s>]/.test(t), { thenCutMs: 0 });
        await say(w, text);
        await waitFromAlice(desk, text);
        await swallowed;
        const cutAt = Date.now();
        await delivered(w, text);
        const resumed = await pollUntil(() => relay.frames.find((e) => e.connection > conns && e.from === 'server' && e.data.startsWith('<resumed')), {
          what: '<resumed/> on a new connection',
        });
        measure('cut → resumed', resumed.at - cutAt);
        await w.waitForText(signedIn, SIGN_IN_MS);

        // The window goes on working on the resumed stream.
        const next = `after cut ${round} (${name})`;
        const since = desk.mark();
        const t0 = Date.now();
        await say(w, next);
        await waitFromAlice(desk, next, since);
        measure('first message after resume (typing it + Enter → bob)', Date.now() - t0);
        await delivered(w, next);
      }
      await sleep(500);
      for (let round = 1; round <= 3; round++) {
        expect(fromAlice(desk, `cut ${round} (${name})`)).toHaveLength(1);
        expect(fromAlice(desk, `after cut ${round} (${name})`)).toHaveLength(1);
      }
    });

    it('a stalled link (open, silent) is given up after the ack wait and resumed: the line is delivered once', async () => {
      const desk = await bob(`desk-${name}`);
      peers.push(desk);
      const w = await openChat();
      const conns = relay.frames.at(-1)!.connection;
      relay.stall(); // the server will not even get the message
      const text = `through a stall (${name})`;
      const t0 = Date.now();
      await say(w, text);
      const resumed = await pollUntil(() => relay.frames.find((e) => e.connection > conns && e.from === 'server' && e.data.startsWith('<resumed')), {
        what: '<resumed/> on a new connection',
        timeoutMs: 25_000,
      });
      measure('stalled send → resumed (includes the 10 s ack wait)', resumed.at - t0);
      await delivered(w, text);
      await sleep(500);
      expect(fromAlice(desk, text)).toHaveLength(1);
    });

    it('messages from others that reach the window are counted, never dropped silently', async () => {
      const first = relay.frames.length;
      const w = await openChat();
      const bound = relay.frames.slice(first).find((e) => e.from === 'server' && e.data.includes('<jid>'))!;
      const full = /<jid>([^<]+)<\/jid>/.exec(bound.data)![1]!;
      const carol = await connectPeer({ wsUrl: prosody.wsUrl, username: 'carol@localhost', password: CAROL_PW, resource: `desk-${name}` });
      peers.push(carol);
      await carol.sendMessage(full, 'hi, carol here');
      await carol.sendMessage(full, 'and again');
      await w.waitForText('2 message(s) from others: read them in your client.');
      expect(await logText(w)).not.toContain('carol here');
    });

    it('server restarted while the window is open: the next message typed is delivered exactly once, without reopening', async () => {
      const w = await openChat();
      const conns = relay.frames.at(-1)!.connection;
      const t0 = Date.now();
      await prosody.restart();
      const upAt = Date.now();
      const enabled = await pollUntil(() => relay.frames.find((e) => e.connection > conns && e.from === 'server' && e.data.startsWith('<enabled')), {
        what: 'a new session bound and enabled',
        timeoutMs: 20_000,
      });
      await w.waitForText(signedIn, 20_000);
      measure('server back → signed in again', enabled.at - upAt);
      measure('server stopped → signed in again (restart and backoff included)', enabled.at - t0);
      console.log(`[measure] (restart itself took ${upAt - t0} ms)`);
      // The old session is gone: resumption was tried and refused before the new bind.
      expect(relay.frames.some((e) => e.connection > conns && e.from === 'server' && e.data.startsWith('<failed'))).toBe(true);

      const desk = await bob(`desk-${name}`); // bob's old connection died with the server
      peers.push(desk);
      const text = `after restart (${name})`;
      const t1 = Date.now();
      await say(w, text);
      await waitFromAlice(desk, text);
      measure('first message after restart (typing it + Enter → bob)', Date.now() - t1);
      await delivered(w, text);
      await sleep(500);
      expect(fromAlice(desk, text)).toHaveLength(1);
    });

    it('server restarted while a room window is open: the window joins the room again and goes on', async () => {
      const room = `restart-${name}@conference.localhost`;
      const owner = await bob(`owner-${name}`);
      peers.push(owner);
      await owner.joinRoom(room, 'bob'); // creates it (rooms are unlocked in the rig)
      await seedAccount(b.extPage, { id: 'alice', jid: 'alice@localhost', websocketUrl: relay.url, password: ALICE_PW });
      const url = linkPage(http, `/room-${name}.html`, `xmpp:${room}?join`, 'join the room');
      const w = await b.clickLinkIn(url, 'join the room');
      win = w;
      await w.waitForText(signedIn, SIGN_IN_MS);
      await pollUntil(async () => (await w.value('Nickname')) === 'alice', { what: 'default nickname' });
      await w.click('Join');
      await owner.waitFor((s) => s.is('presence') && s.attrs.from === `${room}/alice`, 10_000, { what: 'alice in the room' });
      await w.waitForText(`In ${room}`); // the window has its own presence back: it is in

      await prosody.restart(); // the room (not persistent) and every session are gone
      await w.waitForText(signedIn, 20_000);
      const desk = await bob(`desk-${name}`);
      peers.push(desk);
      await desk.joinRoom(room, 'bob');
      await desk.waitFor((s) => s.is('presence') && s.attrs.from === `${room}/alice` && s.attrs.type === undefined, 10_000, {
        what: 'alice back in the room',
      });
      const text = `back in the room (${name})`;
      await w.focus('Message');
      await w.type(text);
      await w.press('Enter');
      await desk.waitFor((s) => s.is('message') && s.attrs.from === `${room}/alice` && s.getChildText('body') === text, 10_000, { what: text });
      await sleep(500);
      expect(desk.received.filter((s) => s.is('message') && s.getChildText('body') === text)).toHaveLength(1);
      expect(await w.text()).not.toMatch(/You are no longer in this room/);
    });

    it('closing a window with unsent text asks first', async () => {
      const w = await openChat();
      await w.focus('Message');
      await w.type('half a thought');
      type Dialog = { type(): string; dismiss(): Promise<void> };
      const page = w.page as unknown as { on(e: 'dialog', fn: (d: Dialog) => void): unknown; close(o: { runBeforeUnload: boolean }): Promise<void> };
      const asked = new Promise<string>((resolve) =>
        page.on('dialog', (d) => {
          resolve(d.type());
          void d.dismiss();
        }),
      );
      await page.close({ runBeforeUnload: true });
      expect(await Promise.race([asked, sleep(5000).then(() => 'no question')])).toBe('beforeunload');
      // Stayed: the window is still there, and so is the text.
      expect(await w.value('Message')).toBe('half a thought');
    });

    it('a connection that cannot come back: a clear message, the text kept, nothing sent twice', async () => {
      const desk = await bob(`desk-${name}`);
      peers.push(desk);
      const w = await openChat();
      const unsure = `unsure (${name})`;
      const typed = `typed while down (${name})`;
      relay.refuse(true);
      const swallowed = relay.swallowFromServer((t) => /^<a[\s>]/.test(t), { thenCutMs: 0 });
      await say(w, unsure);
      await swallowed;
      await w.waitForText(/Reconnecting…/);
      await say(w, typed);
      // After the retries: the connection panel explains, the line in doubt says so with Resend,
      // the one never sent is back in the box.
      await w.waitForText(/Could not reach the server/, 30_000);
      const log = await logText(w);
      expect(log.split('\n').find((l) => l.includes(unsure))).toMatch(/Not confirmed/);
      expect(log.split('\n').find((l) => l.includes(typed))).toMatch(/not sent/);
      expect(await w.value('Message')).toBe(typed);
      expect(fromAlice(desk, unsure)).toHaveLength(1);
      expect(fromAlice(desk, typed)).toHaveLength(0);

      // The network is back; the user signs in again and sends what is in the box, once.
      relay.refuse(false);
      await w.click('Try again');
      await w.waitForText(signedIn, SIGN_IN_MS);
      await w.focus('Message');
      await w.press('Enter');
      await waitFromAlice(desk, typed);
      await delivered(w, typed);
      await sleep(500);
      expect(fromAlice(desk, typed)).toHaveLength(1);
      expect(fromAlice(desk, unsure)).toHaveLength(1);

      // Sending the line in doubt again is the user's call: Resend, with the same id, so the
      // contact's client can tell it is the same message.
      await w.click('Resend');
      await pollUntil(() => fromAlice(desk, unsure).length === 2, { what: 'the resent line' });
      const [first, again] = fromAlice(desk, unsure);
      expect(again!.attrs.id).toBe(first!.attrs.id);
      await delivered(w, unsure);
    });
  });
}
