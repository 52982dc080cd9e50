/**
 * The action window's connection: starts signing in the moment the window opens (while the user
 * reads), shows progress in the role=status line, and owns everything about the account — which
 * one (default, the URI's authority, or the user's pick), "Set up account" when there is none,
 * plain-language errors with "Try again", and a one-time password when the stored secret fails.
 *
 * Pinned sign-in (sasl.ts): when the server cannot prove it is the user's server
 * ('server-unproven', 'server-keys-changed') the window asks for no password at all and points to
 * the options page; stored keys refused ('keys-rejected') ask with that explanation, and the
 * typed password then signs in with SCRAM only.
 *
 * Views only see `session()`: the live session, or a fresh attempt if the last one failed or
 * closed. Nothing is sent here: views send, on the user's click.
 */
import { browser, type Storage } from '../shared/browser.ts';
import { type Account, type AccountList, chooseAccount, endpointOf, rememberDiscovered } from '../shared/accounts.ts';
import { credentialStore } from '../shared/credentials.ts';
import { field, h, replace } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import type { ActionRequest } from '../shared/request.ts';
import { bareJid } from '../xmpp/message.ts';
import { explain } from './explain.ts';
import type { Snapshot } from './snapshot.ts';
import { type ProgressStep, type Session, SessionError, type SessionErrorCode, openSession } from '../xmpp/session.ts';

export interface Connection {
  /** The signed-in session; a new attempt starts if the last one failed or closed. Waits while no account exists. */
  session(): Promise<Session>;
  /** Resolves once there is an account to sign in with (at once if one is configured). */
  accountReady: Promise<Account>;
  /** Closes the session (pagehide). */
  close(): void;
}

/** Codes where a typed password may help; never the ones where the server failed to prove itself. */
const ASK_PASSWORD: ReadonlySet<SessionErrorCode> = new Set(['auth-failed', 'password-needed', 'keys-rejected']);
/** `snap`: the window's storage as read when it opened; later changes arrive through storage.onChanged. */
export function startConnection(req: ActionRequest, status: HTMLElement, panel: HTMLElement, snap: Snapshot): Connection {
  let list: AccountList = { accounts: [] };
  let account: Account | undefined;
  let password: string | undefined;
  /** Set once this account's stored keys were refused: see showError. */
  let scramOnly = false;
  /** Bumped by every new attempt; a stale attempt's outcome is ignored. */
  let generation = 0;
  let current: { promise: Promise<Session>; dead: boolean; session?: Session } | undefined;
  let closed = false;
  let setAccount!: (a: Account) => void;
  const accountReady = new Promise<Account>((resolve) => (setAccount = resolve));
  /** session() calls made while no account exists. */
  const waiting: Array<() => void> = [];

  const accountRow = h('div');
  const problem = h('div');
  panel.append(accountRow, problem);

  const say = (text: string) => (status.textContent = text);
  const onProgress = (step: ProgressStep) => {
    if (step === 'discovering' || step === 'connecting') say(t('action_connecting'));
    else if (step === 'signing-in' || step === 'binding') say(t('action_signingIn'));
  };

  function showAccounts(): void {
    if (list.accounts.length < 2 || !account) {
      replace(accountRow);
      return;
    }
    const select = h(
      'select',
      {
        on: {
          change: () => {
            const next = list.accounts.find((a) => a.id === select.value);
            if (next && next.id !== account?.id) {
              account = next;
              password = undefined;
              scramOnly = false;
              connect();
            }
          },
        },
      },
      ...list.accounts.map((a) => h('option', { value: a.id, selected: a.id === account?.id }, a.jid)),
    );
    replace(accountRow, field(t('action_account'), select));
  }

  function showNoAccount(): void {
    say(t('action_notSignedIn'));
    const setUp = h('button', { type: 'button', on: { click: () => void browser.runtime.openOptionsPage() } }, t('action_setUpAccount'));
    replace(problem, h('div', { attrs: { role: 'alert' } }, h('p', {}, t('action_noAccount'))), h('div', { className: 'row' }, setUp));
  }

  function showError(err: unknown): void {
    say(t('action_notSignedIn'));
    const explained = explain(err, undefined, account?.jid);
    const code = err instanceof SessionError ? err.code : undefined;
    // The typed password of a keys account goes out with SCRAM only, whatever the server offers next.
    if (code === 'keys-rejected') scramOnly = true;
    const pw = code && ASK_PASSWORD.has(code) ? h('input', { type: 'password', autocomplete: 'current-password' }) : null;
    const unproven = code === 'server-unproven' || code === 'server-keys-changed';
    const options = unproven
      ? h('button', { type: 'button', className: 'secondary', on: { click: () => void browser.runtime.openOptionsPage() } }, t('action_openOptions'))
      : null;
    const retry = () => {
      if (pw?.value) password = pw.value;
      connect();
    };
    pw?.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      retry();
    });
    const again = h('button', { type: 'button', on: { click: retry } }, t('action_tryAgain'));
    replace(
      problem,
      h('div', { attrs: { role: 'alert' } }, h('p', { className: 'error' }, explained.text)),
      // Why a password and not keys, for a server whose salt changes (asked once per browser session).
      code === 'password-needed' && account?.saltChanges ? h('p', {}, t('options_saltNote')) : null,
      pw && field(t('action_password'), pw, t('action_passwordHint')),
      h('div', { className: 'row' }, again, options),
      h('details', {}, h('summary', {}, t('errorDetails')), h('p', { className: 'mono' }, explained.detail)),
    );
  }

  function connect(): Promise<Session> {
    const acc = account!;
    const gen = ++generation;
    const old = current?.session;
    if (old) void old.close();
    replace(problem);
    say(t('action_connecting'));
    const attempt: NonNullable<typeof current> = { dead: false, promise: undefined as never };
    // The snapshot's secret and early socket serve the first attempt only; a retry reads what is
    // stored by then and opens its own socket.
    const first = gen === 1;
    const known = first ? snap.secretOf(acc.id) : undefined;
    // The endpoint saved with the account: discovery runs only for one saved without any.
    const endpoint = endpointOf(acc);
    attempt.promise = openSession(
      { jid: acc.jid, ...(endpoint ? { websocketUrl: endpoint } : {}) },
      {
        // A server with a new salt at every sign-in keeps the password: keys would never fit again.
        credentials: credentialStore(acc.id, password, known, !acc.saltChanges),
        onProgress: (s) => gen === generation && onProgress(s),
        ...(first && snap.socket ? { socket: snap.socket } : {}),
        ...(scramOnly || acc.saltChanges ? { scramOnly: true } : {}),
      },
    ).then(
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
          void rememberDiscovered(acc.id, session.endpoint).catch(() => undefined);
        }
        say(t('action_signedIn', bareJid(session.jid)));
        // A drop: the session reconnects (and resumes) on its own; onClosed only if it cannot.
        session.onLink((state) => {
          if (gen === generation && !closed) say(state === 'reconnecting' ? t('action_reconnecting') : t('action_signedIn', bareJid(session.jid)));
        });
        session.onClosed((e) => {
          attempt.dead = true;
          if (gen !== generation || closed) return;
          showError(e ?? new SessionError('refused', 'The connection closed', 'closed'));
        });
        return session;
      },
      (err: unknown) => {
        attempt.dead = true;
        if (gen === generation && !closed) showError(err);
        throw err;
      },
    );
    attempt.promise.catch(() => undefined);
    current = attempt;
    return attempt.promise;
  }

  function adopt(next: AccountList): void {
    list = next;
    if (!account) {
      account = chooseAccount(list, req.action?.account);
      if (account) {
        setAccount(account);
        connect();
        for (const fn of waiting.splice(0)) fn();
      } else {
        showNoAccount();
      }
    } else {
      const before = account;
      account = list.accounts.find((a) => a.id === before.id) ?? chooseAccount(list, req.action?.account) ?? before;
      // Edited in the options page (address or server) or removed: sign in again with what is saved now.
      if (account.id !== before.id || account.jid !== before.jid || endpointOf(account) !== endpointOf(before)) {
        password = undefined;
        scramOnly = false;
        connect();
      }
    }
    showAccounts();
  }

  const onChanged = (changes: Record<string, Storage.StorageChange>, area: string) => {
    if (closed) return;
    if (area === 'local' && 'accounts' in changes) {
      adopt((changes.accounts!.newValue as AccountList | undefined) ?? { accounts: [] });
      return;
    }
    // A secret saved elsewhere (the options page) while we wait for one: try with it.
    if (account && current?.dead && `secret:${account.id}` in changes && changes[`secret:${account.id}`]!.newValue) {
      scramOnly = false; // the user chose again in the options page
      connect();
    }
  };
  browser.storage.onChanged.addListener(onChanged);
  say(t('action_connecting'));
  adopt(snap.accounts);

  function session(): Promise<Session> {
    if (closed) return Promise.reject(new SessionError('refused', 'The window is closing', 'closed'));
    if (!account) return new Promise<void>((r) => waiting.push(r)).then(session);
    if (current && !current.dead) return current.promise;
    return connect();
  }

  return {
    accountReady,
    session,
    close() {
      closed = true;
      browser.storage.onChanged.removeListener(onChanged);
      void current?.session?.close();
      void current?.promise.then((s) => s.close(), () => undefined);
    },
  };
}
