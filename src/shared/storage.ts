/**
 * What the extension keeps, where, and under which key: the one schema of storage.local (kept
 * on disk: accounts, their SCRAM keys or a remembered password, the landing-page tokens) and
 * storage.session (gone with the browser: action requests, a password typed for this session,
 * the window bookkeeping). Never storage.sync. Every read and write goes through `local` and
 * `session`, so a key is spelt once and its value has one type.
 */
import type { Secret } from '../xmpp/sasl.ts';
import { browser } from './browser.ts';
import type { ActionRequest } from './request.ts';

export interface Account {
  id: string;
  /** Bare JID the user signs in as. */
  jid: string;
  /** Typed by the user (Advanced). Empty or absent: the one XEP-0156 found, `discoveredUrl`. */
  websocketUrl?: string;
  /**
   * The endpoint XEP-0156 discovery found when the account was saved (or, for an account saved
   * before this field existed, at its first sign-in). Signing in uses it and never discovers
   * again on its own: a host-meta answer is trusted once, when the user asked for it.
   */
  discoveredUrl?: string;
  /**
   * The server makes up a new SCRAM salt at every sign-in (ejabberd with plain passwords), so
   * derived keys never fit again: its password is kept as for a PLAIN-only server, never keys.
   */
  saltChanges?: true;
  nickname?: string;
}

export interface AccountList {
  accounts: Account[];
  defaultId?: string;
}

export const secretKey = (accountId: string) => `secret:${accountId}` as const;
export const requestKey = (id: string) => `request:${id}` as const;

export interface LocalData {
  accounts: AccountList;
  /** Owned by background/intercept.chrome.ts. */
  landingSecret: unknown;
  [secret: `secret:${string}`]: Secret;
}

export interface SessionData {
  /** Owned by background/windows.ts. */
  windows: unknown;
  [request: `request:${string}`]: ActionRequest;
  [secret: `secret:${string}`]: Secret;
}

function area<T>(name: 'local' | 'session') {
  const s = () => browser.storage[name];
  return {
    get: async <K extends keyof T & string>(key: K): Promise<T[K] | undefined> => (await s().get(key))[key] as T[K] | undefined,
    set: <K extends keyof T & string>(key: K, value: T[K]): Promise<void> => s().set({ [key]: value }),
    remove: <K extends keyof T & string>(key: K): Promise<void> => s().remove(key),
    /** Everything at once (the action window's snapshot, the background's window hints). */
    all: async (): Promise<Partial<T>> => (await s().get(null)) as Partial<T>,
  };
}

export const local = area<LocalData>('local');
export const session = area<SessionData>('session');
