/**
 * Accounts live in storage.local only (never sync). Secrets are kept apart from the account
 * list so pages that only show accounts never read them.
 */
import browser from 'webextension-polyfill';

export interface Account {
  id: string;
  /** Bare JID the user signs in as. */
  jid: string;
  /** Empty or absent: discover with XEP-0156. */
  websocketUrl?: string;
  nickname?: string;
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

export function defaultAccount(list: AccountList): Account | undefined {
  return list.accounts.find((a) => a.id === list.defaultId) ?? list.accounts[0];
}

const bare = (jid: string) => jid.split('/')[0]!.toLowerCase();

/** The account named by the URI's authority if configured, else the default one. */
export function chooseAccount(list: AccountList, wanted?: string): Account | undefined {
  if (wanted) {
    const named = list.accounts.find((a) => bare(a.jid) === bare(wanted));
    if (named) return named;
  }
  return defaultAccount(list);
}
