/**
 * A strict, linear well-formedness check for the small XML subset a jabber file may use,
 * run before ltx sees the text. ltx is a fast, lax streaming parser: it never expands entities
 * or fetches anything, but it treats `<!DOCTYPE …>` and unknown `<!…>` as comments, skips
 * processing instructions anywhere, ignores junk between an attribute name and its quote,
 * lets duplicate attributes overwrite, throws a plain Error on unknown entities and accepts
 * text or a second element after the root. So this scan is the authority on structure and
 * ltx only builds elements from text that already passed it.
 *
 * Allowed: an XML declaration first, comments, white space, one root element with
 * attributes, text, the five predefined entities and character references. Everything else
 * (DOCTYPE, entity declarations, other processing instructions, CDATA sections) is rejected
 * with its own code. Depth is capped at MAX_DEPTH.
 */
import { ParseError } from './errors';

export const MAX_DEPTH = 16;

const BAD_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/u;
const XML_DECL =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>$/;
const REFERENCE = /&(?:#([0-9]{1,7})|#x([0-9a-fA-F]{1,6})|([A-Za-z_:][A-Za-z0-9._:-]{0,63}));/y;
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Messages are details lines after the code ("not-well-formed: …"), so they say only what. */
const at = (pos: number) => `at character ${pos}`;
function nwf(message: string, pos: number): never {
  throw new ParseError('not-well-formed', message, at(pos));
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0xb7;
}

function legalXmlChar(n: number): boolean {
  return n === 0x9 || n === 0xa || n === 0xd || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff);
}

/**
 * Check every "&" in seg (which starts at `offset` in the file) starts a reference ltx can
 * decode. Works on the slice, never on the whole file, so many small segments stay linear.
 */
function checkReferences(seg: string, offset: number): void {
  for (let i = seg.indexOf('&'); i >= 0; i = seg.indexOf('&', i + 1)) {
    REFERENCE.lastIndex = i;
    const m = REFERENCE.exec(seg);
    if (!m) nwf('a "&" that starts no reference', offset + i);
    if (m[3] !== undefined) {
      if (!PREDEFINED.has(m[3])) {
        throw new ParseError('unknown-entity', `the entity &${m[3]};`, at(offset + i));
      }
    } else {
      const n = m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2] ?? '', 16);
      if (!legalXmlChar(n)) nwf('a reference to a character XML forbids', offset + i);
    }
  }
}

/**
 * Returns [start, end) of the root element in s (BOM already removed). Throws ParseError for
 * anything outside the subset described above.
 */
export function checkXml(s: string): [number, number] {
  const badChar = BAD_CHAR.exec(s);
  if (badChar) nwf('a character XML forbids', badChar.index);
  // Checked up front so a billion-laughs file is named for what it is, wherever it hides.
  if (/<!ENTITY/i.test(s)) {
    throw new ParseError('entity-declaration', 'refused for safety');
  }
  if (/<!DOCTYPE/i.test(s)) throw new ParseError('doctype', 'refused for safety');
  const n = s.length;
  let i = 0;
  if (s.startsWith('<?xml') && (isSpace(s.charCodeAt(5)) || s.charCodeAt(5) === 0x3f)) {
    const end = s.indexOf('?>');
    if (end < 0 || !XML_DECL.test(s.slice(0, end + 2))) nwf('a malformed XML declaration', 0);
    i = end + 2;
  }
  const stack: string[] = [];
  let rootStart = -1;
  let rootEnd = -1;

  while (i < n) {
    if (s.charCodeAt(i) !== 0x3c /* < */) {
      const lt = s.indexOf('<', i);
      const end = lt < 0 ? n : lt;
      if (stack.length === 0) {
        for (let j = i; j < end; j++) if (!isSpace(s.charCodeAt(j))) nwf('text outside the root', j);
      } else {
        const text = s.slice(i, end);
        const cdataEnd = text.indexOf(']]>');
        if (cdataEnd >= 0) nwf('"]]>" in text', i + cdataEnd);
        checkReferences(text, i);
      }
      i = end;
      continue;
    }
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end < 0) nwf('an unclosed comment', i);
      const body = s.slice(i + 4, end);
      if (body.includes('--') || body.endsWith('-')) nwf('a comment contains "--"', i);
      i = end + 3;
      continue;
    }
    if (s.startsWith('<![CDATA[', i)) {
      throw new ParseError('cdata', 'a CDATA section', at(i));
    }
    if (s.startsWith('<!', i)) nwf('a "<!" declaration', i);
    if (s.startsWith('<?', i)) {
      throw new ParseError('processing-instruction', 'a processing instruction', at(i));
    }
    if (s.startsWith('</', i)) {
      const nameStart = i + 2;
      let j = nameStart;
      while (j < n && isNameChar(s.charCodeAt(j))) j++;
      const name = s.slice(nameStart, j);
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) !== 0x3e /* > */) nwf('a malformed end tag', i);
      const open = stack.pop();
      if (open !== name) nwf(open === undefined ? `</${name}> closes nothing` : `<${open}> is closed by </${name}>`, i);
      i = j + 1;
      if (stack.length === 0) rootEnd = i;
      continue;
    }
    // A start tag.
    if (rootEnd >= 0) nwf('a second root element', i);
    if (stack.length === 0) rootStart = i;
    if (stack.length >= MAX_DEPTH) {
      throw new ParseError('too-deep', `more than ${MAX_DEPTH} levels`, at(i));
    }
    let j = i + 1;
    if (!isNameStart(s.charCodeAt(j))) nwf('a "<" that starts no tag', i);
    while (j < n && isNameChar(s.charCodeAt(j))) j++;
    const name = s.slice(i + 1, j);
    const seen = new Set<string>();
    for (;;) {
      const wsStart = j;
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      const c = s.charCodeAt(j);
      if (c === 0x3e /* > */) {
        stack.push(name);
        j++;
        break;
      }
      if (c === 0x2f /* / */ && s.charCodeAt(j + 1) === 0x3e) {
        j += 2;
        if (stack.length === 0) rootEnd = j;
        break;
      }
      if (j >= n) nwf(`<${name} is not closed`, i);
      if (j === wsStart || !isNameStart(c)) nwf(`<${name} is malformed`, j);
      const attrStart = j;
      while (j < n && isNameChar(s.charCodeAt(j))) j++;
      const attr = s.slice(attrStart, j);
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) !== 0x3d /* = */) nwf(`${attr} has no value`, j);
      j++;
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      const q = s.charCodeAt(j);
      if (q !== 0x22 && q !== 0x27) nwf(`${attr} is not quoted`, j);
      const close = s.indexOf(q === 0x22 ? '"' : "'", j + 1);
      if (close < 0) nwf(`${attr} is not closed`, j);
      const value = s.slice(j + 1, close);
      const lt = value.indexOf('<');
      if (lt >= 0) nwf(`"<" in attribute ${attr}`, j + 1 + lt);
      checkReferences(value, j + 1);
      if (seen.has(attr)) nwf(`attribute ${attr} twice`, attrStart);
      seen.add(attr);
      j = close + 1;
    }
    i = j;
  }
  if (stack.length > 0) nwf(`<${stack[stack.length - 1]}> is never closed`, n);
  if (rootStart < 0) nwf('no root element', 0);
  return [rootStart, rootEnd];
}
