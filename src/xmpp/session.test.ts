import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createAccount } from './account-creation.ts';
import { SessionError, openSession } from './session.ts';
import { scriptedServer } from './test-ws-server.ts';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
  vi.unstubAllGlobals();
});

describe('see-other-host (RFC 6120 §4.9.3.19)', () => {
  it('ends the sign-in instead of following the redirect: no connection to the other host, no auth anywhere', async () => {
    // Node 20 has no global WebSocket; xmpp.js uses the global one, as in a browser.
    vi.stubGlobal('WebSocket', WebSocket);
    const other = await scriptedServer((send) =>
      send(`<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>`),
    );
    stops.push(other.stop);
    const first = await scriptedServer((send) =>
      send(
        `<stream:error xmlns:stream='http://etherx.jabber.org/streams'><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>127.0.0.1:${other.port}</see-other-host></stream:error>`,
      ),
    );
    stops.push(first.stop);
    const attempt = openSession(
      { jid: 'alice@localhost', websocketUrl: first.url },
      { credentials: { get: async () => ({ kind: 'password', password: 'secret-pw' }), save: async () => {} }, timeoutMs: 2000 },
    );
    const err = await attempt.then(
      () => new Error('signed in'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SessionError);
    expect(err).toMatchObject({ code: 'refused', detail: 'see-other-host' });
    await new Promise((r) => setTimeout(r, 300));
    expect(other.connections()).toBe(0);
    expect([...first.received, ...other.received].some((f) => f.includes('<auth'))).toBe(false);
  });
});

describe('see-other-host while creating an account (XEP-0077 before sign-in)', () => {
  it('ends the attempt: the other host never sees a connection, the new password goes nowhere', async () => {
    vi.stubGlobal('WebSocket', WebSocket);
    const other = await scriptedServer((send) =>
      send(`<stream:features xmlns:stream='http://etherx.jabber.org/streams'><register xmlns='http://jabber.org/features/iq-register'/></stream:features>`),
    );
    stops.push(other.stop);
    const first = await scriptedServer((send) =>
      send(
        `<stream:error xmlns:stream='http://etherx.jabber.org/streams'><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>127.0.0.1:${other.port}</see-other-host></stream:error>`,
      ),
    );
    stops.push(first.stop);
    const err = await createAccount({ domain: 'localhost', username: 'romeo', password: 'new-secret-pw', websocketUrl: first.url, timeoutMs: 2000 }).then(
      () => new Error('created'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SessionError);
    expect(err).toMatchObject({ code: 'refused', detail: 'see-other-host' });
    await new Promise((r) => setTimeout(r, 300));
    expect(other.connections()).toBe(0);
    expect([...first.received, ...other.received].some((f) => f.includes('new-secret-pw'))).toBe(false);
  });
});
