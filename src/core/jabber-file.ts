/**
 * XEP-0081 jabber files (application/jabber+xml):
 *
 *   <?xml version='1.0' encoding='UTF-8'?>
 *   <jabber><chat jid='stpeter@jabber.org'/></jabber>
 *
 * Decisions a caller should know:
 * - The size limit is MAX_FILE_BYTES UTF-8 bytes of the text as given (BOM included), checked
 *   before any parsing: `too-large`. (The HTTP body is bytes; measure what was received.)
 * - The root is `jabber` with no namespace or `http://jabber.org/protocol/mimetype`, with or
 *   without a prefix (`<m:jabber xmlns:m='…'>`); names are compared after resolving prefixes, and
 *   an undeclared prefix is `unknown-root`. Exactly one child names the action: message, chat, subscribe,
 *   groupchat (kind `join`), register. Any other child in the same namespace is
 *   `unsupported-action` (vcard, disco and search were drafted for XEP-0081 and dropped);
 *   a child in another namespace, child elements inside the action, or non-blank text is
 *   `unexpected-content`. Unknown attributes are ignored. The `jid` is trimmed of white space.
 */
import { Parser, type Element } from '@xmpp/xml';
import type { Action } from './action';
import { ParseError, quote } from './errors';
import { normalizeJid, utf8Length } from './jid';
import { checkXml } from './xml-guard';

export const MAX_FILE_BYTES = 64 * 1024;
export const JABBER_NS = 'http://jabber.org/protocol/mimetype';

const KINDS = {
  message: 'message',
  chat: 'chat',
  subscribe: 'subscribe',
  groupchat: 'join',
  register: 'register',
} as const satisfies Record<string, Action['kind']>;

function isBlank(s: string): boolean {
  return s.trim() === '';
}

/** Build the elements with ltx from text checkXml already accepted. */
function build(xml: string): { root: Element; children: Element[] } {
  const parser = new Parser();
  let root: Element | undefined;
  let ended = false;
  let failed = false;
  const children: Element[] = [];
  parser.on('start', (el: Element) => {
    root = el;
  });
  // @xmpp/xml streams: direct children of the root arrive as 'element' and are not appended.
  parser.on('element', (el: Element) => children.push(el));
  parser.on('end', () => {
    ended = true;
  });
  parser.on('error', () => {
    failed = true;
  });
  try {
    parser.write(xml);
  } catch {
    failed = true; // ltx throws a plain Error on bad references; checkXml should have caught it
  }
  if (failed || !ended || root === undefined) {
    throw new ParseError('not-well-formed', 'rejected by ltx');
  }
  return { root, children };
}

/**
 * An element's local name and namespace (Namespaces in XML §6), looking up declarations on
 * `scope` (the element, then its ancestors). Undefined for an undeclared prefix.
 */
function resolve(el: Element, scope: Element[]): { local: string; ns: string } | undefined {
  const colon = el.name.indexOf(':');
  const prefix = colon < 0 ? undefined : el.name.slice(0, colon);
  const attr = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  let ns: string | undefined;
  for (const e of scope) {
    const v = e.attrs[attr];
    if (typeof v === 'string') {
      ns = v;
      break;
    }
  }
  if (prefix !== undefined && (ns === undefined || ns === '')) return undefined;
  return { local: colon < 0 ? el.name : el.name.slice(colon + 1), ns: ns ?? '' };
}

export function parseJabberFile(text: string): Action {
  if (typeof text !== 'string') throw new ParseError('not-a-string', 'the file is not text');
  // A UTF-8 byte is at least one UTF-16 unit, so the cheap test goes first.
  if (text.length > MAX_FILE_BYTES || (text.length * 3 > MAX_FILE_BYTES && utf8Length(text) > MAX_FILE_BYTES)) {
    throw new ParseError('too-large', 'over 64 KiB', `${text.length} characters`);
  }
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (isBlank(s)) throw new ParseError('empty', 'the file is empty');
  const [start, end] = checkXml(s);
  const { root, children } = build(s.slice(start, end));

  const rootName = resolve(root, [root]);
  if (rootName?.local !== 'jabber') {
    throw new ParseError('unknown-root', `<${root.name.slice(0, 40)}>, not <jabber>`);
  }
  const ns = rootName.ns;
  if (ns !== '' && ns !== JABBER_NS) {
    throw new ParseError('wrong-namespace', `<jabber> in the namespace ${quote(ns, 80)}`);
  }
  for (const child of root.children) {
    if (typeof child === 'string' && !isBlank(child)) {
      throw new ParseError('unexpected-content', 'text outside the action');
    }
  }
  const actions: Array<{ el: Element; kind: keyof typeof KINDS }> = [];
  for (const el of children) {
    const name = resolve(el, [el, root]);
    if (name === undefined || name.ns !== ns) {
      throw new ParseError('unexpected-content', `<${el.name.slice(0, 40)}> from another namespace`);
    }
    if (!Object.hasOwn(KINDS, name.local)) {
      throw new ParseError('unsupported-action', `This file asks for ${quote(name.local)}, which Jabber Link does not support yet.`);
    }
    for (const grandchild of el.children) {
      if (typeof grandchild !== 'string' || !isBlank(grandchild)) {
        throw new ParseError('unexpected-content', `<${el.name}> is not empty`);
      }
    }
    actions.push({ el, kind: name.local as keyof typeof KINDS });
  }
  if (actions.length > 1) {
    throw new ParseError('multiple-actions', 'more than one action');
  }
  const action = actions[0];
  if (action === undefined) throw new ParseError('missing-action', 'no action element');
  const jid = typeof action.el.attrs.jid === 'string' ? action.el.attrs.jid.trim() : '';
  if (jid === '') throw new ParseError('missing-jid', `<${action.kind}> has no jid`);
  return { kind: KINDS[action.kind], jid: normalizeJid(jid) };
}
