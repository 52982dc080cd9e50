/**
 * The session once signed in: sends (waiting while the link is down), acks (XEP-0198), and after
 * a drop reconnects on its own with backoff, signs in again with the same secret and resumes the
 * stream (§5), or binds a new one when the server forgot it; `onClosed` only if it cannot.
 */
import type { Element } from '@xmpp/xml';
import { SessionError, classifySessionError } from './errors.ts';
import type { Mechanism } from './sasl.ts';
import { type StreamManagement, retry } from './stream-management.ts';

/** The xmpp.js entity with the plugins we compose; enough to send and receive anything. */
export interface XmppClient {
  jid: { toString(): string } | null;
  status: string;
  send(el: Element): Promise<void>;
  on(event: 'stanza' | 'nonza' | 'element' | 'send', fn: (el: Element) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'status' | 'offline' | 'disconnect' | 'online', fn: (...args: unknown[]) => void): unknown;
  removeListener(event: string, fn: (...args: never[]) => void): unknown;
  iqCaller: {
    /** Sends an iq (id added if missing); resolves with the result stanza, rejects with a StanzaError. */
    request(iq: Element, timeoutMs?: number): Promise<Element>;
    get(child: Element, to?: string, timeoutMs?: number): Promise<Element | undefined>;
    set(child: Element, to?: string, timeoutMs?: number): Promise<Element | undefined>;
  };
  iqCallee: {
    get(ns: string, name: string, handler: (ctx: unknown) => unknown): void;
    set(ns: string, name: string, handler: (ctx: unknown) => unknown): void;
  };
  stop(): Promise<unknown>;
}

export interface Session {
  /** Full JID bound by the server. */
  jid: string;
  client: XmppClient;
  mechanism: Mechanism;
  /** WebSocket URL used. */
  endpoint: string;
  /** The SCRAM server-first-message of this sign-in (salt detection, see scram.ts saltChanged). */
  serverFirst?: string;
  /** XEP-0198 enabled on this stream. */
  streamManagement: boolean;
  /** The server takes subscription pre-approvals (RFC 6121 §3.4: `<sub xmlns='urn:xmpp:features:pre-approval'/>`). */
  preApproval: boolean;
  /** Sends now, or once the link is back while reconnecting. */
  send(stanza: Element): Promise<void>;
  /**
   * Sends and resolves once the server has it (its XEP-0198 ack covers it, across a resumption
   * if need be; without stream management, once written). Rejects with NotConfirmedError when
   * the stream could not be resumed and the stanza's fate is unknown. Never sends it twice.
   */
  sendAcked(stanza: Element): Promise<void>;
  /** The link after a drop: 'reconnecting', then 'resumed' (same session) or 'rebound' (a new one). */
  onLink(fn: (state: LinkState) => void): () => void;
  /** iq get/set; resolves with the result <iq/>, rejects with a StanzaError (`condition`) or timeout. */
  iq(stanza: Element, timeoutMs?: number): Promise<Element>;
  /** Every incoming stanza (message, presence, iq); returns an unsubscribe function. */
  onStanza(fn: (stanza: Element) => void): () => void;
  /** Called once if the stream ends without `close()` and cannot come back (after the retries). */
  onClosed(fn: (error?: Error) => void): () => void;
  /** Closes the stream politely; never throws, never takes more than ~2 s. */
  close(): Promise<void>;
}

export type LinkState = 'reconnecting' | 'resumed' | 'rebound';

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Stream errors after which coming back would only be refused again (RFC 6120 §4.9.3). */
const FINAL = new Set(['conflict', 'not-authorized', 'policy-violation', 'host-unknown']);

export function makeSession(
  entity: XmppClient,
  o: {
    mechanism: Mechanism;
    endpoint: string;
    sm: StreamManagement;
    reopen(): Promise<'resumed' | 'bound'>;
    serverFirst: string | undefined;
    /** Read at each use: a reconnect binds again, on features that may have changed. */
    preApproval(): boolean;
  },
): Session {
  let closing = false;
  const closedListeners = new Set<(error?: Error) => void>();
  const linkListeners = new Set<(state: LinkState) => void>();
  /** While reconnecting: settles when the link is back (or never comes back). */
  let down: Promise<void> | undefined;
  let lastError: Error | undefined;
  entity.on('error', (err: Error) => {
    lastError = err;
  });
  const isFinal = (err: unknown) =>
    closing || (err instanceof SessionError && (err.code === 'auth-failed' || err.code === 'password-needed'));
  const recover = async () => {
    const cause = lastError as (Error & { condition?: string }) | undefined;
    lastError = undefined;
    let back!: () => void;
    let lost!: (err: Error) => void;
    down = new Promise<void>((resolve, reject) => {
      back = resolve;
      lost = reject;
    });
    down.catch(() => undefined);
    for (const fn of linkListeners) fn('reconnecting');
    try {
      if (cause?.condition && FINAL.has(cause.condition)) throw cause;
      let how = 'bound' as 'resumed' | 'bound';
      await retry(async () => {
        if (closing) throw new SessionError('refused', 'Closing', 'closed');
        try {
          how = await o.reopen();
        } catch (err) {
          // Drop what is left of this attempt before the next one attaches a new socket.
          const e = entity as XmppClient & { socket?: { end(): void } | null };
          e.socket?.end();
          for (let i = 0; e.socket && i < 40; i++) await wait(50);
          throw err;
        }
      }, isFinal);
      down = undefined;
      back();
      for (const fn of linkListeners) fn(how === 'resumed' ? 'resumed' : 'rebound');
    } catch (err) {
      down = undefined;
      const e = classifySessionError(err, 'connecting');
      o.sm.lost();
      lost(e);
      if (closing) return;
      closing = true;
      for (const fn of closedListeners) fn(e);
    }
  };
  entity.on('disconnect', () => {
    o.sm.dropped();
    if (closing || down) return;
    void recover();
  });
  const send = async (stanza: Element) => {
    if (down) await down;
    return entity.send(stanza);
  };
  return {
    get jid() {
      return entity.jid!.toString();
    },
    client: entity,
    mechanism: o.mechanism,
    endpoint: o.endpoint,
    serverFirst: o.serverFirst,
    get preApproval() {
      return o.preApproval();
    },
    get streamManagement() {
      return o.sm.enabled;
    },
    send,
    sendAcked: (stanza) => o.sm.sendAcked(stanza, send),
    onLink(fn) {
      linkListeners.add(fn);
      return () => linkListeners.delete(fn);
    },
    iq: (stanza, timeoutMs) => entity.iqCaller.request(stanza, timeoutMs),
    onStanza(fn) {
      entity.on('stanza', fn);
      return () => entity.removeListener('stanza', fn);
    },
    onClosed(fn) {
      closedListeners.add(fn);
      return () => closedListeners.delete(fn);
    },
    async close() {
      closing = true;
      // Tell the server what we got, so it neither resends nor stores it again (XEP-0198 §4).
      o.sm.ackServer();
      await closeQuietly(entity);
    },
  };
}

export async function closeQuietly(entity: XmppClient): Promise<void> {
  const e = entity as XmppClient & { socket?: { end(): void } | null };
  try {
    await Promise.race([entity.stop(), wait(2000)]);
  } catch {}
  // If the polite close did not finish, drop the socket so nothing keeps running.
  try {
    e.socket?.end();
  } catch {}
}

