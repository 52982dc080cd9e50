/**
 * What the background tells an action window in its URL: the account to sign in with (the one
 * the link names if configured, else the default), so the window does not choose again, and the
 * WebSocket URL it may start its handshake to while its code loads (boot.ts): that account's
 * endpoint, when it has one configured or found at save (no discovery) and a stored secret (so
 * signing in follows at once). Otherwise none.
 */
import { type Account, chooseAccount, endpointOf } from '../shared/accounts.ts';
import { secretIn } from '../shared/credentials.ts';
import type { ActionRequest } from '../shared/request.ts';
import { type LocalData, local as localArea, session as sessionArea } from '../shared/storage.ts';

/** Storage areas as read whole (typed by storage.ts's schema, loosely: tests hand in plain objects). */
type Area = Record<string, unknown>;

function accountFor(req: ActionRequest, local: Area): Account | undefined {
  return req.action && chooseAccount((local as Partial<LocalData>).accounts ?? { accounts: [] }, req.action.account);
}

export function endpointFor(req: ActionRequest, local: Area, session: Area): string | undefined {
  const account = accountFor(req, local);
  const url = account && endpointOf(account);
  if (!account || !url || !/^wss?:\/\//i.test(url)) return undefined;
  return secretIn(session, local, account.id) ? url : undefined;
}

/** The window URL's `account` (an account id) and `ws` parameters, as far as there are any. */
export async function windowHints(req: ActionRequest): Promise<{ account?: string; ws?: string }> {
  if (!req.action) return {};
  const [local, session] = await Promise.all([localArea.all(), sessionArea.all()]);
  const account = accountFor(req, local)?.id;
  const ws = endpointFor(req, local, session);
  return { ...(account ? { account } : {}), ...(ws ? { ws } : {}) };
}
