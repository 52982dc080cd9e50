/**
 * Messages (RFC 6121 §5): building the stanzas the message and chat views send and reading the
 * ones they receive. Knowing when the server has one is `session.sendAcked` (stream-management.ts).
 */
import xml, { type Element } from '@xmpp/xml';
import { bareOf } from '../shared/wire-jid.ts';
import { stanzaErrorOf } from './errors.ts';

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
  const error = type === 'error' ? stanzaErrorOf(stanza).condition : undefined;
  if (!error && body === null) return undefined;
  return {
    from,
    fromBare: bareOf(from),
    type,
    body: body ?? '',
    subject: stanza.getChildText('subject') || undefined,
    thread: stanza.getChildText('thread') || undefined,
    id: stanza.attrs.id,
    error,
  };
}
