/**
 * Where an account's secret lives. SCRAM keys go to storage.local (they are not the password);
 * a password goes to storage.local only if the user chose to remember it (PLAIN-only servers),
 * otherwise to storage.session, gone when the browser closes. Never storage.sync.
 */
import { browser } from './browser.ts';
import type { CredentialStore, Secret } from '../xmpp/session.ts';

export const secretKey = (accountId: string) => `secret:${accountId}`;
const key = secretKey;

/** The secret for an account in already-read storage areas: the session copy first, as readSecret. */
export function secretIn(session: Record<string, unknown>, local: Record<string, unknown>, accountId: string): Secret | undefined {
  return (session[secretKey(accountId)] ?? local[secretKey(accountId)]) as Secret | undefined;
}

export async function readSecret(accountId: string): Promise<Secret | undefined> {
  const k = key(accountId);
  const session = (await browser.storage.session.get(k))[k] as Secret | undefined;
  if (session) return session;
  return (await browser.storage.local.get(k))[k] as Secret | undefined;
}

/** Keeps `secret`, replacing any other copy, in the one place its kind belongs. */
export async function writeSecret(accountId: string, secret: Secret, rememberPassword = false): Promise<void> {
  const k = key(accountId);
  const durable = secret.kind === 'scram-keys' || rememberPassword;
  await (durable ? browser.storage.session : browser.storage.local).remove(k);
  await (durable ? browser.storage.local : browser.storage.session).set({ [k]: secret });
}

export async function forgetSecret(accountId: string): Promise<void> {
  await browser.storage.local.remove(key(accountId));
  await browser.storage.session.remove(key(accountId));
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
