/**
 * Everything the action window reads from storage before it can sign in — its request, the
 * accounts and their secrets — in one parallel read of both areas, started by boot.ts while the
 * page parses (or here, if that script did not run). Three reads one after another cost ~20 ms.
 */
import type { AccountList } from '../shared/accounts.ts';
import { secretIn } from '../shared/credentials.ts';
import type { ActionRequest } from '../shared/request.ts';
import { type LocalData, type SessionData, local as localArea, requestKey, session as sessionArea } from '../shared/storage.ts';
import type { Secret } from '../xmpp/sasl.ts';

/** What boot.ts started. */
export interface Boot {
  storage: Promise<[Record<string, unknown>, Record<string, unknown>]>;
  /** The WebSocket opening to the endpoint the background named, for the first sign-in. */
  socket?: WebSocket;
}

export interface Snapshot {
  request?: ActionRequest;
  accounts: AccountList;
  /** The stored secret as it was when the window opened (session copy first, as readSecret). */
  secretOf(accountId: string): Secret | undefined;
  /** See Boot.socket. */
  socket?: WebSocket;
}

export async function readSnapshot(requestId: string): Promise<Snapshot> {
  const boot = (globalThis as { jabberLinkBoot?: Boot }).jabberLinkBoot;
  const [session, local] = (await (boot?.storage ?? Promise.all([sessionArea.all(), localArea.all()]))) as [Partial<SessionData>, Partial<LocalData>];
  return {
    request: session[requestKey(requestId)],
    accounts: local.accounts ?? { accounts: [] },
    secretOf: (id) => secretIn(session as Record<string, unknown>, local as Record<string, unknown>, id),
    socket: boot?.socket,
  };
}
