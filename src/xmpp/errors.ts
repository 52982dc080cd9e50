/** Every way `openSession` can fail; views map a code to a `_locales` message. */
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

export class SessionError extends Error {
  override readonly name = 'SessionError';
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    /** The raw condition for a details line (e.g. "not-authorized", "host-unknown", "HTTP 404"). */
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
