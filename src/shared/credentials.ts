/**
 * Where an account's secret lives. SCRAM keys go to storage.local (they are not the password);
 * a password goes to storage.local only if the user chose to remember it (PLAIN-only servers),
 * otherwise to storage.session, gone when the browser closes. Never storage.sync.
 */
import type { CredentialStore, Secret } from '../xmpp/session.ts';
import { type Account, type LocalData, type SessionData, local, secretKey, session } from './storage.ts';

/** The secret for an account in already-read storage areas: the session copy first, as readSecret. */
export function secretIn(inSession: Record<string, unknown>, inLocal: Record<string, unknown>, accountId: string): Secret | undefined {
  return (inSession as Partial<SessionData>)[secretKey(accountId)] ?? (inLocal as Partial<LocalData>)[secretKey(accountId)];
}

export async function readSecret(accountId: string): Promise<Secret | undefined> {
  const k = secretKey(accountId);
  return (await session.get(k)) ?? (await local.get(k));
}

/** Keeps `secret`, replacing any other copy, in the one place its kind belongs. */
export async function writeSecret(accountId: string, secret: Secret, rememberPassword = false): Promise<void> {
  const k = secretKey(accountId);
  const durable = secret.kind === 'scram-keys' || rememberPassword;
  if (durable) {
    await session.remove(k);
    await local.set(k, secret);
  } else {
    await local.remove(k);
    await session.set(k, secret);
  }
}

export async function forgetSecret(accountId: string): Promise<void> {
  await local.remove(secretKey(accountId));
  await session.remove(secretKey(accountId));
}

/**
 * The store a session signs in with. `password` (just typed by the user) takes precedence over
 * what is stored; after a SCRAM login the session saves the derived keys, which replace it.
 * `known`: the stored secret already read (the window's storage snapshot), saving a round trip.
 * `keepKeys`: false when derived keys must not replace the password (see Account.saltChanges).
 */
export function credentialStore(accountId: string, password?: string, known?: Secret, keepKeys = true): CredentialStore {
  return {
    get: async () => (password ? { kind: 'password', password } : (known ?? readSecret(accountId))),
    // keepKeys false: the account's server changes its salt at every sign-in (Account.saltChanges),
    // so keys are useless; a password the user just typed is kept for this browser session
    // (storage.session) instead, so they are asked once per session, not once per window.
    save: async (secret) => {
      if (keepKeys) await writeSecret(accountId, secret);
      else if (password) await writeSecret(accountId, { kind: 'password', password });
    },
  };
}

/**
 * The store a saved account signs in with: a server with a new salt at every sign-in
 * (Account.saltChanges) keeps the password, since keys would never fit again.
 */
export function accountCredentials(account: Pick<Account, 'id' | 'saltChanges'>, password?: string, known?: Secret): CredentialStore {
  return credentialStore(account.id, password, known, !account.saltChanges);
}
