/**
 * The action window's sign-in, without any DOM: which account (the background's pick, or the
 * user's), one attempt at a time, what a failure asks of the user, and a fresh attempt when the
 * last one failed or closed. It starts the moment the window opens, while the user reads.
 *
 * Pinned sign-in (sasl.ts): when the server cannot prove it is the user's server
 * ('server-unproven', 'server-keys-changed') no password is asked at all and the options page is
 * the place to act; stored keys refused ('keys-rejected') ask with that explanation, and the typed
 * password then signs in with SCRAM only.
 *
 * Its states drive the connection panel (connect.ts); views only see `session()`. Nothing is
 * sent here: views send, on the user's click.
 */
import { type Account, type AccountList, chooseAccount, endpointOf } from '../shared/accounts.ts';
import { SessionError, type SessionErrorCode } from '../xmpp/errors.ts';
import type { CredentialStore, OpenSessionOptions, Secret, Session } from '../xmpp/session.ts';
import { bareOf } from '../shared/wire-jid.ts';

export type SignInState =
  | { kind: 'no-account' }
  | { kind: 'connecting' } // discovering the endpoint, or opening the socket
  | { kind: 'signing-in' } // SASL and resource binding
  | { kind: 'signed-in'; jid: string }
  | { kind: 'reconnecting'; jid: string }
  | {
      kind: 'failed';
      error: unknown;
      /** The address that failed to sign in (some sentences name it). */
      account: string;
      /** A typed password may help (never when the server failed to prove itself). */
      askPassword: boolean;
      /** Only the options page can help: the server could not prove it is the user's. */
      openOptions: boolean;
      /** The account's server changes its salt at every sign-in, so a password is asked once per browser session. */
      saltNote: boolean;
    };

export interface SignInDeps {
  open(account: { jid: string; websocketUrl?: string }, opts: OpenSessionOptions): Promise<Session>;
  /** The store one attempt signs in with (see credentials.ts credentialStore). */
  credentials(account: Account, password: string | undefined, known: Secret | undefined): CredentialStore;
  /** Keeps the endpoint an account saved without one was signed in with. */
  rememberDiscovered(accountId: string, url: string): Promise<void>;
  /** The stored secret as read when the window opened: the first attempt uses it. */
  secretOf(accountId: string): Secret | undefined;
  /** A WebSocket already opening to the endpoint, for the first attempt only. */
  socket?: WebSocket;
  /** The account the background chose for this window (an id), when it had one to choose. */
  chosen?: string;
  /** The account the request names (URI authority), preferred when configured. */
  wanted?: string;
  onState(state: SignInState): void;
  /** The accounts to choose from and the chosen one, whenever either changes. */
  onAccounts(accounts: readonly Account[], chosen: Account | undefined): void;
}

export interface SignIn {
  /** The signed-in session; a new attempt starts if the last one failed or closed. Waits while no account exists. */
  session(): Promise<Session>;
  /** Resolves once there is an account to sign in with (at once if one is configured). */
  accountReady: Promise<Account>;
  /** The account signed in with now (the user may switch, or edit it in the options page). */
  current(): Account | undefined;
  /** The saved accounts changed (options page, or this window's first read). */
  accountsChanged(list: AccountList): void;
  /** A secret was saved elsewhere for this account: try with it if the last attempt failed. */
  secretSaved(accountId: string): void;
  /** The user picked another account. */
  choose(accountId: string): void;
  /** "Try again", with the password typed if any. */
  retry(password?: string): void;
  /** Closes the session (pagehide). */
  close(): void;
}

/** Codes where a typed password may help; never the ones where the server failed to prove itself. */
const ASK_PASSWORD: ReadonlySet<SessionErrorCode> = new Set(['auth-failed', 'password-needed', 'keys-rejected']);

export function startSignIn(deps: SignInDeps): SignIn {
  let list: AccountList = { accounts: [] };
  let account: Account | undefined;
  let password: string | undefined;
  /** Set once this account's stored keys were refused: its typed password goes out with SCRAM only. */
  let scramOnly = false;
  /** Bumped by every new attempt; a stale attempt's outcome is ignored. */
  let generation = 0;
  let current: { promise: Promise<Session>; dead: boolean; session?: Session } | undefined;
  let closed = false;
  let setAccount!: (a: Account) => void;
  const accountReady = new Promise<Account>((resolve) => (setAccount = resolve));
  /** session() calls made while no account exists. */
  const waiting: Array<() => void> = [];
  const emit = (s: SignInState) => deps.onState(s);

  function fail(err: unknown): void {
    const code = err instanceof SessionError ? err.code : undefined;
    if (code === 'keys-rejected') scramOnly = true;
    emit({
      kind: 'failed',
      error: err,
      account: account?.jid ?? '',
      askPassword: !!code && ASK_PASSWORD.has(code),
      openOptions: code === 'server-unproven' || code === 'server-keys-changed',
      saltNote: code === 'password-needed' && !!account?.saltChanges,
    });
  }

  function connect(): Promise<Session> {
    const acc = account!;
    const gen = ++generation;
    const old = current?.session;
    if (old) void old.close();
    emit({ kind: 'connecting' });
    const attempt: NonNullable<typeof current> = { dead: false, promise: undefined as never };
    // The snapshot's secret and early socket serve the first attempt only; a retry reads what is
    // stored by then and opens its own socket.
    const first = gen === 1;
    // The endpoint saved with the account: discovery runs only for one saved without any.
    const endpoint = endpointOf(acc);
    attempt.promise = deps
      .open(
        { jid: acc.jid, ...(endpoint ? { websocketUrl: endpoint } : {}) },
        {
          credentials: deps.credentials(acc, password, first ? deps.secretOf(acc.id) : undefined),
          onProgress: (step) => {
            if (gen !== generation) return;
            if (step === 'discovering' || step === 'connecting') emit({ kind: 'connecting' });
            else if (step === 'signing-in' || step === 'binding') emit({ kind: 'signing-in' });
          },
          socket: first ? deps.socket : undefined,
          scramOnly: scramOnly || acc.saltChanges,
        },
      )
      .then(
        (session) => {
          if (gen !== generation || closed) {
            void session.close();
            throw new SessionError('refused', 'Replaced by a newer sign-in', 'superseded');
          }
          attempt.session = session;
          password = undefined; // the session saved SCRAM keys if it could
          if (!endpoint) {
            // Saved before endpoints were kept: keep this one, so the next sign-in does not discover.
            acc.discoveredUrl = session.endpoint;
            void deps.rememberDiscovered(acc.id, session.endpoint).catch(() => undefined);
          }
          const jid = bareOf(session.jid);
          emit({ kind: 'signed-in', jid });
          // A drop: the session reconnects (and resumes) on its own; onClosed only if it cannot.
          session.onLink((state) => {
            if (gen === generation && !closed) emit({ kind: state === 'reconnecting' ? 'reconnecting' : 'signed-in', jid });
          });
          session.onClosed((e) => {
            attempt.dead = true;
            if (gen !== generation || closed) return;
            fail(e ?? new SessionError('refused', 'The connection closed', 'closed'));
          });
          return session;
        },
        (err: unknown) => {
          attempt.dead = true;
          if (gen === generation && !closed) fail(err);
          throw err;
        },
      );
    attempt.promise.catch(() => undefined);
    current = attempt;
    return attempt.promise;
  }

  function restart(): void {
    password = undefined;
    scramOnly = false;
    connect();
  }

  function session(): Promise<Session> {
    if (closed) return Promise.reject(new SessionError('refused', 'The window is closing', 'closed'));
    if (!account) return new Promise<void>((r) => waiting.push(r)).then(session);
    if (current && !current.dead) return current.promise;
    return connect();
  }

  return {
    accountReady,
    session,
    current: () => account,
    accountsChanged(next) {
      if (closed) return;
      list = next;
      if (!account) {
        // The background's pick; the window chooses itself only when there was none (no account
        // yet at the click, "Set up account" since) or it is gone.
        account = list.accounts.find((a) => a.id === deps.chosen) ?? chooseAccount(list, deps.wanted);
        if (account) {
          setAccount(account);
          connect();
          for (const fn of waiting.splice(0)) fn();
        } else {
          emit({ kind: 'no-account' });
        }
      } else {
        const before = account;
        account = list.accounts.find((a) => a.id === before.id) ?? chooseAccount(list, deps.wanted) ?? before;
        // Edited in the options page (address or server) or removed: sign in again with what is saved now.
        if (account.id !== before.id || account.jid !== before.jid || endpointOf(account) !== endpointOf(before)) restart();
      }
      deps.onAccounts(list.accounts, account);
    },
    secretSaved(accountId) {
      // The user chose again in the options page: any password goes out as it is configured now.
      if (!closed && account?.id === accountId && current?.dead) {
        scramOnly = false;
        connect();
      }
    },
    choose(accountId) {
      const next = list.accounts.find((a) => a.id === accountId);
      if (closed || !next || next.id === account?.id) return;
      account = next;
      restart();
    },
    retry(typed) {
      if (closed || !account) return;
      if (typed) password = typed;
      connect();
    },
    close() {
      closed = true;
      void current?.session?.close();
      void current?.promise.then((s) => s.close(), () => undefined);
    },
  };
}
