/** The core contract (DESIGN.md "The core contract"): pure parsing, no browser API, no DOM. */
export type { Action, Kind } from './action';
export { PARSE_ERROR_CODES, ParseError, type ParseErrorCode, type ParseFailure } from './errors';
export { MAX_FILE_BYTES, parseJabberFile } from './jabber-file';
export { bareJid, type Jid, MAX_JID_PART_BYTES, normalizeJid, parseJid, validBareJid } from './jid';
export { formatXmppUri, MAX_URI_LENGTH, parseXmppUri } from './uri';
