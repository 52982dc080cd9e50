/**
 * JIDs per RFC 7622, close enough for a link handler without shipping PRECIS tables:
 * - localpart (UsernameCaseMapped): full-width ASCII mapped to ASCII, toLowerCase() as the
 *   case mapping, NFC; letters, marks, digits and printable ASCII except `" & ' / : < > @`;
 *   no spaces, no controls, no compatibility characters (those NFKC would change).
 * - domainpart: lower-cased, NFC, ideographic full stops mapped to ".", one trailing dot
 *   removed; dot-separated labels of letters, marks, digits, "_" and inner "-" (at most 63
 *   characters each), or an IPv6 literal in brackets.
 * - resourcepart (OpaqueString): kept as is apart from NFC; no controls, no invisible
 *   (default-ignorable) characters such as bidi overrides, which could spoof an address.
 * Each part is 1..1023 UTF-8 bytes. Input is not trimmed: callers trim what users type.
 */
import { ParseError, quote } from './errors';

export interface Jid {
  local?: string;
  domain: string;
  resource?: string;
}

export const MAX_JID_PART_BYTES = 1023;

/** UTF-8 length without TextEncoder allocation; a lone surrogate counts as 3 (U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// Printable ASCII minus `" & ' / : < > @`, plus non-ASCII letters, marks and digits.
const LOCAL_OK = /^[!#-%(-.0-9;=?A-Z[-~\p{L}\p{M}\p{N}]+$/u;
const LOCAL_CHAR_OK = /^[!#-%(-.0-9;=?A-Z[-~\p{L}\p{M}\p{N}]$/u;
const LABEL_OK = /^[\p{L}\p{M}\p{N}_-]+$/u;
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/;
const RESOURCE_BAD = /[\p{Cc}\p{Default_Ignorable_Code_Point}\uD800-\uDFFF]/u;

function invalid(whole: string, reason: string): never {
  throw new ParseError('invalid-jid', `The address ${quote(whole)} is not valid: ${reason}.`, whole.slice(0, 200));
}

function checkBytes(whole: string, part: string, what: string): void {
  if (utf8Length(part) > MAX_JID_PART_BYTES) invalid(whole, `${what} is longer than ${MAX_JID_PART_BYTES} bytes`);
}

function normalizeLocal(raw: string, whole: string): string {
  if (raw === '') invalid(whole, 'nothing comes before the "@"');
  const s = raw
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase()
    .normalize('NFC');
  if (!LOCAL_OK.test(s)) {
    const bad = Array.from(s).find((c) => !LOCAL_CHAR_OK.test(c)) ?? '?';
    invalid(whole, bad.trim() === '' ? 'the name before "@" cannot contain spaces or control characters' : `the name before "@" cannot contain ${quote(bad)}`);
  }
  if (s.normalize('NFKC') !== s) invalid(whole, 'the name before "@" contains a compatibility character');
  checkBytes(whole, s, 'the name before "@"');
  return s;
}

function normalizeDomain(raw: string, whole: string): string {
  let s = raw.replace(/[\u3002\uff0e\uff61]/g, '.').toLowerCase().normalize('NFC');
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s === '') invalid(whole, 'the server name is missing');
  checkBytes(whole, s, 'the server name');
  if (s.startsWith('[')) {
    if (!IPV6_LITERAL.test(s) || !s.includes(':')) invalid(whole, 'the IPv6 address in brackets is malformed');
    return s;
  }
  for (const label of s.split('.')) {
    if (label === '') invalid(whole, 'the server name has an empty part between dots');
    if (!LABEL_OK.test(label)) invalid(whole, 'the server name may only hold letters, digits, "-", "_" and dots');
    if (label.startsWith('-') || label.endsWith('-')) invalid(whole, 'a part of the server name starts or ends with "-"');
    if (label.length > 63) invalid(whole, 'a part of the server name is longer than 63 characters');
  }
  return s;
}

function normalizeResource(raw: string, whole: string): string {
  if (raw === '') invalid(whole, 'nothing comes after the "/"');
  const s = raw.normalize('NFC');
  if (RESOURCE_BAD.test(s)) invalid(whole, 'the part after "/" contains a control or invisible character');
  checkBytes(whole, s, 'the part after "/"');
  return s;
}

/**
 * Validate and normalise already-split parts (used by the URI parser, whose parts are split
 * before percent-decoding, so a decoded "/" or "@" is never mistaken for a separator).
 */
export function jidFromParts(local: string | undefined, domain: string, resource: string | undefined, whole?: string): Jid {
  const shown = whole ?? formatJid({ ...(local !== undefined && { local }), domain, ...(resource !== undefined && { resource }) });
  const out: Jid = { domain: '' };
  if (local !== undefined) out.local = normalizeLocal(local, shown);
  out.domain = normalizeDomain(domain, shown);
  if (resource !== undefined) out.resource = normalizeResource(resource, shown);
  // Key order local, domain, resource reads better in logs; rebuild without undefined keys.
  return { ...(out.local !== undefined && { local: out.local }), domain: out.domain, ...(out.resource !== undefined && { resource: out.resource }) };
}

/** Split per RFC 7622 §3.2 (first "/" starts the resource, then first "@" ends the localpart). */
export function parseJid(input: string): Jid {
  if (typeof input !== 'string') throw new ParseError('invalid-jid', 'An address must be text.');
  if (input === '') throw new ParseError('missing-jid', 'No address was given.');
  // Three parts of at most 1023 bytes each (a byte is at least one UTF-16 unit) plus "@" and "/".
  if (input.length > 3 * MAX_JID_PART_BYTES + 2) invalid(input, 'it is far too long');
  const slash = input.indexOf('/');
  const bare = slash < 0 ? input : input.slice(0, slash);
  const at = bare.indexOf('@');
  return jidFromParts(
    at < 0 ? undefined : bare.slice(0, at),
    at < 0 ? bare : bare.slice(at + 1),
    slash < 0 ? undefined : input.slice(slash + 1),
    input,
  );
}

export function formatJid(jid: Jid): string {
  return `${jid.local !== undefined ? `${jid.local}@` : ''}${jid.domain}${jid.resource !== undefined ? `/${jid.resource}` : ''}`;
}

/** The normalised form of a JID, e.g. "Juliet@Capulet.Example./Balcony" → "juliet@capulet.example/Balcony". */
export function normalizeJid(input: string): string {
  return formatJid(parseJid(input));
}

/** The normalised bare JID (resource dropped). */
export function bareJid(input: string): string {
  const { resource: _, ...bare } = parseJid(input);
  return formatJid(bare);
}
