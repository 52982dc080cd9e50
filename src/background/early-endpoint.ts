/**
 * The WebSocket URL an action window may start its handshake to while its code loads (boot.ts):
 * the endpoint of the account the window will choose, when that account has one configured or
 * found at save (no discovery) and a stored secret (so signing in follows at once). Otherwise none.
 */
import { browser } from '../shared/browser.ts';
import { type AccountList, ACCOUNTS_KEY, chooseAccount, endpointOf } from '../shared/accounts.ts';
import { secretIn } from '../shared/credentials.ts';
import type { ActionRequest } from '../shared/request.ts';

type Area = Record<string, unknown>;

export function endpointFor(req: ActionRequest, local: Area, session: Area): string | undefined {
  if (!req.action) return undefined;
  const account = chooseAccount((local[ACCOUNTS_KEY] as AccountList | undefined) ?? { accounts: [] }, req.action.account);
  const url = account && endpointOf(account);
  if (!account || !url || !/^wss?:\/\//i.test(url)) return undefined;
  return secretIn(session, local, account.id) ? url : undefined;
}

export async function earlyEndpoint(req: ActionRequest): Promise<string | undefined> {
  if (!req.action) return undefined;
  const [local, session] = await Promise.all([browser.storage.local.get(null), browser.storage.session.get(null)]);
  return endpointFor(req, local, session);
}
