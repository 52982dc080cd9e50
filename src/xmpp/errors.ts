/**
 * Every failure the window or the options page can meet, as one coded type: which job failed
 * (`area`) and how (`code`), plus the raw condition for a details line. Views never read server
 * prose or class names; `popup/explain.ts` turns an area and a code into a sentence.
 */
import type { Element } from '@xmpp/xml';

/** The job that failed: the same condition means different things to a room and to a roster. */
export type ErrorArea = 'session' | 'discovery' | 'muc' | 'register' | 'unregister' | 'roster' | 'send' | 'other';

export class XmppError<C extends string = string> extends Error {
  override name = 'XmppError';
  constructor(
    readonly area: ErrorArea,
    readonly code: C,
    message: string,
    /** The raw condition for a details line (e.g. "not-authorized", "host-unknown", "HTTP 404"). */
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Every way `openSession` can fail. */
export type SessionErrorCode =
  | 'no-websocket-endpoint' // XEP-0156 found no usable endpoint (or none was configured)
  | 'unreachable' // DNS, connection refused, TLS, no answer on connect, host-meta unreachable
  | 'refused' // the server answered but would not have us: HTTP error on upgrade, stream error, closed stream
  | 'auth-failed' // wrong address or password (a typed or stored password, never stored keys)
  | 'password-needed' // no secret stored (or stored keys damaged): ask for the password
  | 'keys-rejected' // stored keys answered with not-authorized: most likely the password changed
  | 'server-unproven' // the server did not prove it knows our keys: no SCRAM offered to an account that has keys, or a wrong/missing server signature
  | 'server-keys-changed' // stored keys, but the server's salt or iteration count changed
  | 'insecure-plain' // only PLAIN offered, over a transport that is not secure
  | 'timeout'; // a step took longer than its limit

export class SessionError extends XmppError<SessionErrorCode> {
  override name = 'SessionError';
  constructor(code: SessionErrorCode, message: string, detail?: string, options?: { cause?: unknown }) {
    super('session', code, message, detail, options);
  }
}

/**
 * Anything a session call rejected with, as an XmppError of `area`: an xmpp.js StanzaError keeps
 * its condition as the code and a TimeoutError becomes 'timeout' (both of `area`); anything else is
 * area 'other'. An XmppError passes through unchanged (a sign-in failure stays one, whatever the
 * caller was doing).
 */
export function toXmppError(err: unknown, area: ErrorArea): XmppError {
  if (err instanceof XmppError) return err;
  const e = err as { name?: string; condition?: string; text?: string; message?: string } | undefined;
  if (e?.name === 'StanzaError' && e.condition) {
    return new XmppError(area, e.condition, e.message ?? e.condition, e.text ? `${e.condition}: ${e.text}` : e.condition, { cause: err });
  }
  if (e?.name === 'TimeoutError') return new XmppError(area, 'timeout', e.message ?? 'timeout', 'timeout', { cause: err });
  const message = e?.message ?? String(err);
  return new XmppError('other', 'other', message, message, { cause: err });
}

/** Maps whatever went wrong while signing in (at `step`) to a SessionError with a stable code. */
export function classifySessionError(err: unknown, step: string): SessionError {
  if (err instanceof SessionError) return err;
  const e = err as { name?: string; message?: string; condition?: string };
  if (e?.name === 'StreamError') {
    return new SessionError('refused', `Stream error: ${e.condition}`, e.condition, { cause: err });
  }
  if (e?.name === 'TimeoutError') {
    return new SessionError(step === 'connecting' ? 'unreachable' : 'timeout', `No answer while ${step}`, `timeout:${step}`, { cause: err });
  }
  const msg = e?.message ?? String(err);
  // `ws` (Node) reports the HTTP status of a failed upgrade; browsers give no detail at all.
  const http = /Unexpected server response: (\d+)/.exec(msg);
  if (http) return new SessionError('refused', 'WebSocket refused', `HTTP ${http[1]}`, { cause: err });
  if (step === 'connecting') return new SessionError('unreachable', msg, msg, { cause: err });
  return new SessionError('refused', `Failed while ${step}`, msg, { cause: err });
}

const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

/**
 * The defined condition of a stanza's `<error/>` (RFC 6120 §8.3.3), 'undefined-condition' when it
 * names none, and the error's text if any: for errors that arrive as stanzas (a bounced message,
 * a room's refusal) rather than as a rejected iq.
 */
export function stanzaErrorOf(stanza: Element): { condition: string; text?: string } {
  const error = stanza.getChild('error');
  const cond = error?.children.find((c): c is Element => typeof c !== 'string' && c.attrs.xmlns === NS_STANZAS && c.name !== 'text');
  return { condition: cond?.name ?? 'undefined-condition', text: error?.getChildText('text', NS_STANZAS)?.trim() || undefined };
}
