import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { probeServerFirst } from './salt-probe.ts';
import { saltChanged } from './scram.ts';
import { scriptedServer } from './test-ws-server.ts';

const FEATURES = (...mechs: string[]) =>
  `<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>${mechs
    .map((m) => `<mechanism>${m}</mechanism>`)
    .join('')}</mechanisms></stream:features>`;

/** A server that answers every SCRAM start with a server-first using `salt()` for its salt. */
async function scramServer(salt: () => string, mechs = ['SCRAM-SHA-256', 'PLAIN']) {
  const frames: string[] = [];
  const server = await scriptedServer(
    (send) => send(FEATURES(...mechs)),
    (frame, send) => {
      frames.push(frame);
      const auth = /^<auth[^>]*>([^<]*)<\/auth>$/.exec(frame);
      if (!auth) return;
      const nonce = /r=([^,]*)/.exec(Buffer.from(auth[1]!, 'base64').toString())![1];
      const serverFirst = `r=${nonce}SRV,s=${salt()},i=4096`;
      send(`<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>${Buffer.from(serverFirst).toString('base64')}</challenge>`);
    },
  );
  stops.push(server.stop);
  return { ...server, frames };
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
  vi.unstubAllGlobals();
});

describe('probeServerFirst', () => {
  it('reads the server-first of a second SCRAM start and leaves without a proof', async () => {
    vi.stubGlobal('WebSocket', WebSocket);
    const server = await scramServer(() => 'QSXCR+Q6sek8bf92');
    const sf = await probeServerFirst(server.url, 'alice@localhost', 'SCRAM-SHA-256');
    expect(sf).toMatch(/^r=.+SRV,s=QSXCR\+Q6sek8bf92,i=4096$/);
    await vi.waitFor(() => expect(server.frames.some((f) => f.startsWith('<abort'))).toBe(true));
    expect(server.frames.filter((f) => f.startsWith('<response'))).toEqual([]);
    expect(server.frames[0]).toMatch(/^<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>/);
  });

  it('tells a server with a fixed salt from one that makes up a new salt each time', async () => {
    vi.stubGlobal('WebSocket', WebSocket);
    const fixed = await scramServer(() => 'QSXCR+Q6sek8bf92');
    const a = await probeServerFirst(fixed.url, 'alice@localhost', 'SCRAM-SHA-256');
    const b = await probeServerFirst(fixed.url, 'alice@localhost', 'SCRAM-SHA-256');
    expect(saltChanged(a, b)).toBe(false);
    const fresh = await scramServer(() => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64'));
    const c = await probeServerFirst(fresh.url, 'alice@localhost', 'SCRAM-SHA-256');
    const d = await probeServerFirst(fresh.url, 'alice@localhost', 'SCRAM-SHA-256');
    expect(saltChanged(c, d)).toBe(true);
  });

  it('fails when the mechanism is not offered, sending no <auth>', async () => {
    vi.stubGlobal('WebSocket', WebSocket);
    const server = await scramServer(() => 'QSXCR+Q6sek8bf92', ['PLAIN']);
    await expect(probeServerFirst(server.url, 'alice@localhost', 'SCRAM-SHA-256')).rejects.toThrow(/not offered/);
    expect(server.frames.some((f) => f.startsWith('<auth'))).toBe(false);
  });
});
