/**
 * One sign-in attempt from the options page, shared by "Test connection" and "Save".
 *
 * The password typed in the form is used for this attempt only. Whatever the session wants to
 * keep (SCRAM keys) is held in memory here and written by the caller only when the account is
 * saved, so testing an address that is never saved leaves nothing behind, and the plaintext
 * password is never handed to storage after a SCRAM login.
 */
import type { Account } from '../shared/accounts.ts';
import { readSecret } from '../shared/credentials.ts';
import { probeServerFirst } from '../xmpp/salt-probe.ts';
import type { ScramMechanism } from '../xmpp/scram.ts';
import { saltChanged } from '../xmpp/scram.ts';
import { type Mechanism, type ProgressStep, type Secret, SessionError, openSession } from '../xmpp/session.ts';
import { bareOf } from '../shared/wire-jid.ts';

/** The whole test ends within this, whatever the server does: a person waits no longer than 10 s for an answer. */
export const TEST_DEADLINE_MS = 10_000;
/** Per step inside the session; leaves room for discovery + connect + sign-in within the deadline. */
const STEP_TIMEOUT_MS = 5_000;

export interface TestInput {
  /** Id the stored secret lives under (existing account), or a fresh id for a new one. */
  accountId: string;
  jid: string;
  websocketUrl?: string;
  /** Typed by the user; absent = sign in with what is stored for `accountId`. */
  password?: string;
  onProgress(step: ProgressStep): void;
}

export interface TestSuccess {
  ok: true;
  jid: string;
  endpoint: string;
  discovered: boolean;
  mechanism: Mechanism;
  /** What to store on save: derived keys, or the password when the server only took PLAIN or changes its salt. */
  secret?: Secret;
  /** A second SCRAM start got another salt: keys would never fit again, so the password is kept (like PLAIN). */
  saltChanges?: true;
}

export interface TestFailure {
  ok: false;
  error: SessionError;
}

/**
 * What Save stores after a successful sign-in (undefined: keep what is stored). Keys derived
 * from the password, except where they cannot be reused — a PLAIN-only server, or one whose salt
 * changes at every sign-in — where only a password typed now is kept (the one already stored
 * stays as it is: keys derived from it would never fit again).
 */
export function secretToKeep(o: { typed: string | undefined; derived: Secret | undefined; mechanism: Mechanism; saltChanges: boolean }): Secret | undefined {
  const typed: Secret | undefined = o.typed ? { kind: 'password', password: o.typed } : undefined;
  if (o.saltChanges || o.mechanism === 'PLAIN') return typed;
  return o.derived;
}

/**
 * True when a second SCRAM start gets another salt than `serverFirst`. A probe that fails tells
 * nothing: the keys are kept, and should they not fit, sign-in says the keys changed.
 */
async function saltChangesAt(endpoint: string, jid: string, mechanism: Mechanism, serverFirst: string, ms: number): Promise<boolean> {
  try {
    return saltChanged(serverFirst, await probeServerFirst(endpoint, jid, mechanism as ScramMechanism, ms));
  } catch {
    return false;
  }
}

export async function testSignIn(input: TestInput): Promise<TestSuccess | TestFailure> {
  const started = performance.now();
  let derived: Secret | undefined;
  const account: Pick<Account, 'jid' | 'websocketUrl'> = { jid: input.jid, websocketUrl: input.websocketUrl ?? '' };
  const attempt = openSession(account, {
    timeoutMs: STEP_TIMEOUT_MS,
    onProgress: input.onProgress,
    credentials: {
      get: async () => (input.password ? { kind: 'password', password: input.password } : readSecret(input.accountId)),
      save: async (secret) => {
        derived = secret;
      },
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SessionError('timeout', `No result within ${TEST_DEADLINE_MS / 1000} s`, 'deadline')),
      TEST_DEADLINE_MS,
    );
  });
  try {
    const session = await Promise.race([attempt, deadline]);
    await session.close();
    // Keys just derived from a typed password: will they fit next time? Ask the server once more.
    const left = Math.max(1000, TEST_DEADLINE_MS - (performance.now() - started));
    const changes = !!derived && !!session.serverFirst && (await saltChangesAt(session.endpoint, input.jid, session.mechanism, session.serverFirst, left));
    const secret = secretToKeep({ typed: input.password, derived, mechanism: session.mechanism, saltChanges: changes });
    return {
      ok: true,
      jid: bareOf(session.jid),
      endpoint: session.endpoint,
      discovered: !input.websocketUrl,
      mechanism: session.mechanism,
      secret,
      saltChanges: changes || undefined,
    };
  } catch (err) {
    // A session that opens after the deadline must not linger.
    attempt.then((s) => s.close()).catch(() => {});
    const error = err instanceof SessionError ? err : new SessionError('refused', String((err as Error)?.message ?? err));
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}
