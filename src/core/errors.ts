/**
 * Every rejection by the core parsers is a ParseError with a stable `code` (views map codes to
 * `_locales` messages) and an English `message` a person can read. `detail` keeps the raw
 * condition (position, offending text) for people who need it.
 */
export const PARSE_ERROR_CODES = [
  // any input
  'not-a-string',
  'empty',
  'too-large',
  'missing-jid',
  'invalid-jid',
  'unsupported-action',
  'control-character',
  // xmpp: URIs
  'not-xmpp-uri',
  'invalid-uri',
  'bad-percent-encoding',
  'bad-utf8',
  'duplicate-key',
  'unsupported-message-type',
  'missing-invitee',
  // jabber files
  'not-well-formed',
  'doctype',
  'entity-declaration',
  'processing-instruction',
  'cdata',
  'unknown-entity',
  'too-deep',
  'unknown-root',
  'wrong-namespace',
  'missing-action',
  'multiple-actions',
  'unexpected-content',
  // formatXmppUri given something that is not a valid Action
  'invalid-action',
] as const;

export type ParseErrorCode = (typeof PARSE_ERROR_CODES)[number];

/** What a ParseError looks like after crossing an extension context (structured clone / JSON). */
export interface ParseFailure {
  code: ParseErrorCode;
  message: string;
  detail?: string;
}

export class ParseError extends Error {
  override readonly name = 'ParseError';
  readonly code: ParseErrorCode;
  readonly detail?: string;

  constructor(code: ParseErrorCode, message: string, detail?: string) {
    super(message);
    this.code = code;
    if (detail !== undefined) this.detail = detail;
  }

  /** Plain data for `runtime.sendMessage`: an Error's own fields do not survive cloning. */
  toJSON(): ParseFailure {
    const out: ParseFailure = { code: this.code, message: this.message };
    if (this.detail !== undefined) out.detail = this.detail;
    return out;
  }
}

/** Untrusted text quoted in a message: short, one line. */
export function quote(s: string, max = 40): string {
  const flat = s.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ');
  return `"${flat.length > max ? `${flat.slice(0, max)}…` : flat}"`;
}
