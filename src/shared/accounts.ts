/**
 * Accounts live in storage.local only (never sync). Secrets are kept apart from the account
 * list so pages that only show accounts never read them.
 */
import { type Account, type AccountList, local } from './storage.ts';
import { bareOf } from './wire-jid.ts';

export type { Account, AccountList } from './storage.ts';

/** The WebSocket URL to sign in with: the typed one, else the one found at save; '' = discover. */
export function endpointOf(account: Pick<Account, 'websocketUrl' | 'discoveredUrl'>): string {
  return account.websocketUrl?.trim() || account.discoveredUrl || '';
}

export async function loadAccounts(): Promise<AccountList> {
  return (await local.get('accounts')) ?? { accounts: [] };
}

export async function saveAccounts(list: AccountList): Promise<void> {
  await local.set('accounts', list);
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
