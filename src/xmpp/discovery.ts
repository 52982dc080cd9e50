/**
 * XEP-0156: find a domain's XMPP-over-WebSocket endpoint from its host-meta files.
 *
 * Both `host-meta` (XRD) and `host-meta.json` (JRD) are fetched at once; the first usable
 * `urn:xmpp:alt-connections:websocket` link wins, `wss:` before `ws:`. A plain `ws:` endpoint
 * (and an `http:` host-meta) is accepted only for local hosts — `localhost`, `*.localhost`,
 * loopback IP literals — where there is no network to be attacked on; anywhere else it would
 * hand the login to whoever sits on the path. (`*.test` is only reserved, RFC 2606: a resolver
 * or a hosts file can send it anywhere, so it is not local.) A host-meta that redirects must
 * end on https too: the browser follows redirects inside fetch, so the final URL is checked.
 */
import { Parser } from '@xmpp/xml';
import { XmppError } from './errors.ts';

export const WEBSOCKET_REL = 'urn:xmpp:alt-connections:websocket';
const NS_XRD = 'http://docs.oasis-open.org/ns/xri/xrd-1.0';

export type DiscoveryErrorCode = 'no-websocket-endpoint' | 'host-meta-unreachable';

export class DiscoveryError extends XmppError<DiscoveryErrorCode> {
  override name = 'DiscoveryError';
  constructor(code: DiscoveryErrorCode, message: string) {
    super('discovery', code, message);
  }
}

export interface DiscoverOptions {
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Per request; default 5000 ms. */
  timeoutMs?: number;
  /** Aborts every request (e.g. the caller's own deadline). */
  signal?: AbortSignal;
}

/**
 * A host where unencrypted transports are acceptable: `localhost` and `*.localhost` (RFC 6761
 * §6.3: both browsers resolve them to loopback themselves) and loopback IP literals.
 */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127(?:\.\d{1,3}){3}$/.test(h)) return true;
  return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/** A secure transport for PLAIN: wss:, or ws: to a local host (the bytes never leave the machine). */
export function isSecureEndpoint(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'wss:' || (u.protocol === 'ws:' && isLocalHost(u.hostname));
  } catch {
    return false;
  }
}

/**
 * Where `domain`'s host-meta may come from after redirects: https:, and for a local domain also
 * http: on a local host. `final` is the response's URL ('' when a fetch does not report it, as
 * a constructed Response: then the URL asked for).
 */
export function trustedHostMetaUrl(domain: string, requested: string, final: string): boolean {
  try {
    const u = new URL(final || requested);
    return u.protocol === 'https:' || (u.protocol === 'http:' && isLocalHost(domain) && isLocalHost(u.hostname));
  } catch {
    return false;
  }
}

/** WebSocket hrefs from an XRD document, in document order. Malformed XML → []. */
export function parseHostMetaXml(text: string): string[] {
  const hrefs: string[] = [];
  let ok = true;
  const parser = new Parser();
  parser.on('start', (root) => {
    if (root.name !== 'XRD' || root.attrs.xmlns !== NS_XRD) ok = false;
  });
  parser.on('element', (el) => {
    if (el.name === 'Link' && el.attrs.rel === WEBSOCKET_REL && typeof el.attrs.href === 'string') {
      hrefs.push(el.attrs.href);
    }
  });
  parser.on('error', () => {
    ok = false;
  });
  try {
    parser.write(text);
  } catch {
    return [];
  }
  return ok ? hrefs : [];
}

/** WebSocket hrefs from a JRD document. Malformed JSON → []. */
export function parseHostMetaJson(text: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const links = (doc as { links?: unknown } | null)?.links;
  if (!Array.isArray(links)) return [];
  return links.flatMap((l: { rel?: unknown; href?: unknown } | null) => (l?.rel === WEBSOCKET_REL && typeof l.href === 'string' ? [l.href] : []));
}

/** The endpoint to use among hrefs: first wss:, else first ws: on a local host. */
export function pickEndpoint(hrefs: readonly string[]): string | undefined {
  const urls = hrefs.flatMap((href) => {
    try {
      return [new URL(href)];
    } catch {
      return [];
    }
  });
  return (urls.find((u) => u.protocol === 'wss:') ?? urls.find((u) => isSecureEndpoint(u.href)))?.href;
}

async function fetchText(
  domain: string,
  url: string,
  { fetch = globalThis.fetch, timeoutMs = 5000, signal }: DiscoverOptions,
): Promise<string> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  const onAbort = () => ctl.abort();
  signal?.addEventListener('abort', onAbort);
  try {
    // host-meta may redirect (RFC 6415 allows it); no credentials are ever needed. An extension
    // page cannot read a manual redirect's Location, so the redirect is followed and its end checked.
    const res = await fetch(url, { signal: ctl.signal, redirect: 'follow', credentials: 'omit' });
    if (!trustedHostMetaUrl(domain, url, res.url)) throw new Error(`${url} -> ${res.url}`);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return await res.text();
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Finds the WebSocket URL for `domain` (the domain part of the account JID).
 * Throws DiscoveryError 'host-meta-unreachable' when no host-meta could be fetched at all,
 * 'no-websocket-endpoint' when they were fetched but name no usable WebSocket endpoint.
 */
export async function discoverWebSocket(domain: string, opts: DiscoverOptions = {}): Promise<string> {
  const local = isLocalHost(domain);
  const schemes = local ? ['https', 'http'] : ['https'];
  const tries = schemes.flatMap((s) => [
    { url: `${s}://${domain}/.well-known/host-meta`, parse: parseHostMetaXml },
    { url: `${s}://${domain}/.well-known/host-meta.json`, parse: parseHostMetaJson },
  ]);
  const results = await Promise.allSettled(
    tries.map(async ({ url, parse }) => parse(await fetchText(domain, url, opts))),
  );
  const fetched = results.filter((r) => r.status === 'fulfilled');
  if (fetched.length === 0) {
    const first = results[0];
    const why = first?.status === 'rejected' ? String((first.reason as Error)?.message ?? first.reason) : '';
    throw new DiscoveryError('host-meta-unreachable', why);
  }
  // Keep the order of `tries` (https before http, XRD before JRD) among equally good links.
  const endpoint = pickEndpoint(fetched.flatMap((r) => r.value));
  if (!endpoint) {
    throw new DiscoveryError('no-websocket-endpoint', domain);
  }
  return endpoint;
}
