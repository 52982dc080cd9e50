/**
 * Unique and stable stanza ids (XEP-0359): the archive's `<stanza-id by=…/>` on a live message is
 * the id the same message has in the archive, so history and live copies meet on one key.
 */
import type { Element } from '@xmpp/xml';

const NS_SID = 'urn:xmpp:sid:0';

/** The id `by` (the user's bare JID, or the room) gave this message; others' are not trusted (§6). */
export function stanzaIdBy(message: Element, by: string): string | undefined {
  const want = by.toLowerCase();
  for (const c of message.getChildren('stanza-id', NS_SID)) {
    if (String(c.attrs.by ?? '').toLowerCase() === want && c.attrs.id) return String(c.attrs.id);
  }
  return undefined;
}

/** The sender's own id: `<origin-id/>`, else the message's `id` attribute. */
export function originId(message: Element): string | undefined {
  const o = message.getChild('origin-id', NS_SID)?.attrs.id ?? message.attrs.id;
  return o ? String(o) : undefined;
}

/**
 * Remembers what is already on screen. A message is a duplicate when its archive id, or its
 * sender's id from the same sender, has been seen (a live copy may lack the archive id when it
 * came as a carbon, so both keys count).
 */
export class SeenIds {
  private readonly ids = new Set<string>();
  /** True the first time; false (a duplicate) after. Keys seen are remembered either way. */
  add(archiveId: string | undefined, sender: string, origin: string | undefined): boolean {
    const keys = [archiveId && `a:${archiveId}`, origin && `o:${sender.toLowerCase()}:${origin}`].filter((k): k is string => !!k);
    const dup = keys.some((k) => this.ids.has(k));
    for (const k of keys) this.ids.add(k);
    return !dup;
  }
}
