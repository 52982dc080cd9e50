/**
 * Our SASL (RFC 6120 §6) stream feature for xmpp.js, replacing @xmpp/sasl.
 *
 * Why our own: @xmpp/sasl ignores the additional data in <success/>, where SCRAM servers put
 * the server signature (`v=`), so it cannot tell a real server from one that merely says yes.
 * Here a missing or wrong signature fails the login. Preference: SCRAM-SHA-512, SCRAM-SHA-256,
 * SCRAM-SHA-1, then PLAIN — PLAIN only over a secure transport.
 *
 * Pinning: an account with stored SCRAM keys signs in with that mechanism and nothing else.
 * Whatever a server does then — stops offering it, offers only PLAIN, fails the signature,
 * changes the salt — ends in an error that asks for nothing; the one exception is a plain
 * not-authorized ('keys-rejected', most likely a changed password), where the window may ask
 * for the password with that explanation, and that password is again only used with SCRAM
 * (`scramOnly`). Nothing here ever falls back to PLAIN or a prompt on its own.
 */
import xml, { type Element } from '@xmpp/xml';
import { SessionError } from './errors.ts';
import { ScramClient, ScramError, type ScramKeys, type ScramMechanism, fromBase64, toBase64 } from './scram.ts';

export const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';

export type Mechanism = ScramMechanism | 'PLAIN';
const SCRAM_PREFERENCE: readonly ScramMechanism[] = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1'];

/** What the credential store holds. Binary values are base64. */
export type Secret =
  | {
      kind: 'scram-keys';
      mechanism: ScramMechanism;
      clientKey: string;
      serverKey: string;
      salt: string;
      iterations: number;
    }
  | { kind: 'password'; password: string };

/** Injected by the caller (the extension keeps it in storage.local; tests keep it in memory). */
export interface CredentialStore {
  get(): Promise<Secret | undefined>;
  save(secret: Secret): Promise<void>;
}

export interface SaslOutcome {
  mechanism: Mechanism;
  /** Keys derived from a password during a SCRAM login, ready to store instead of it. */
  derived?: Extract<Secret, { kind: 'scram-keys' }>;
  /** The SCRAM server-first-message (salt detection compares it with a second one). */
  serverFirst?: string;
}

/** The slice of an xmpp.js entity this module uses. */
export interface SaslEntity {
  send(el: Element): Promise<void>;
  on(event: 'nonza', fn: (el: Element) => void): unknown;
  removeListener(event: 'nonza', fn: (el: Element) => void): unknown;
}

interface Step {
  /** Initial response for <auth/>. */
  initial: string;
  /** Answer to a <challenge/>; undefined = the exchange should be over. */
  challenge(data: string): Promise<string | undefined>;
  /** Checks <success/> data (or what earlier challenges established). */
  success(data: string | undefined): void;
}

/**
 * Picks the mechanism for a secret among those offered, or throws the SessionError to report.
 * Stored keys fit one mechanism only; `scramOnly` (an account that had keys, or whose server
 * is known to offer SCRAM) never lets a typed password go out as PLAIN.
 */
export function chooseMechanism(offered: readonly string[], secret: Secret, secure: boolean, scramOnly = false): Mechanism {
  if (secret.kind === 'scram-keys') {
    if (offered.includes(secret.mechanism)) return secret.mechanism;
    throw unproven(`${secret.mechanism} gone`, offered);
  }
  const scram = SCRAM_PREFERENCE.find((m) => offered.includes(m));
  if (scram) return scram;
  if (scramOnly) throw unproven('SCRAM gone', offered);
  if (offered.includes('PLAIN')) {
    if (secure) return 'PLAIN';
    throw new SessionError('insecure-plain', 'PLAIN only, not encrypted', offered.join(' '));
  }
  throw new SessionError('refused', 'No known mechanism', offered.join(' '));
}

const unproven = (message: string, offered: readonly string[]) =>
  new SessionError('server-unproven', message, `offered: ${offered.join(' ') || 'nothing'}`);

function scramStep(c: ScramClient): Step {
  let finalSent = false;
  let verified = false;
  const verify = (data: string) => {
    c.verify(data);
    verified = true;
  };
  return {
    initial: c.first(),
    async challenge(data) {
      if (!finalSent) {
        finalSent = true;
        return c.final(data);
      }
      // RFC 6120 §6.3.10 allows server-final in a challenge, answered by an empty response.
      verify(data);
      return '';
    },
    success(data) {
      if (data) verify(data);
      if (!verified) throw new ScramError('bad-server-final', 'no v=');
    },
  };
}

function plainStep(username: string, password: string): Step {
  return {
    initial: `\0${username}\0${password}`,
    async challenge() {
      return undefined;
    },
    success() {},
  };
}

const encode = (s: string) => toBase64(new TextEncoder().encode(s));
function decode(b64: string): string {
  const t = b64.trim();
  if (t === '' || t === '=') return '';
  const bytes = fromBase64(t);
  if (!bytes) throw new ScramError('bad-server-final', 'not base64');
  return new TextDecoder().decode(bytes);
}

/**
 * Runs one SASL exchange on an open stream. Resolves on a verified <success/>; rejects with a
 * SessionError (see toSessionError). Nothing is sent when the mechanism choice fails.
 */
export async function authenticate(
  entity: SaslEntity,
  offered: readonly string[],
  opts: { username: string; secret: Secret; secure: boolean; scramOnly?: boolean },
): Promise<SaslOutcome> {
  const { username, secret } = opts;
  const mechanism = chooseMechanism(offered, secret, opts.secure, opts.scramOnly);
  const fromKeys = secret.kind === 'scram-keys';

  let step: Step;
  let scram: ScramClient | undefined;
  if (mechanism === 'PLAIN') {
    // chooseMechanism picks PLAIN for a password only.
    step = plainStep(username, (secret as { password: string }).password);
  } else {
    scram = new ScramClient(
      mechanism,
      username,
      secret.kind === 'password'
        ? { password: secret.password }
        : { keys: secretToKeys(secret) },
    );
    step = scramStep(scram);
  }

  try {
    await exchange(entity, mechanism, step);
  } catch (err) {
    throw toSessionError(err, fromKeys);
  }

  const outcome: SaslOutcome = { mechanism, serverFirst: scram?.serverFirst };
  if (scram?.keys && secret.kind === 'password' && mechanism !== 'PLAIN') {
    outcome.derived = keysToSecret(mechanism, scram.keys);
  }
  return outcome;
}

export class SaslFailure extends Error {
  constructor(readonly condition: string, text: string) {
    super(`SASL failure: ${condition}${text ? ` (${text})` : ''}`);
  }
}

function exchange(entity: SaslEntity, mechanism: Mechanism, step: Step): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let busy = Promise.resolve();
    const finish = (err?: unknown) => {
      entity.removeListener('nonza', onNonza);
      if (err) reject(err);
      else resolve();
    };
    // Challenges are handled one after another: each awaits WebCrypto.
    const onNonza = (el: Element) => {
      if (el.attrs.xmlns !== NS_SASL) return;
      busy = busy.then(async () => {
        try {
          if (el.name === 'challenge') {
            const answer = await step.challenge(decode(el.text()));
            if (answer === undefined) throw new ScramError('bad-server-final', 'challenge');
            // An empty answer is an empty <response/> (xml() leaves out a '' child).
            await entity.send(xml('response', { xmlns: NS_SASL }, answer && encode(answer)));
          } else if (el.name === 'success') {
            step.success(el.text().trim() ? decode(el.text()) : undefined);
            finish();
          } else if (el.name === 'failure') {
            const condition = el.children.find((c): c is Element => typeof c !== 'string' && c.name !== 'text');
            finish(new SaslFailure(condition?.name ?? 'not-authorized', el.getChildText('text') ?? ''));
          }
        } catch (err) {
          finish(err);
        }
      });
    };
    entity.on('nonza', onNonza);
    entity.send(xml('auth', { xmlns: NS_SASL, mechanism }, encode(step.initial))).catch(finish);
  });
}

/**
 * What a failed exchange means for the user. Exported for tests.
 * - The server broke SCRAM (wrong or missing `v=`, a nonce or server-first it should not send):
 *   'server-unproven', with keys or a password alike — it did not prove it is the user's server.
 * - Stored keys and a new salt or iteration count: 'server-keys-changed'. A password change on
 *   Prosody does this, but so could a server that is not the user's, fishing for a password;
 *   the keys cannot tell which, so the window asks for nothing and points to the options page.
 * - Stored keys refused (not-authorized, credentials-expired, `e=` in server-final):
 *   'keys-rejected', the one case that may ask for the password, saying why.
 * - A password refused: 'auth-failed'.
 */
export function toSessionError(err: unknown, fromKeys: boolean): unknown {
  if (err instanceof SessionError) return err;
  const rejected = (detail: string) =>
    fromKeys
      ? new SessionError('keys-rejected', 'Stored keys refused', detail, { cause: err })
      : new SessionError('auth-failed', 'Wrong address or password', detail, { cause: err });
  if (err instanceof ScramError) {
    if (err.code === 'salt-changed' && fromKeys) {
      return new SessionError('server-keys-changed', 'Salt or iteration count changed', err.code, { cause: err });
    }
    if (err.code === 'server-error') return rejected(err.message);
    return new SessionError('server-unproven', `SCRAM: ${err.message}`, err.code, { cause: err });
  }
  if (err instanceof SaslFailure) {
    if (err.condition === 'not-authorized' || err.condition === 'credentials-expired') return rejected(err.condition);
    // account-disabled, temporary-auth-failure, …: no password would help.
    return new SessionError(fromKeys ? 'refused' : 'auth-failed', err.message, err.condition, { cause: err });
  }
  return err;
}

export function secretToKeys(s: Extract<Secret, { kind: 'scram-keys' }>): ScramKeys {
  const clientKey = fromBase64(s.clientKey);
  const serverKey = fromBase64(s.serverKey);
  const salt = fromBase64(s.salt);
  if (!clientKey || !serverKey || !salt) {
    throw new SessionError('password-needed', 'Stored keys damaged', 'bad-stored-keys');
  }
  return { clientKey, serverKey, salt, iterations: s.iterations };
}

export function keysToSecret(mechanism: ScramMechanism, k: ScramKeys): Extract<Secret, { kind: 'scram-keys' }> {
  return {
    kind: 'scram-keys',
    mechanism,
    clientKey: toBase64(k.clientKey),
    serverKey: toBase64(k.serverKey),
    salt: toBase64(k.salt),
    iterations: k.iterations,
  };
}
