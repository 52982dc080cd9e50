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

const streamFeatures = (inner: string) => `<stream:features xmlns:stream='http://etherx.jabber.org/streams'>${inner}</stream:features>`;
const PLAIN_ONLY = `<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>`;

/** alice signing in at `url` with a stored password. */
const signInAsAlice = (url: string) =>
  openSession(
    { jid: 'alice@localhost', websocketUrl: url },
    { credentials: { get: async () => ({ kind: 'password', password: 'secret-pw' }), save: async () => {} }, timeoutMs: 2000 },
  );

/** A server that answers with `features`, and one that redirects every stream to it. */
async function redirectingServers(features: string) {
  // Node 20 has no global WebSocket; xmpp.js uses the global one, as in a browser.
  vi.stubGlobal('WebSocket', WebSocket);
  const other = await scriptedServer((send) => send(streamFeatures(features)));
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
    const servers = await redirectingServers(PLAIN_ONLY);
    const attempt = signInAsAlice(servers.first.url);
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

/**
 * A server that takes PLAIN and binds, offering `boundFeatures(n)` beside <bind/> on its n-th
 * connection (from 1) after SASL; with the session signed in to it.
 */
async function signedIn(boundFeatures: (connection: number) => string) {
  vi.stubGlobal('WebSocket', WebSocket);
  let opens = 0;
  const server = await scriptedServer(
    (send) => {
      opens++;
      send(
        opens % 2 === 1
          ? streamFeatures(PLAIN_ONLY)
          : streamFeatures(`<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>${boundFeatures(opens / 2)}`),
      );
    },
    (frame, send) => {
      if (frame.startsWith('<auth')) send(`<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>`);
      const id = /<iq[^>]* id="([^"]+)"/.exec(frame)?.[1];
      if (id && frame.includes('xmpp-bind')) {
        send(`<iq xmlns='jabber:client' type='result' id='${id}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/r</jid></bind></iq>`);
      }
    },
  );
  stops.push(server.stop);
  return { server, session: await signInAsAlice(server.url) };
}

const PRE_APPROVAL = `<sub xmlns='urn:xmpp:features:pre-approval'/>`;

describe('pre-approval (RFC 6121 §3.4.1)', () => {
  it('is taken only where the bound stream offers <sub xmlns="urn:xmpp:features:pre-approval"/>', async () => {
    const offered = await signedIn(() => PRE_APPROVAL);
    expect(offered.session.preApproval).toBe(true);
    await offered.session.close();
    const plain = await signedIn(() => '');
    expect(plain.session.jid).toBe('alice@localhost/r');
    expect(plain.session.preApproval).toBe(false);
    await plain.session.close();
  });

  it('follows the stream after a reconnect: a server that stopped offering it gets none', async () => {
    const { server, session } = await signedIn((n) => (n === 1 ? PRE_APPROVAL : ''));
    expect(session.preApproval).toBe(true);
    const back = new Promise<string>((resolve) => session.onLink((state) => state !== 'reconnecting' && resolve(state)));
    server.drop();
    expect(await back).toBe('rebound');
    expect(session.preApproval).toBe(false);
    await session.close();
  });
});
