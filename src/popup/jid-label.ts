/**
 * JIDs in the window: each in a `<bdi>`, so a right-to-left name cannot reorder the sentence
 * around it, and a domain that mixes writing systems gets its ASCII (punycode) form beside it
 * (scripts.ts), so a look-alike address can be told from the real one.
 */
import { type Child, h } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import { asciiFormIfMixed } from '../shared/scripts.ts';

/** Stands in for a substitution while a sentence is cut around it (a private-use character). */
const MARK = '\uE000';

/** A sentence from _locales with its $1 replaced by the node `slot`. */
function around(key: string, slot: Node, ...more: string[]): Child[] {
  const parts = t(key, MARK, ...more).split(MARK);
  return parts.flatMap((p, i) => [i > 0 ? (i === 1 ? slot : slot.cloneNode(true)) : null, p || null]);
}

export function jidLabel(jid: string): HTMLElement {
  const ascii = asciiFormIfMixed(jid);
  const label = h('span', { className: 'jid' }, h('bdi', {}, jid));
  if (ascii) label.append(' ', h('span', { className: 'jid-ascii' }, ...around('jid_asciiForm', h('bdi', {}, ascii))));
  return label;
}

/** A sentence from _locales whose $1 is a JID, shown with `jidLabel`. */
export function withJid(key: string, jid: string, ...more: string[]): Child[] {
  return around(key, jidLabel(jid), ...more);
}
