/**
 * Messages (RFC 6121 §5): building the stanzas the message and chat views send, reading the ones
 * they receive, and knowing when the server has one (XEP-0198 acks).
 */
import xml, { type Element } from '@xmpp/xml';
import type { Session } from './session.ts';

const NS_SM = 'urn:xmpp:sm:3';
const NS_RECEIPTS = 'urn:xmpp:receipts';
const NS_CHATSTATES = 'http://jabber.org/protocol/chatstates';

export interface OutgoingMessage {
  to: string;
  type: 'normal' | 'chat';
  body: string;
  subject?: string;
  thread?: string;
  /** Default: a fresh random id. */
  id?: string;
}

export interface IncomingMessage {
  from: string;
  /** `from` without its resource, lower-cased: what a conversation is matched by. */
  fromBare: string;
  type: string;
  body: string;
  subject?: string;
  thread?: string;
  id?: string;
  /** A `type='error'` bounce: the server could not deliver one of ours. */
  error?: string;
}

export function newId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `<message type to id><subject/><body/><thread/></message>`; empty subject/thread are left out. */
export function buildMessage(m: OutgoingMessage): Element {
  return xml(
    'message',
    { type: m.type, to: m.to, id: m.id ?? newId() },
    ...(m.subject ? [xml('subject', {}, m.subject)] : []),
    xml('body', {}, m.body),
    ...(m.thread ? [xml('thread', {}, m.thread)] : []),
    // A chat asks for a delivery receipt and says it is active (XEP-0184, XEP-0085); harmless to
    // clients that know neither.
    ...(m.type === 'chat' ? [xml('active', { xmlns: NS_CHATSTATES }), xml('request', { xmlns: NS_RECEIPTS })] : []),
  );
}

export function bareJid(jid: string | undefined): string {
  const s = jid ?? '';
  const slash = s.indexOf('/');
  return (slash < 0 ? s : s.slice(0, slash)).toLowerCase();
}

/**
 * A message with a body (or an error bounce), or undefined for anything else: presence, iq,
 * chat-state-only messages, receipts.
 */
export function parseMessage(stanza: Element): IncomingMessage | undefined {
  if (stanza.name !== 'message') return undefined;
  const from = stanza.attrs.from as string | undefined;
  if (!from) return undefined;
  const type = (stanza.attrs.type as string | undefined) ?? 'normal';
  const body = stanza.getChildText('body');
  let error: string | undefined;
  if (type === 'error') {
    const err = stanza.getChild('error');
    const condition = err?.children.find((c): c is Element => typeof c !== 'string' && c.attrs.xmlns === 'urn:ietf:params:xml:ns:xmpp-stanzas' && c.name !== 'text');
    error = condition?.name ?? 'undefined-condition';
  } else if (body === null) {
    return undefined;
  }
  const out: IncomingMessage = { from, fromBare: bareJid(from), type, body: body ?? '' };
  const subject = stanza.getChildText('subject');
  const thread = stanza.getChildText('thread');
  if (subject) out.subject = subject;
  if (thread) out.thread = thread;
  if (stanza.attrs.id) out.id = stanza.attrs.id as string;
  if (error) out.error = error;
  return out;
}

/** Stanzas the server counts (XEP-0198 §4): message, presence and iq, nothing else. */
const isStanza = (el: Element) => el.name === 'message' || el.name === 'presence' || el.name === 'iq';

interface Tracker {
  /** Stanzas written since SM was enabled. */
  sent: number;
  /** Highest `h` the server acknowledged. */
  acked: number;
  waiters: Set<() => void>;
}
const trackers = new WeakMap<object, Tracker>();

/**
 * Counts what this session sends, so `sendAcked` knows which `<a h>` covers a stanza. Call it as
 * soon as the session resolves (openSession resolves right after `<enabled/>`, before anything
 * else is sent, so the count is exact). Idempotent.
 */
export function trackAcks(session: Session): void {
  if (!session.streamManagement || trackers.has(session.client)) return;
  const tr: Tracker = { sent: 0, acked: 0, waiters: new Set() };
  trackers.set(session.client, tr);
  session.client.on('send', (el: Element) => {
    if (isStanza(el)) tr.sent++;
  });
  session.client.on('nonza', (el: Element) => {
    if (el.name === 'a' && el.attrs.xmlns === NS_SM) {
      const h = Number(el.attrs.h);
      if (Number.isFinite(h) && h > tr.acked) tr.acked = h;
      for (const fn of tr.waiters) fn();
    }
  });
}

export class NotAckedError extends Error {
  override readonly name = 'NotAckedError';
}

/**
 * Sends one stanza and resolves once the server has it: with XEP-0198, when an `<a h>` covers it
 * (we ask with `<r/>`); without, when it is written to the socket (all we can know). Rejects if
 * the stream closes or no ack comes within `timeoutMs`. Never sends the stanza twice.
 */
export async function sendAcked(session: Session, stanza: Element, timeoutMs = 10_000): Promise<void> {
  trackAcks(session);
  const tr = trackers.get(session.client);
  await session.send(stanza);
  if (!tr) return;
  // 'send' fires after the write, so `sent` now includes our stanza (and anything written before).
  const target = tr.sent;
  if (tr.acked >= target) return;
  await new Promise<void>((resolve, reject) => {
    const finish = (err?: Error) => {
      clearTimeout(timer);
      tr.waiters.delete(check);
      offClosed();
      if (err) reject(err);
      else resolve();
    };
    const check = () => {
      if (tr.acked >= target) finish();
    };
    const timer = setTimeout(() => finish(new NotAckedError(`The server did not confirm within ${timeoutMs} ms`)), timeoutMs);
    const offClosed = session.onClosed((e) => finish(e ?? new NotAckedError('The connection closed before the server confirmed')));
    tr.waiters.add(check);
    session.client.send(xml('r', { xmlns: NS_SM })).catch((e: Error) => finish(e));
  });
}

/**
 * Presence for one contact only (directed presence, RFC 6121 §4.6) with a negative priority
 * (§4.7.2.3): the contact learns this resource is there and its replies to the full JID reach it,
 * while nothing is broadcast to the roster and the server routes neither offline messages nor
 * messages for the bare JID here. The window is a guest on the account (DESIGN.md).
 */
export function directedPresence(to: string): Element {
  return xml('presence', { to }, xml('priority', {}, '-1'));
}
