/**
 * The connection panel: the window's sign-in (sign-in.ts) drawn as a status line, an account
 * picker when there are several, "Set up account" when there is none, and a failure in plain
 * words with "Try again" (and a password field when one may help). Storage changes made
 * elsewhere (the options page) reach the sign-in as events.
 */
import { type AccountList, rememberDiscovered } from '../shared/accounts.ts';
import { browser, type Storage } from '../shared/browser.ts';
import { accountCredentials } from '../shared/credentials.ts';
import { secretKey } from '../shared/storage.ts';
import { field, h, replace } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import type { ActionRequest } from '../shared/request.ts';
import { openSession } from '../xmpp/session.ts';
import { explain } from './explain.ts';
import { type SignIn, type SignInState, startSignIn } from './sign-in.ts';
import type { Snapshot } from './snapshot.ts';

export type Connection = Pick<SignIn, 'session' | 'accountReady' | 'current' | 'close'>;

/** The status line for each state. */
const STATUS: Record<SignInState['kind'], string> = {
  connecting: 'action_connecting',
  'signing-in': 'action_signingIn',
  'signed-in': 'action_signedIn',
  reconnecting: 'action_reconnecting',
  'no-account': 'action_notSignedIn',
  failed: 'action_notSignedIn',
};

/** `snap`: the window's storage as read when it opened; later changes arrive through storage.onChanged. */
export function startConnection(req: ActionRequest, status: HTMLElement, panel: HTMLElement, snap: Snapshot, chosen?: string): Connection {
  const accountRow = h('div');
  const problem = h('div');
  panel.append(accountRow, problem);
  const say = (text: string) => (status.textContent = text);
  const openOptions = () => void browser.runtime.openOptionsPage();

  function showFailure(s: Extract<SignInState, { kind: 'failed' }>): void {
    const explained = explain(s.error, undefined, s.account);
    const pw = s.askPassword ? h('input', { type: 'password', autocomplete: 'current-password' }) : null;
    const options = s.openOptions ? h('button', { type: 'button', className: 'secondary', on: { click: openOptions } }, t('action_openOptions')) : null;
    const retry = () => signIn.retry(pw?.value || undefined);
    pw?.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      retry();
    });
    replace(
      problem,
      h('div', { attrs: { role: 'alert' } }, h('p', { className: 'error' }, explained.text)),
      // Why a password and not keys, for a server whose salt changes (asked once per browser session).
      s.saltNote ? h('p', {}, t('options_saltNote')) : null,
      pw && field(t('action_password'), pw, t('action_passwordHint')),
      h('div', { className: 'row' }, h('button', { type: 'button', on: { click: retry } }, t('action_tryAgain')), options),
      h('details', {}, h('summary', {}, t('errorDetails')), h('p', { className: 'mono' }, explained.detail)),
    );
  }

  function show(s: SignInState): void {
    if (s.kind === 'connecting') replace(problem);
    say(t(STATUS[s.kind], 'jid' in s ? s.jid : ''));
    // The header's badge colours its dot by it.
    status.dataset.state = s.kind;
    if (s.kind === 'failed') showFailure(s);
    else if (s.kind === 'no-account') {
      const setUp = h('button', { type: 'button', on: { click: openOptions } }, t('action_setUpAccount'));
      replace(problem, h('div', { attrs: { role: 'alert' } }, h('p', {}, t('action_noAccount'))), h('div', { className: 'row' }, setUp));
    }
  }

  const signIn = startSignIn({
    open: openSession,
    credentials: accountCredentials,
    rememberDiscovered,
    secretOf: snap.secretOf,
    socket: snap.socket,
    chosen,
    wanted: req.action?.account,
    onState: show,
    onAccounts(accounts, chosen) {
      if (accounts.length < 2 || !chosen) return void replace(accountRow);
      const select = h(
        'select',
        { on: { change: () => signIn.choose(select.value) } },
        ...accounts.map((a) => h('option', { value: a.id, selected: a.id === chosen.id }, a.jid)),
      );
      replace(accountRow, field(t('action_account'), select));
    },
  });

  const onChanged = (changes: Record<string, Storage.StorageChange>, area: string) => {
    if (area === 'local' && 'accounts' in changes) {
      signIn.accountsChanged((changes.accounts!.newValue as AccountList | undefined) ?? { accounts: [] });
      return;
    }
    // A secret saved elsewhere (the options page) while we wait for one: try with it.
    for (const [key, change] of Object.entries(changes)) {
      if (key.startsWith(secretKey('')) && change.newValue) signIn.secretSaved(key.slice(secretKey('').length));
    }
  };
  browser.storage.onChanged.addListener(onChanged);
  say(t('action_connecting'));
  signIn.accountsChanged(snap.accounts);

  return {
    accountReady: signIn.accountReady,
    session: signIn.session,
    current: signIn.current,
    close() {
      browser.storage.onChanged.removeListener(onChanged);
      signIn.close();
    },
  };
}
