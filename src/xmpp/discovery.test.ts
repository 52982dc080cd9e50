import { describe, expect, it } from 'vitest';
import {
  DiscoveryError,
  discoverWebSocket,
  isLocalHost,
  isSecureEndpoint,
  parseHostMetaJson,
  parseHostMetaXml,
  pickEndpoint,
} from './discovery.ts';

const xrd = (...links: string[]) =>
  `<?xml version='1.0' encoding='utf-8'?>
<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>
  <Link rel="urn:xmpp:alt-connections:xbosh" href="https://example.org/http-bind" />
  ${links.map((href) => `<Link rel="urn:xmpp:alt-connections:websocket" href="${href}" />`).join('\n')}
</XRD>`;

const jrd = (...links: string[]) =>
  JSON.stringify({
    links: [
      { rel: 'urn:xmpp:alt-connections:xbosh', href: 'https://example.org/http-bind' },
      ...links.map((href) => ({ rel: 'urn:xmpp:alt-connections:websocket', href })),
    ],
  });

type Routes = Record<string, string | number | 'hang'>;

/** A fake fetch: URL → body (200), status code, or 'hang' (never answers until aborted). */
function fakeFetch(routes: Routes, seen: string[] = []): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    seen.push(url);
    const r = routes[url];
    if (r === 'hang') {
      return new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    }
    if (r === undefined) throw new TypeError('fetch failed');
    if (typeof r === 'number') return new Response('', { status: r });
    return new Response(r, { status: 200 });
  }) as typeof fetch;
}

async function codeOf(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DiscoveryError);
  return (e as DiscoveryError).code;
}

describe('host-meta parsing', () => {
  it('reads WebSocket links from XRD and ignores other relations', () => {
    expect(parseHostMetaXml(xrd('wss://example.org/ws'))).toEqual(['wss://example.org/ws']);
  });
  it('reads WebSocket links from JRD', () => {
    expect(parseHostMetaJson(jrd('wss://a/ws', 'wss://b/ws'))).toEqual(['wss://a/ws', 'wss://b/ws']);
  });
  it('returns nothing for malformed or foreign documents', () => {
    expect(parseHostMetaXml('<XRD><Link')).toEqual([]);
    expect(parseHostMetaXml('<html><Link rel="urn:xmpp:alt-connections:websocket" href="wss://x"/></html>')).toEqual([]);
    expect(parseHostMetaXml('not xml')).toEqual([]);
    expect(parseHostMetaJson('{')).toEqual([]);
    expect(parseHostMetaJson('null')).toEqual([]);
    expect(parseHostMetaJson('{"links":[null, 3, {"rel":"urn:xmpp:alt-connections:websocket"}]}')).toEqual([]);
  });
});

describe('endpoint choice', () => {
  it('prefers wss: over ws:', () => {
    expect(pickEndpoint(['ws://localhost:5280/ws', 'wss://localhost/ws'])).toBe('wss://localhost/ws');
  });
  it('accepts ws: only on local hosts', () => {
    expect(pickEndpoint(['ws://example.org/ws'])).toBeUndefined();
    expect(pickEndpoint(['ws://127.0.0.1:5280/ws'])).toBe('ws://127.0.0.1:5280/ws');
    expect(pickEndpoint(['ws://chat.localhost/ws'])).toBe('ws://chat.localhost/ws');
    expect(pickEndpoint(['ws://chat.test/ws'])).toBeUndefined();
    expect(pickEndpoint(['https://example.org/ws', 'junk'])).toBeUndefined();
  });
  it('knows which hosts are local', () => {
    for (const h of ['localhost', 'a.localhost', 'LocalHost.', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) {
      expect(isLocalHost(h), h).toBe(true);
    }
    // *.test is only reserved (RFC 2606): DNS or a hosts file can send it anywhere.
    for (const h of ['example.org', 'localhost.example.org', 'test', 'x.test', 'chat.test', '10.0.0.1', '128.0.0.1', 'testing.com']) {
      expect(isLocalHost(h), h).toBe(false);
    }
  });
});

describe('isSecureEndpoint', () => {
  it('is the one test of a secure WebSocket URL: wss: anywhere, ws: only on loopback names', () => {
    expect(isSecureEndpoint('wss://chat.test/ws')).toBe(true);
    expect(isSecureEndpoint('ws://chat.test/ws')).toBe(false);
    expect(isSecureEndpoint('ws://a.localhost:5280/ws')).toBe(true);
    expect(isSecureEndpoint('ws://127.0.0.2/ws')).toBe(true);
  });
});

/** A Response as fetch returns it after following redirects to `finalUrl`. */
function redirected(body: string, finalUrl: string): Response {
  const res = new Response(body, { status: 200 });
  Object.defineProperty(res, 'url', { value: finalUrl });
  Object.defineProperty(res, 'redirected', { value: true });
  return res;
}

describe('discovery never leaves https', () => {
  it('refuses a public host-meta whose redirects end on http:', async () => {
    const fetch = (async (input: RequestInfo | URL) =>
      String(input).endsWith('/host-meta')
        ? redirected(xrd('wss://evil.example/ws'), 'http://example.org/.well-known/host-meta')
        : new Response('', { status: 404 })) as typeof globalThis.fetch;
    expect(await codeOf(discoverWebSocket('example.org', { fetch }))).toBe('host-meta-unreachable');
  });

  it('refuses a public host-meta redirected to http: on a loopback host', async () => {
    const fetch = (async () => redirected(xrd('wss://example.org/ws'), 'http://127.0.0.1/.well-known/host-meta')) as typeof globalThis.fetch;
    expect(await codeOf(discoverWebSocket('example.org', { fetch }))).toBe('host-meta-unreachable');
  });

  it('follows a redirect that stays on https, to another host too (RFC 6415)', async () => {
    const fetch = (async (input: RequestInfo | URL) =>
      String(input).endsWith('/host-meta')
        ? redirected(xrd('wss://xmpp.host.example/ws'), 'https://host.example/example.org/host-meta')
        : new Response('', { status: 404 })) as typeof globalThis.fetch;
    await expect(discoverWebSocket('example.org', { fetch })).resolves.toBe('wss://xmpp.host.example/ws');
  });

  it('lets a local domain use http: only while it stays on loopback', async () => {
    const ok = (async (input: RequestInfo | URL) =>
      String(input) === 'http://localhost/.well-known/host-meta'
        ? redirected(xrd('ws://localhost:5280/ws'), 'http://127.0.0.1/host-meta')
        : new Response('', { status: 404 })) as typeof globalThis.fetch;
    await expect(discoverWebSocket('localhost', { fetch: ok })).resolves.toBe('ws://localhost:5280/ws');
    const away = (async (input: RequestInfo | URL) =>
      String(input) === 'http://localhost/.well-known/host-meta'
        ? redirected(xrd('ws://localhost:5280/ws'), 'http://evil.example/host-meta')
        : new Response('', { status: 404 })) as typeof globalThis.fetch;
    expect(await codeOf(discoverWebSocket('localhost', { fetch: away }))).toBe('host-meta-unreachable');
  });
});

describe('discoverWebSocket', () => {
  it('finds the wss: endpoint over https', async () => {
    const seen: string[] = [];
    const fetch = fakeFetch({ 'https://example.org/.well-known/host-meta': xrd('wss://xmpp.example.org/ws') }, seen);
    await expect(discoverWebSocket('example.org', { fetch })).resolves.toBe('wss://xmpp.example.org/ws');
    expect(seen.every((u) => u.startsWith('https://'))).toBe(true);
  });

  it('falls back to host-meta.json', async () => {
    const fetch = fakeFetch({
      'https://example.org/.well-known/host-meta': 404,
      'https://example.org/.well-known/host-meta.json': jrd('wss://example.org:5281/xmpp-websocket'),
    });
    await expect(discoverWebSocket('example.org', { fetch })).resolves.toBe(
      'wss://example.org:5281/xmpp-websocket',
    );
  });

  it('refuses a ws: endpoint for a public domain', async () => {
    const fetch = fakeFetch({ 'https://example.org/.well-known/host-meta': xrd('ws://example.org/ws') });
    expect(await codeOf(discoverWebSocket('example.org', { fetch }))).toBe('no-websocket-endpoint');
  });

  it('tries http: and accepts ws: for a local domain', async () => {
    const fetch = fakeFetch({ 'http://localhost/.well-known/host-meta': xrd('ws://localhost:5280/xmpp-websocket') });
    await expect(discoverWebSocket('localhost', { fetch })).resolves.toBe('ws://localhost:5280/xmpp-websocket');
  });

  it('never fetches http: for a public domain', async () => {
    const seen: string[] = [];
    const fetch = fakeFetch({ 'http://example.org/.well-known/host-meta': xrd('wss://example.org/ws') }, seen);
    expect(await codeOf(discoverWebSocket('example.org', { fetch }))).toBe('host-meta-unreachable');
    expect(seen.some((u) => u.startsWith('http:'))).toBe(false);
  });

  it('reports a host-meta without a WebSocket link', async () => {
    const fetch = fakeFetch({ 'https://example.org/.well-known/host-meta': xrd() });
    expect(await codeOf(discoverWebSocket('example.org', { fetch }))).toBe('no-websocket-endpoint');
  });

  it('reports unreachable when every fetch fails or is not 2xx', async () => {
    const fetch = fakeFetch({ 'https://example.org/.well-known/host-meta': 500 });
    expect(await codeOf(discoverWebSocket('example.org', { fetch }))).toBe('host-meta-unreachable');
  });

  it('times out a server that never answers', async () => {
    const fetch = fakeFetch({
      'https://example.org/.well-known/host-meta': 'hang',
      'https://example.org/.well-known/host-meta.json': 'hang',
    });
    const t0 = Date.now();
    expect(await codeOf(discoverWebSocket('example.org', { fetch, timeoutMs: 50 }))).toBe(
      'host-meta-unreachable',
    );
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
