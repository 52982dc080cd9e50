/**
 * Spotting look-alike addresses: a domain that mixes writing systems (Latin "apple" with a
 * Cyrillic "а") is shown with its ASCII (punycode, RFC 3492) form beside it, the way browsers
 * treat such host names (Chromium's IDN display policy, UTS #39 "mixed script").
 * Pure: no DOM, used by the window's JID display and tested in Node.
 */
import { splitJid } from './wire-jid.ts';

/**
 * The ASCII (A-label) form of a domain, from the platform's own IDNA (the WHATWG URL parser,
 * UTS #46; in the browser and in Node), rather than a punycode package: the window's code is held
 * to a size budget (scripts/pack.mjs) and this one costs nothing. Undefined if it is no host name.
 */
export function toASCII(domain: string): string | undefined {
  if (/[/?#@:\\\s%[\]]/.test(domain)) return undefined;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Scripts told apart: those that look like Latin (Greek, Cyrillic, Armenian) and those that
 * languages use together with others; any other letter counts as one more script, "other".
 */
const PATTERNS = 'Latin Greek Cyrillic Armenian Hebrew Arabic Georgian Thai Devanagari Hangul Hiragana Katakana Bopomofo Han'
  .split(' ')
  .map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')] as const);
/** Digits, punctuation, combining marks: shared by every script. */
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

/** Writing systems used together in one language, which are not a warning sign (UTS #39 §5.1 "Highly Restrictive"). */
const TOGETHER = ['Latin Han Hiragana Katakana', 'Latin Han Bopomofo', 'Latin Han Hangul'].map((l) => l.split(' '));

/** The scripts of the letters in `text`, leaving out digits, punctuation and marks. */
export function scriptsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const ch of text) {
    if (NEUTRAL.test(ch)) continue;
    found.add(PATTERNS.find(([, re]) => re.test(ch))?.[0] ?? 'other');
  }
  return found;
}

/** True when `text` mixes writing systems in a way no single language does. */
export function mixesScripts(text: string): boolean {
  const found = scriptsOf(text);
  if (found.size < 2) return false;
  return !TOGETHER.some((allowed) => [...found].every((s) => allowed.includes(s)));
}

/**
 * For a JID whose domain mixes scripts: the same JID with its domain in ASCII (punycode), to
 * show beside it; otherwise undefined. The localpart and resource have no ASCII form and stay.
 */
export function asciiFormIfMixed(jid: string): string | undefined {
  const { local, domain, resource } = splitJid(jid);
  if (!mixesScripts(domain)) return undefined;
  const ascii = toASCII(domain);
  if (!ascii) return undefined;
  return `${local ? `${local}@` : ''}${ascii}${resource ? `/${resource}` : ''}`;
}
