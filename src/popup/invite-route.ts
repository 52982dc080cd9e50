/**
 * Which invites create an account instead of acting with one (XEP-0401):
 * - `?register;preauth=` on a server where the user has no account: create one there;
 * - `?roster;preauth=…;ibr=y` and no account at all: create one on the inviter's server, then
 *   add the inviter; with accounts elsewhere only: ask (use my account / create one there).
 * Anything else goes to the usual view with the usual account.
 */
import type { Action } from '../core/index.ts';
import type { AccountList } from '../shared/accounts.ts';
import { bareOf, domainOf, localOf } from '../shared/wire-jid.ts';

export type InviteRoute = { create: { domain: string; preauth: string; username?: string; inviter?: string }; ask: boolean };

export function inviteRoute(action: Action, list: AccountList): InviteRoute | undefined {
  if (action.kind !== 'register' && action.kind !== 'roster') return undefined;
  const preauth = action.preauth;
  if (!preauth || action.account) return undefined;
  const domain = domainOf(action.jid);
  if (list.accounts.some((a) => domainOf(a.jid) === domain)) return undefined;
  if (action.kind === 'register') {
    return { create: { domain, preauth, username: localOf(action.jid) || undefined }, ask: false };
  }
  if (action.ibr !== 'y' && action.ibr !== 'yes' && action.ibr !== 'true' && action.ibr !== '1') return undefined;
  return { create: { domain, preauth, inviter: bareOf(action.jid) }, ask: list.accounts.length > 0 };
}
