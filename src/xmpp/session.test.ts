import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { SessionError, openSession } from './session.ts';

const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

/** A WebSocket server speaking just enough RFC 7395 to play a scripted XMPP server. */
async function scriptedServer(onOpen: (send: (s: string) => void) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'xmpp' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  let connections = 0;
  const received: string[] = [];
  wss.on('connection', (ws) => {
    connections++;
    ws.on('message', (data) => {
      const text = String(data);
      received.push(text);
      if (text.startsWith('<open')) {
        ws.send(`<open xmlns='${FRAMING}' from='localhost' id='s${connections}' version='1.0'/>`);
        onOpen((s) => ws.send(s));
      } else if (text.startsWith('<close')) {
        ws.send(`<close xmlns='${FRAMING}'/>`);
        ws.close();
      }
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/xmpp-websocket`,
    port,
    received,
    connections: () => connections,
    stop: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

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
