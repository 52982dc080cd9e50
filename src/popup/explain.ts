/**
 * One way to say any failure (sign-in, send, room, registration, roster, link parsing): a
 * sentence from _locales, the raw reason for a details line, and whether trying again may help.
 * Shared by the action window's views and the options page, so a code reads the same everywhere.
 */
import type { ParseError } from '../core/errors.ts';
import { t } from '../shared/i18n.ts';
import { domainOf } from '../shared/wire-jid.ts';
import { type ErrorArea, type SessionErrorCode, toXmppError } from '../xmpp/errors.ts';

export interface Explained {
  text: string;
  detail: string;
  /** False when the same click cannot help (the connection panel above offers its own "Try again"). */
  canRetry: boolean;
}

const SESSION: Record<SessionErrorCode, string> = {
  'auth-failed': 'action_errAuthFailed',
  'password-needed': 'action_errPasswordNeeded',
  unreachable: 'action_errUnreachable',
  refused: 'action_errRefused',
  'no-websocket-endpoint': 'action_errNoWebsocket',
  timeout: 'action_errTimeout',
  'insecure-plain': 'action_errInsecurePlain',
  'keys-rejected': 'action_errKeysRejected',
  'server-unproven': 'action_errServerUnproven',
  'server-keys-changed': 'action_errServerKeysChanged',
};

/**
 * What the user was doing, in words: the same condition means different things to a room and to
 * a roster. Each job's book sits with its views (phrases/), so a window loads only its own.
 */
export interface Phrasebook {
  /** The area whose codes `keys` knows; an error of any other area gets `other`. */
  area: ErrorArea;
  keys: Readonly<Record<string, string>>;
  /** A code of `area` missing from `keys`. */
  fallback: string;
  other: string;
  /** Said instead of the sign-in failure itself, which the connection panel above explains (with its own "Try again"). */
  signedOut?: string;
}

/** Sending a message: a failed sign-in or an unconfirmed send are the usual reasons. */
export const SEND: Phrasebook = {
  area: 'send',
  keys: { 'not-confirmed': 'action_notConfirmed' },
  fallback: 'action_errOther',
  other: 'action_errOther',
  signedOut: 'action_notSentSignIn',
};

/** The sentence for a link or file error code (parse and re-read codes alike). */
export function linkErrorText(code: string | undefined): string {
  const key = `linkErr_${(code ?? 'internal').replace(/-/g, '_')}`;
  const text = t(key);
  return text === key ? t('linkErr_internal') : text; // t() answers an unknown key with the key
}

/** Without a book: a sign-in (or anything said in sign-in words). `account`: the address some sentences name. */
export function explain(err: unknown, book?: Phrasebook, account = ''): Explained {
  // By name: a request's error crossed a message boundary as a plain object, and the class stays out of the bundle.
  if ((err as ParseError | undefined)?.name === 'ParseError') {
    const e = err as ParseError;
    return { text: linkErrorText(e.code), detail: `${e.code}: ${e.message}`, canRetry: false };
  }
  const x = toXmppError(err, book?.area ?? 'other');
  if (x.area === 'session') {
    const detail = `${x.code}${x.detail ? ` (${x.detail})` : ''}: ${x.message}`;
    if (book?.signedOut) return { text: t(book.signedOut), detail, canRetry: false };
    const sub = x.code === 'no-websocket-endpoint' ? domainOf(account) : account;
    return { text: t(SESSION[x.code as SessionErrorCode] ?? 'action_errOther', sub), detail, canRetry: true };
  }
  const detail = x.detail ?? x.message;
  const key = !book ? 'action_errOther' : x.area === book.area ? (book.keys[x.code] ?? book.fallback) : book.other;
  // `account` fills a $1 where the sentence has one (e.g. the server an account is made on).
  return { text: t(key, account), detail, canRetry: true };
}
