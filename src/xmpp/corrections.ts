/** Last message correction (XEP-0308): a message that replaces an earlier one by its id. */
import type { Element } from '@xmpp/xml';

const NS_CORRECT = 'urn:xmpp:message-correct:0';

/** The id of the message this one corrects, or undefined for an ordinary message. */
export function correctsId(stanza: Element): string | undefined {
  const id = stanza.getChild('replace', NS_CORRECT)?.attrs.id;
  return id ? String(id) : undefined;
}
