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
import { type Mechanism, type ProgressStep, type Secret, SessionError, openSession } from '../xmpp/session.ts';

/** The whole test ends within this, whatever the server does (issue 6: ≤ 10 s). */
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
  /** What to store on save: derived keys, or the password when the server only took PLAIN. */
  secret?: Secret;
  ms: number;
}

export interface TestFailure {
  ok: false;
  error: SessionError;
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
    const ms = performance.now() - started;
    await session.close();
    const secret: Secret | undefined =
      derived ?? (session.mechanism === 'PLAIN' && input.password ? { kind: 'password', password: input.password } : undefined);
    return {
      ok: true,
      jid: session.jid.split('/')[0] ?? session.jid,
      endpoint: session.endpoint,
      discovered: !input.websocketUrl,
      mechanism: session.mechanism,
      ...(secret ? { secret } : {}),
      ms,
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
