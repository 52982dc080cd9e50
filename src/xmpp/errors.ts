/** Every way `openSession` can fail; views map a code to a `_locales` message. */
export type SessionErrorCode =
  | 'no-websocket-endpoint' // XEP-0156 found no usable endpoint (or none was configured)
  | 'unreachable' // DNS, connection refused, TLS, no answer on connect, host-meta unreachable
  | 'refused' // the server answered but would not have us: HTTP error on upgrade, stream error, closed stream
  | 'auth-failed' // wrong address or password, or a server that failed the SCRAM checks
  | 'password-needed' // no secret stored, or stored keys no longer fit the server
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
