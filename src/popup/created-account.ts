/**
 * Keeps an account the extension just created (an invite redeemed, or open registration) like
 * one the user saved in Options: the first sign-in stores its SCRAM keys under `secret:<id>`
 * (credentials.ts), then the account joins the list. The secret goes first: a window waiting
 * for an account reacts to the list and must find the secret already there.
 */
import { type Account, loadAccounts, saveAccounts } from '../shared/accounts.ts';

/** Adds the account; it becomes the default when it is the only one (or none was chosen). */
export async function addCreatedAccount(account: Account): Promise<void> {
  const list = await loadAccounts();
  const accounts = [...list.accounts.filter((a) => a.id !== account.id), account];
  const hasDefault = list.defaultId && accounts.some((a) => a.id === list.defaultId);
  await saveAccounts({ accounts, defaultId: hasDefault ? list.defaultId! : account.id });
}

const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A strong password to show once: 20 characters from 57 (about 117 bits), no look-alikes (l, 1, O, 0). */
export function generatePassword(length = 20): string {
  const out: string[] = [];
  const buf = new Uint8Array(1);
  while (out.length < length) {
    crypto.getRandomValues(buf);
    // Rejection sampling keeps every character equally likely.
    if (buf[0]! < 228) out.push(ALPHABET[buf[0]! % 57]!);
  }
  return out.join('');
}
