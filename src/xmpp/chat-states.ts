/**
 * Chat state notifications (XEP-0085): "typing" and "stopped typing" in a one-to-one chat.
 * Standalone notifications carry a no-store hint (XEP-0334) so archives and offline storage
 * keep only real messages.
 */
import xml, { type Element } from '@xmpp/xml';

export const NS_CHATSTATES = 'http://jabber.org/protocol/chatstates';
const STATES = ['active', 'composing', 'paused', 'inactive', 'gone'] as const;
export type ChatState = (typeof STATES)[number];

/** §5.5: a standalone notification is a `<message type='chat'/>` with only the state (and hints). */
export function chatStateMessage(to: string, state: ChatState): Element {
  return xml('message', { to, type: 'chat' }, xml(state, { xmlns: NS_CHATSTATES }), xml('no-store', { xmlns: 'urn:xmpp:hints' }));
}

/** The state a message carries, if any. */
export function chatStateOf(stanza: Element): ChatState | undefined {
  if (stanza.name !== 'message' || stanza.attrs.type === 'error') return undefined;
  return STATES.find((s) => stanza.getChild(s, NS_CHATSTATES));
}

/** §5.3: a user who typed and then stopped for a while is "paused". */
export const PAUSE_AFTER_MS = 5000;
