/**
 * xmpp: URIs and IRIs (RFC 5122) with XEP-0147 query actions.
 *
 *   xmpp:[//account@host/]node@domain/resource[?action[;key=value]*][#fragment]
 *
 * Decisions a caller should know:
 * - Input is trimmed of leading/trailing ASCII white space (as browsers do for hrefs); any
 *   other C0/C1 control character or DEL in the raw URI is rejected (`control-character`).
 * - At most MAX_URI_LENGTH UTF-16 code units, checked before anything else (`too-large`).
 * - Scheme and action name are case-insensitive; keys are case-sensitive (XEP-0147 registry).
 * - Raw non-ASCII (IRIs) is accepted; raw characters RFC 5122 would want escaped (space, `"`,
 *   `<`...) are tolerated because browsers and people hand them over; every decoded part is
 *   validated on its own.
 * - `?message` with no type or `type=normal` → kind `message`; `type=chat` → kind `chat`; any
 *   other type (groupchat, headline, error) → `unsupported-message-type`: a groupchat message
 *   needs the room joined first, and a headline is not something a person composes.
 * - A query whose first part holds "=" has no action (Conversations writes
 *   `xmpp:user@host?omemo-sid-123=…`): kind `open`, keys ignored. Same for an empty action.
 * - A pair without "=" is that key with an empty value. Unknown keys are ignored and not
 *   decoded; a known key given twice is `duplicate-key` (only `jid` in `invite` repeats).
 * - Decoded values may hold tab, LF and CR (multi-line bodies) but no other control character.
 * - `xmpp://account@host` with no target is `missing-jid`.
 */
import type { Action, Kind } from './action';
import { ParseError, quote } from './errors';
import { formatJid, type Jid, jidFromParts, parseJid } from './jid';

export const MAX_URI_LENGTH = 8192;

/**
 * The XEP-0147 query actions understood, each with the keys it reads (`message` also reads
 * `type`: `chat` is `?message;type=chat`; `invite` also reads its repeated `jid`). The parser and
 * the formatter both go by it.
 */
const ACTION_KEYS: Record<string, readonly string[]> = {
  message: ['subject', 'body', 'thread'],
  roster: ['name', 'group', 'preauth', 'ibr'],
  join: ['password'],
  invite: ['password'],
  register: ['preauth', 'ibr'],
  subscribe: [],
  unsubscribe: [],
  remove: [],
  unregister: [],
};

/** XEP-0147 keys whose values are free text, where a "+" means a space. */
const PLUS_IS_SPACE = new Set(['subject', 'body', 'name', 'group']);
const RAW_CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const VALUE_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

/** Manual trim: a regex like /\s+$/ is quadratic on long runs of inner white space. */
function trimAscii(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

function decode(raw: string, what: string, plusIsSpace = false): string {
  const s = plusIsSpace ? raw.replaceAll('+', ' ') : raw;
  if (!s.includes('%')) return s;
  const bad = BAD_ESCAPE.exec(s);
  if (bad) {
    throw new ParseError(
      'bad-percent-encoding',
      `${what}: bad escape ${quote(s.slice(bad.index, bad.index + 3))}`,
      s.slice(0, 200),
    );
  }
  try {
    return decodeURIComponent(s);
  } catch {
    throw new ParseError('bad-utf8', `${what}: not UTF-8`, s.slice(0, 200));
  }
}

function checkValue(value: string, key: string): string {
  if (VALUE_CONTROL.test(value)) {
    throw new ParseError('control-character', `a control character in ${quote(key)}`);
  }
  return value;
}

/** `node@domain/resource` as written in a URI: split on raw separators, then decode each part. */
function jidFromUri(raw: string, what: string, allowResource: boolean): string {
  const slash = allowResource ? raw.indexOf('/') : -1;
  const bare = slash < 0 ? raw : raw.slice(0, slash);
  const at = bare.indexOf('@');
  const local = at < 0 ? undefined : decode(bare.slice(0, at), what);
  const domain = decode(at < 0 ? bare : bare.slice(at + 1), what);
  const resource = slash < 0 ? undefined : decode(raw.slice(slash + 1), what);
  return formatJid(jidFromParts(local, domain, resource));
}

export function parseXmppUri(input: string): Action {
  if (typeof input !== 'string') throw new ParseError('not-a-string', 'The link is not text.');
  if (input.length > MAX_URI_LENGTH) {
    throw new ParseError('too-large', `over ${MAX_URI_LENGTH} characters`, `${input.length} characters`);
  }
  const uri = trimAscii(input);
  if (uri === '') throw new ParseError('empty', 'The link is empty.');
  const ctl = RAW_CONTROL.exec(uri);
  if (ctl) {
    throw new ParseError('control-character', 'a control character', `U+${ctl[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${ctl.index}`);
  }
  if (LONE_SURROGATE.test(uri)) throw new ParseError('invalid-uri', 'broken Unicode (lone surrogate)');
  if (!/^xmpp:/i.test(uri)) throw new ParseError('not-xmpp-uri', `not xmpp: ${quote(uri)}`);

  let rest = uri.slice(5);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash); // RFC 5122 §2.4: the fragment has no XMPP meaning
  const q = rest.indexOf('?');
  let path = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? undefined : rest.slice(q + 1);

  let account: string | undefined;
  if (path.startsWith('//')) {
    const slash = path.indexOf('/', 2);
    const auth = slash < 0 ? path.slice(2) : path.slice(2, slash);
    if (auth === '') throw new ParseError('invalid-uri', '"xmpp://" and no account');
    account = jidFromUri(auth, 'account', false);
    path = slash < 0 ? '' : path.slice(slash + 1);
  }
  if (path === '') throw new ParseError('missing-jid', 'no address to act on');
  const jid = jidFromUri(path, 'address', true);
  const base = account === undefined ? { jid } : { jid, account };

  if (query === undefined) return { kind: 'open', ...base };
  const parts = query.split(';');
  const first = parts[0] ?? '';
  const hasAction = !first.includes('=');
  const action = hasAction ? decode(first, 'action').toLowerCase() : '';
  const params = new Map<string, string[]>();
  for (let i = hasAction ? 1 : 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (p === '') continue;
    const eq = p.indexOf('=');
    const key = eq < 0 ? p : p.slice(0, eq);
    const list = params.get(key);
    const value = eq < 0 ? '' : p.slice(eq + 1);
    if (list) list.push(value);
    else params.set(key, [value]);
  }
  const one = (key: string): string | undefined => {
    const values = params.get(key);
    if (!values) return undefined;
    if (values.length > 1) {
      throw new ParseError('duplicate-key', `${quote(key)} given twice`);
    }
    return checkValue(decode(values[0] ?? '', quote(key), PLUS_IS_SPACE.has(key)), key);
  };
  if (action === '') return { kind: 'open', ...base };
  if (!Object.hasOwn(ACTION_KEYS, action)) {
    throw new ParseError('unsupported-action', `This link asks for ${quote(action)}, which Jabber Link does not support yet.`, action.slice(0, 200));
  }
  let kind = action as Kind;
  if (action === 'message') {
    const type = one('type')?.toLowerCase();
    if (type === 'chat') kind = 'chat';
    else if (type !== undefined && type !== 'normal') {
      throw new ParseError('unsupported-message-type', `message type ${quote(type)}`);
    }
  }
  const out: Record<string, unknown> = { kind, ...base };
  if (action === 'invite') {
    const invitees = (params.get('jid') ?? []).map((raw) => formatJid(parseJidValue(raw)));
    if (invitees.length === 0) throw new ParseError('missing-invitee', 'nobody to invite');
    out.invitees = invitees;
  }
  for (const key of ACTION_KEYS[action] ?? []) {
    const v = one(key);
    if (v !== undefined) out[key] = v;
  }
  return out as unknown as Action;
}

/** An invitee `jid=` value: a whole JID, percent-decoded first (a "+" stays a plus). */
function parseJidValue(raw: string): Jid {
  return parseJid(decode(raw, '"jid"'));
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** Percent-encode all but RFC 3986 unreserved ASCII: valid in every part, and ASCII only. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    throw new ParseError('invalid-action', 'This action holds broken Unicode text.');
  }
}

function encJid(j: Jid): string {
  // An IPv6 literal keeps its brackets and colons raw (RFC 3986 IP-literal).
  const domain = j.domain.startsWith('[') ? j.domain : enc(j.domain);
  return `${j.local !== undefined ? `${enc(j.local)}@` : ''}${domain}${j.resource !== undefined ? `/${enc(j.resource)}` : ''}`;
}

/**
 * The RFC 5122 URI for an Action (ASCII only: non-ASCII is UTF-8 percent-encoded, so it
 * survives any copy and paste). Validates as it goes, throwing ParseError (`invalid-action`,
 * `invalid-jid`, `control-character`, `missing-invitee`) for something parseXmppUri could
 * not have produced, so that parseXmppUri(formatXmppUri(a)) always deep-equals a valid `a`.
 * `chat` is written `?message;type=chat`; `account` is written as the authority.
 */
export function formatXmppUri(action: Action): string {
  if (typeof action !== 'object' || action === null) throw new ParseError('invalid-action', 'There is no action to make a link for.');
  const kind = action.kind;
  // The query action a kind is written as: `chat` is `?message;type=chat`, `open` has none.
  const name = kind === 'chat' ? 'message' : kind;
  if (typeof kind !== 'string' || !(kind === 'open' || Object.hasOwn(ACTION_KEYS, name))) {
    throw new ParseError('invalid-action', `Jabber Link cannot make a link for the action ${quote(String(kind))}.`);
  }
  let out = 'xmpp:';
  if (action.account !== undefined) {
    const acc = parseJid(action.account);
    if (acc.resource !== undefined) {
      throw new ParseError('invalid-action', 'An xmpp: link can name an account, but not one of its resources.');
    }
    out += `//${encJid(acc)}/`;
  }
  out += encJid(parseJid(action.jid));
  if (kind === 'open') return out;

  const pairs: string[] = [name];
  if (kind === 'chat') pairs.push('type=chat');
  if (action.kind === 'invite') {
    const invitees = action.invitees;
    if (!Array.isArray(invitees) || invitees.length === 0) {
      throw new ParseError('missing-invitee', 'An invitation needs at least one address to invite.');
    }
    // "@" stays raw as in XEP-0147's examples (jid=hecate@shakespeare.lit); the parser splits on ";" and "=" only.
    for (const invitee of invitees) pairs.push(`jid=${enc(formatJid(parseJid(invitee))).replaceAll('%40', '@')}`);
  }
  const fields = action as unknown as Record<string, unknown>;
  for (const key of ACTION_KEYS[name] ?? []) {
    const v = fields[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw new ParseError('invalid-action', `The ${quote(key)} of this action is not text.`);
    pairs.push(`${key}=${enc(checkValue(v, key))}`);
  }
  return `${out}?${pairs.join(';')}`;
}
