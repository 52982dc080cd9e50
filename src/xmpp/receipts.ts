/**
 * Delivery receipts (XEP-0184) and chat markers (XEP-0333): which of our messages the contact's
 * client says it received or displayed. Either marks a message delivered.
 */
import type { Element } from '@xmpp/xml';

const NS_RECEIPTS = 'urn:xmpp:receipts';
const NS_MARKERS = 'urn:xmpp:chat-markers:0';

/** The id of our message that this stanza acknowledges: `<received/>` (0184) or `<received/>`/`<displayed/>`/`<acknowledged/>` (0333). */
export function acknowledgedId(stanza: Element): string | undefined {
  if (stanza.name !== 'message' || stanza.attrs.type === 'error') return undefined;
  const r =
    stanza.getChild('received', NS_RECEIPTS) ??
    stanza.getChild('displayed', NS_MARKERS) ??
    stanza.getChild('received', NS_MARKERS) ??
    stanza.getChild('acknowledged', NS_MARKERS);
  const id = r?.attrs.id;
  return id ? String(id) : undefined;
}
