/**
 * Accounts live in storage.local only (never sync). Secrets are kept apart from the account
 * list so pages that only show accounts never read them.
 */
import { browser } from './browser.ts';
import { bareOf } from './wire-jid.ts';

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

/** The WebSocket URL to sign in with: the typed one, else the one found at save; '' = discover. */
export function endpointOf(account: Pick<Account, 'websocketUrl' | 'discoveredUrl'>): string {
  return account.websocketUrl?.trim() || account.discoveredUrl || '';
}

export interface AccountList {
  accounts: Account[];
  defaultId?: string;
}

export const ACCOUNTS_KEY = 'accounts';
const KEY = ACCOUNTS_KEY;

export async function loadAccounts(): Promise<AccountList> {
  const got = (await browser.storage.local.get(KEY))[KEY] as AccountList | undefined;
  return got ?? { accounts: [] };
}

export async function saveAccounts(list: AccountList): Promise<void> {
  await browser.storage.local.set({ [KEY]: list });
}

/** Keeps the endpoint a first sign-in discovered for an account that has none yet. */
export async function rememberDiscovered(id: string, url: string): Promise<void> {
  const list = await loadAccounts();
  const account = list.accounts.find((a) => a.id === id);
  if (!account || endpointOf(account)) return;
  account.discoveredUrl = url;
  await saveAccounts(list);
}

export function defaultAccount(list: AccountList): Account | undefined {
  return list.accounts.find((a) => a.id === list.defaultId) ?? list.accounts[0];
}


/** The account named by the URI's authority if configured, else the default one. */
export function chooseAccount(list: AccountList, wanted?: string): Account | undefined {
  if (wanted) {
    const named = list.accounts.find((a) => bareOf(a.jid) === bareOf(wanted));
    if (named) return named;
  }
  return defaultAccount(list);
}
