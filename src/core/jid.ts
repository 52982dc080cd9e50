/**
 * JIDs per RFC 7622, close enough for a link handler without shipping PRECIS tables:
 * - localpart (UsernameCaseMapped): full-width ASCII mapped to ASCII, toLowerCase() as the
 *   case mapping, NFC; letters, marks, digits and printable ASCII except `" & ' / : < > @`;
 *   no spaces, no controls, no compatibility characters (those NFKC would change).
 * - domainpart: lower-cased, NFC, ideographic full stops mapped to ".", one trailing dot
 *   removed; A-labels ("xn--…") converted to Unicode (§3.2.1), so `xn--garon-0ra.com` and
 *   `garçon.com` are one address; dot-separated labels of letters, marks, digits, "_" and inner
 *   "-", each at most 63 octets in its A-label form (DNS), or an IPv6 literal in brackets.
 * - resourcepart (OpaqueString): kept as is apart from NFC; no controls, no invisible
 *   (default-ignorable) characters such as bidi overrides, which could spoof an address.
 * Each part is 1..1023 UTF-8 bytes. Input is not trimmed: callers trim what users type.
 */
import { decode as punyDecode, encode as punyEncode } from 'punycode/punycode.es6.js';
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
const NON_ASCII = /[^\0-\x7f]/;
/** DNS limit on one label, counted on the A-label (RFC 5890 §2.3.2.1, RFC 7622 §3.2). */
const MAX_LABEL_OCTETS = 63;
const RESOURCE_BAD = /[\p{Cc}\p{Default_Ignorable_Code_Point}\uD800-\uDFFF]/u;

function invalid(whole: string, reason: string): never {
  throw new ParseError('invalid-jid', `${quote(whole)}: ${reason}`, whole.slice(0, 200));
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
    invalid(whole, bad.trim() === '' ? 'a space or control character before "@"' : `${quote(bad)} before "@"`);
  }
  if (s.normalize('NFKC') !== s) invalid(whole, 'a compatibility character before "@"');
  checkBytes(whole, s, 'the name before "@"');
  return s;
}

function normalizeDomain(raw: string, whole: string): string {
  let s = raw.replace(/[\u3002\uff0e\uff61]/g, '.').toLowerCase().normalize('NFC');
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s === '') invalid(whole, 'the server name is missing');
  checkBytes(whole, s, 'the server name');
  if (s.startsWith('[')) {
    if (!IPV6_LITERAL.test(s) || !s.includes(':')) invalid(whole, 'a malformed IPv6 address');
    return s;
  }
  const labels = s.split('.');
  for (let i = 0; i < labels.length; i++) {
    let label = labels[i] ?? '';
    if (label === '') invalid(whole, 'an empty label in the server name');
    if (label.startsWith('xn--')) label = labels[i] = toULabel(label, whole);
    if (!LABEL_OK.test(label)) invalid(whole, 'a server name label holds more than letters, digits, "-", "_"');
    if (label.startsWith('-') || label.endsWith('-')) invalid(whole, 'a server name label starts or ends with "-"');
    if (aLabelLength(label) > MAX_LABEL_OCTETS) tooLong(whole);
  }
  const out = labels.join('.');
  checkBytes(whole, out, 'the server name'); // a U-label can take more bytes than its A-label
  return out;
}

/**
 * An A-label as its U-label (RFC 7622 §3.2.1). Only a strict one: it must decode, hold some
 * non-ASCII, and encode back to itself (RFC 5891 §5.4), so two spellings never name one domain.
 */
function toULabel(aLabel: string, whole: string): string {
  // Checked first so a hostile label never reaches the (quadratic) decoder at length.
  if (aLabel.length > MAX_LABEL_OCTETS) tooLong(whole);
  let u = '';
  try {
    u = punyDecode(aLabel.slice(4));
  } catch {} // RangeError: not punycode; the empty string fails below
  if (!NON_ASCII.test(u) || u.toLowerCase().normalize('NFC') !== u || `xn--${punyEncode(u)}` !== aLabel) {
    invalid(whole, `${quote(aLabel)} is not a valid internationalized domain name`);
  }
  return u;
}

function tooLong(whole: string): never {
  invalid(whole, `a server name label over ${MAX_LABEL_OCTETS} characters in DNS form`);
}

/** Octets of a label in its A-label form: ASCII labels as they are, others "xn--" + punycode. */
function aLabelLength(label: string): number {
  if (!NON_ASCII.test(label)) return label.length;
  // Each code point costs at least one output character and is at most two UTF-16 units, so a
  // label this long fails without encoding it.
  if (label.length > 2 * MAX_LABEL_OCTETS) return label.length;
  return 4 + punyEncode(label).length;
}

function normalizeResource(raw: string, whole: string): string {
  if (raw === '') invalid(whole, 'nothing comes after the "/"');
  const s = raw.normalize('NFC');
  if (RESOURCE_BAD.test(s)) invalid(whole, 'a control or invisible character after "/"');
  checkBytes(whole, s, 'the part after "/"');
  return s;
}

/**
 * Validate and normalise already-split parts (used by the URI parser, whose parts are split
 * before percent-decoding, so a decoded "/" or "@" is never mistaken for a separator).
 */
export function jidFromParts(local: string | undefined, domain: string, resource: string | undefined): Jid {
  // The address as written, for messages: the parts joined again.
  const shown = formatJid({ local, domain, resource });
  // Filled in key order local, domain, resource (reads better in logs), with no undefined keys.
  const out = {} as Jid;
  if (local !== undefined) out.local = normalizeLocal(local, shown);
  out.domain = normalizeDomain(domain, shown);
  if (resource !== undefined) out.resource = normalizeResource(resource, shown);
  return out;
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
  );
}

export function formatJid(jid: Jid): string {
  return `${jid.local !== undefined ? `${jid.local}@` : ''}${jid.domain}${jid.resource !== undefined ? `/${jid.resource}` : ''}`;
}

/** The normalised form of a JID, e.g. "Juliet@Capulet.Example./Balcony" → "juliet@capulet.example/Balcony". */
export function normalizeJid(input: string): string {
  return formatJid(parseJid(input));
}

/** The normalised bare JID (resource dropped); throws ParseError on anything RFC 7622 rejects. */
export function validBareJid(input: string): string {
  const { resource: _, ...bare } = parseJid(input);
  return formatJid(bare);
}

/** The old name of validBareJid, kept for code outside that imports it from the core. */
export const bareJid = validBareJid;
