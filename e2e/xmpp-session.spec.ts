// openSession (src/xmpp/session.ts) against a real Prosody 0.12 with mod_smacks on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Prosody, startProsody } from './fixtures/prosody.ts';
import { type Peer, bare, connectPeer, xml } from './fixtures/xmpp-peer.ts'; // also installs ws as globalThis.WebSocket
import { freePort } from './fixtures/net.ts';
import { type CredentialStore, type ProgressStep, type Secret, SessionError, openSession } from '../src/xmpp/session.ts';

function memoryStore(initial?: Secret): CredentialStore & { saved: Secret[]; current: Secret | undefined } {
  const store = {
    saved: [] as Secret[],
    current: initial,
    async get() {
      return store.current;
    },
    async save(secret: Secret) {
      store.saved.push(secret);
      store.current = secret;
    },
  };
  return store;
}

async function failure(p: Promise<unknown>): Promise<SessionError> {
  const err = await p.then(
    (s) => {
      void (s as { close?: () => Promise<void> }).close?.();
      return new Error('expected openSession to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SessionError);
  return err as SessionError;
}

describe('openSession against Prosody', () => {
  let prosody: Prosody;
  let bob: Peer;

  beforeAll(async () => {
    prosody = await startProsody({
      users: [
        { user: 'alice', password: 'alice-pw' },
        { user: 'bob', password: 'bob-pw' },
        { user: 'carol', password: 'carol-pw' },
      ],
    });
    bob = await connectPeer({ wsUrl: prosody.wsUrl, username: `bob@${prosody.domain}`, password: 'bob-pw' });
  });
  afterAll(async () => {
    await bob?.stop();
    await prosody?.stop();
  });

  const account = () => ({ jid: `alice@${prosody.domain}`, websocketUrl: prosody.wsUrl });

  it('signs in with SCRAM-SHA-1 from the password and stores keys, never the password', async () => {
    const store = memoryStore({ kind: 'password', password: 'alice-pw' });
    const steps: ProgressStep[] = [];
    const session = await openSession(account(), { credentials: store, onProgress: (s) => steps.push(s) });
    try {
      expect(steps).toEqual(['connecting', 'signing-in', 'binding', 'ready']);
      expect(session.mechanism).toBe('SCRAM-SHA-1'); // Prosody 0.12 offers SCRAM-SHA-1 and PLAIN
      expect(bare(session.jid)).toBe('alice@localhost');
      expect(session.jid).toMatch(/\/.+/);
      expect(session.endpoint).toBe(prosody.wsUrl);
      expect(store.saved).toHaveLength(1);
      const saved = store.saved[0]!;
      expect(saved.kind).toBe('scram-keys');
      expect(JSON.stringify(saved)).not.toContain('alice-pw');
      expect(saved).toMatchObject({ mechanism: 'SCRAM-SHA-1', iterations: 10000 });
    } finally {
      await session.close();
    }
  });

  it('signs in again from the stored keys alone', async () => {
    const first = memoryStore({ kind: 'password', password: 'alice-pw' });
    await (await openSession(account(), { credentials: first })).close();
    const keysOnly = memoryStore(first.saved[0]);
    const session = await openSession(account(), { credentials: keysOnly });
    expect(session.mechanism).toBe('SCRAM-SHA-1');
    expect(keysOnly.saved).toHaveLength(0);
    await session.close();
  });

  it('enables stream management before it resolves, and survives presence sent at once', async () => {
    const session = await openSession(account(), { credentials: memoryStore({ kind: 'password', password: 'alice-pw' }) });
    try {
      expect(session.streamManagement).toBe(true);
      let closed = false;
      session.onClosed(() => {
        closed = true;
      });
      // What killed the stream with stock xmpp.js: initial presence right after `online`.
      await session.send(xml('presence'));
      await session.send(xml('iq', { type: 'get', id: 'roster1' }, xml('query', { xmlns: 'jabber:iq:roster' })));
      // Draw several stanzas and an ack request from the server, then prove the stream lives.
      for (let i = 0; i < 3; i++) await bob.sendMessage(session.jid, `ping ${i}`, { type: 'chat' });
      await session.send(xml('r', { xmlns: 'urn:xmpp:sm:3' }));
      await new Promise((r) => setTimeout(r, 500));
      const pong = await session.iq(xml('iq', { type: 'get', to: prosody.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
      expect(pong.attrs.type).toBe('result');
      expect(closed).toBe(false);
      expect(prosody.logTail(400)).not.toMatch(/acknowledged more stanzas/);
    } finally {
      await session.close();
    }
  });

  it('delivers a message to another user and receives the reply', async () => {
    const session = await openSession(account(), { credentials: memoryStore({ kind: 'password', password: 'alice-pw' }) });
    try {
      const replies: string[] = [];
      session.onStanza((st) => {
        if (st.name === 'message' && st.getChildText('body')) replies.push(st.getChildText('body')!);
      });
      await session.send(xml('presence'));
      const mark = bob.mark();
      await session.send(xml('message', { to: bob.jid, type: 'chat', id: 'm1' }, xml('body', {}, 'hello bob')));
      const got = await bob.waitFor((s) => s.name === 'message' && s.getChildText('body') === 'hello bob', 5000, { since: mark });
      expect(bare(got.attrs.from)).toBe('alice@localhost');
      await bob.sendMessage(session.jid, 'hello alice', { type: 'chat' });
      await expect.poll(() => replies, { timeout: 5000 }).toContain('hello alice');
    } finally {
      await session.close();
    }
  });

  it('reports a wrong password as auth-failed', async () => {
    const err = await failure(openSession(account(), { credentials: memoryStore({ kind: 'password', password: 'nope' }) }));
    expect(err.code).toBe('auth-failed');
    expect(err.detail).toBe('not-authorized');
  });

  it('asks for the password when no secret is stored', async () => {
    const err = await failure(openSession(account(), { credentials: memoryStore() }));
    expect(err.code).toBe('password-needed');
  });

  it('stops, asking for nothing, when the stored keys are stale (password changed: new salt)', async () => {
    const store = memoryStore({ kind: 'password', password: 'carol-pw' });
    await (await openSession({ ...account(), jid: 'carol@localhost' }, { credentials: store })).close();
    await prosody.register('carol', 'carol-new-pw'); // new salt, new keys
    const err = await failure(openSession({ ...account(), jid: 'carol@localhost' }, { credentials: memoryStore(store.current) }));
    // A new salt could as well be a server fishing for the password: re-save in the options page.
    expect(err.code).toBe('server-keys-changed');
  });

  it('reports a closed port as unreachable, quickly', async () => {
    const port = await freePort();
    const t0 = Date.now();
    const err = await failure(
      openSession({ ...account(), websocketUrl: `ws://127.0.0.1:${port}/xmpp-websocket` }, {
        credentials: memoryStore({ kind: 'password', password: 'alice-pw' }),
      }),
    );
    expect(err.code).toBe('unreachable');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('reports a WebSocket path that does not exist as refused with the HTTP status', async () => {
    const url = new URL(prosody.wsUrl);
    url.pathname = '/no-such-endpoint';
    const err = await failure(
      openSession({ ...account(), websocketUrl: url.href }, { credentials: memoryStore({ kind: 'password', password: 'alice-pw' }) }),
    );
    expect(err.code).toBe('refused');
    expect(err.detail).toMatch(/^HTTP 4\d\d$/);
  });

  it('reports an unknown domain on the server as refused (stream error host-unknown)', async () => {
    const err = await failure(
      openSession({ jid: 'alice@nowhere.test', websocketUrl: prosody.wsUrl }, {
        credentials: memoryStore({ kind: 'password', password: 'alice-pw' }),
      }),
    );
    expect(err.code).toBe('refused');
    expect(err.detail).toBe('host-unknown');
  });
});
