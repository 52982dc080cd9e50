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

/** A server that answers with `features`, and one that redirects every stream to it. */
async function redirectingServers(features: string) {
  // Node 20 has no global WebSocket; xmpp.js uses the global one, as in a browser.
  vi.stubGlobal('WebSocket', WebSocket);
  const other = await scriptedServer((send) => send(`<stream:features xmlns:stream='http://etherx.jabber.org/streams'>${features}</stream:features>`));
  stops.push(other.stop);
  const first = await scriptedServer((send) =>
    send(
      `<stream:error xmlns:stream='http://etherx.jabber.org/streams'><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>127.0.0.1:${other.port}</see-other-host></stream:error>`,
    ),
  );
  stops.push(first.stop);
  return { first, other };
}

/** The attempt failed as a refused redirect, the other host saw no connection, and no frame held `leak`. */
async function expectNotFollowed(attempt: Promise<unknown>, { first, other }: Awaited<ReturnType<typeof redirectingServers>>, leak: string) {
  const err = await attempt.then(
    () => new Error('went through'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SessionError);
  expect(err).toMatchObject({ code: 'refused', detail: 'see-other-host' });
  await new Promise((r) => setTimeout(r, 300));
  expect(other.connections()).toBe(0);
  expect([...first.received, ...other.received].some((f) => f.includes(leak))).toBe(false);
}

describe('see-other-host (RFC 6120 §4.9.3.19)', () => {
  it('ends the sign-in instead of following the redirect: no connection to the other host, no auth anywhere', async () => {
    const servers = await redirectingServers(`<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>`);
    const attempt = openSession(
      { jid: 'alice@localhost', websocketUrl: servers.first.url },
      { credentials: { get: async () => ({ kind: 'password', password: 'secret-pw' }), save: async () => {} }, timeoutMs: 2000 },
    );
    await expectNotFollowed(attempt, servers, '<auth');
  });
});

describe('see-other-host while creating an account (XEP-0077 before sign-in)', () => {
  it('ends the attempt: the other host never sees a connection, the new password goes nowhere', async () => {
    const servers = await redirectingServers(`<register xmlns='http://jabber.org/features/iq-register'/>`);
    const attempt = createAccount({ domain: 'localhost', username: 'romeo', password: 'new-secret-pw', websocketUrl: servers.first.url, timeoutMs: 2000 });
    await expectNotFollowed(attempt, servers, 'new-secret-pw');
  });
});
