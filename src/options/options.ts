/**
 * Accounts page: list (default, edit, remove) and one form to add or edit an account, with
 * "Test connection" and "Save". Every string comes from _locales; every text is set with
 * textContent (dom.ts), so an address or a server's error text can never become markup.
 */
// Straight from the modules: the index would bring the jabber-file parser into this page.
import { notifySetting } from './notify-setting.ts';
import { ParseError } from '../core/errors.ts';
import { validBareJid } from '../core/jid.ts';
import { type Account, type AccountList, loadAccounts, saveAccounts } from '../shared/accounts.ts';
import { readSecret, writeSecret } from '../shared/credentials.ts';
import { accountList } from './account-list.ts';
import { type Child, field, h, replace } from '../shared/dom.ts';
import { localizePage, t } from '../shared/i18n.ts';
import { isSecureEndpoint } from '../xmpp/discovery.ts';
import type { ProgressStep } from '../xmpp/session.ts';
import { explain } from '../popup/explain.ts';
import { type TestSuccess, testSignIn } from './test-connection.ts';
import { createAccountSection } from './create-account.ts';

const root = document.getElementById('root') as HTMLElement;

let list: AccountList = { accounts: [] };

// --- the list ------------------------------------------------------------------------------------
const notice = h('p', { attrs: { role: 'status' }, className: 'muted' });
const accountsList = accountList({
  get: () => list,
  set: (next) => (list = next),
  edit: (account) => openForm(account),
  removed(account) {
    if (editing?.id === account.id) closeForm();
    notice.textContent = t('options_removed', account.jid);
  },
});
const listSection = accountsList.section;
const renderList = accountsList.render;

// --- the form ------------------------------------------------------------------------------------
const address = h('input', { type: 'text', autocomplete: 'username', spellcheck: false, required: true });
const password = h('input', { type: 'password', autocomplete: 'current-password' });
const wsUrl = h('input', { type: 'url', spellcheck: false, placeholder: 'wss://' });
const nickname = h('input', { type: 'text' });
/** Where the endpoint found at the last save is shown: the field itself stays what the user typed. */
const foundHint = h('small', { className: 'hint', hidden: true });
const remember = h('input', { type: 'checkbox', id: 'remember-password' });
// Hidden until a PLAIN sign-in (theme.css makes `hidden` beat .field's display:flex).
const rememberBox = h(
  'div',
  { className: 'field', hidden: true },
  h('span', { className: 'row' }, remember, h('label', { htmlFor: remember.id }, t('options_remember'))),
  h('small', { className: 'hint' }, t('options_rememberHint')),
);
const formHeading = h('h2', { id: 'form-heading' });
const passwordHint = h('small', { className: 'hint', id: 'password-hint' });
const saveButton = h('button', { type: 'submit' }, t('options_save'));
const testButton = h('button', { type: 'button', className: 'secondary', on: { click: () => void runTest() } }, t('options_test'));
const cancelButton = h('button', { type: 'button', className: 'secondary', on: { click: () => closeForm() } }, t('options_cancel'));
const steps = h('ol', { className: 'steps' });
const result = h('div');
/** Progress and outcome are announced as they happen. */
const status = h('div', { attrs: { role: 'status', 'aria-live': 'polite' } }, steps, result);

const passwordField = field(t('action_password'), password);
passwordField.append(passwordHint);
password.setAttribute('aria-describedby', passwordHint.id);

/** Advanced: open when the account has something in it, or when its endpoint is the problem. */
const advanced = h(
  'details',
  {},
  h('summary', {}, t('options_advanced')),
  field(t('options_wsUrl'), wsUrl, t('options_wsUrlHint')),
  foundHint,
  field(t('options_nickname'), nickname, t('options_nicknameHint')),
);

const form = h(
  'form',
  { hidden: true, noValidate: true, attrs: { 'aria-labelledby': 'form-heading' }, on: { submit: (e: Event) => { e.preventDefault(); void runSave(); } } },
  formHeading,
  field(t('options_address'), address, t('options_addressHint')),
  passwordField,
  advanced,
  rememberBox,
  h('div', { className: 'row' }, saveButton, testButton, cancelButton),
  status,
);

const addButton = h('button', { type: 'button', on: { click: () => openForm() } }, t('options_add'));

/** The account being edited (id fixed for a new one too, so its secret has a home on save). */
let editing: { id: string; existing: boolean } | undefined;
/** The last successful sign-in from this form, and what it was made with. */
let tested: { key: string; result: TestSuccess } | undefined;
let busy = false;

function openForm(account?: Account): void {
  editing = account ? { id: account.id, existing: true } : { id: crypto.randomUUID(), existing: false };
  tested = undefined;
  formHeading.textContent = account ? t('options_editLabel', account.jid) : t('options_formNew');
  address.value = account?.jid ?? '';
  password.value = '';
  wsUrl.value = account?.websocketUrl ?? '';
  foundHint.hidden = !account?.discoveredUrl || !!account.websocketUrl;
  foundHint.textContent = account?.discoveredUrl ? t('options_wsUrlFound', account.discoveredUrl) : '';
  nickname.value = account?.nickname ?? '';
  remember.checked = false;
  rememberBox.hidden = true;
  passwordHint.textContent = account ? t('options_passwordKeep') : t('options_passwordHint');
  advanced.open = !!(account?.websocketUrl || account?.nickname);
  replace(steps);
  replace(result);
  form.hidden = false;
  address.focus();
}

function closeForm(): void {
  editing = undefined;
  tested = undefined;
  password.value = '';
  form.hidden = true;
}

interface Validated {
  jid: string;
  websocketUrl: string;
}

/** Trimmed, normalised input, or a message shown in the status region. */
function validate(): Validated | undefined {
  const raw = address.value.trim();
  if (!raw) return invalid(t('options_err_addressMissing'), address);
  let jid: string;
  try {
    jid = validBareJid(raw);
  } catch (err) {
    return invalid(t('options_err_invalidAddress', raw), address, err instanceof ParseError ? err.message : String(err));
  }
  if (!jid.includes('@')) return invalid(t('options_err_invalidAddress', raw), address, t('options_err_needsName'));
  address.value = jid;
  const url = wsUrl.value.trim();
  if (url && !isSecureEndpoint(url)) return invalid(t('options_err_badUrl'), wsUrl);
  address.removeAttribute('aria-invalid');
  wsUrl.removeAttribute('aria-invalid');
  return { jid, websocketUrl: url };
}

function invalid(message: string, control: HTMLInputElement, detail?: string): undefined {
  control.setAttribute('aria-invalid', 'true');
  if (control === wsUrl) advanced.open = true;
  replace(steps);
  showResult('error', [message], detail);
  control.focus();
  return undefined;
}

function showResult(kind: 'ok' | 'error', lines: string[], detail?: string): void {
  replace(
    result,
    ...lines.map((line, i): Child => h('p', { className: i === 0 ? kind : 'muted' }, line)),
    detail ? h('p', { className: 'muted' }, t('register_details', detail)) : null,
  );
}

const STEP_KEYS: Record<ProgressStep, string> = {
  discovering: 'options_step_discovering',
  connecting: 'action_connecting',
  'signing-in': 'action_signingIn',
  binding: 'options_step_binding',
  ready: 'options_step_ready',
};

/** Runs one sign-in with what the form holds and reports it; the form keeps what was typed. */
async function signIn(v: Validated): Promise<TestSuccess | undefined> {
  if (!editing) return undefined;
  busy = true;
  saveButton.disabled = true;
  testButton.disabled = true;
  replace(steps);
  replace(result);
  try {
    const outcome = await testSignIn({
      accountId: editing.id,
      jid: v.jid,
      websocketUrl: v.websocketUrl,
      ...(password.value ? { password: password.value } : {}),
      onProgress: (step) => steps.append(h('li', {}, t(STEP_KEYS[step]))),
    });
    if (!outcome.ok) {
      const { text, detail } = explain(outcome.error, undefined, v.jid);
      showResult('error', [text], detail);
      return undefined;
    }
    tested = { key: formKey(v), result: outcome };
    // The password itself is kept (PLAIN only, or a salt that changes): the user picks where.
    rememberBox.hidden = !(outcome.mechanism === 'PLAIN' || outcome.saltChanges) || !password.value;
    showResult('ok', [
      t('options_connectedAs', outcome.jid),
      t(outcome.discovered ? 'options_endpointFound' : 'options_endpointUsed', outcome.endpoint),
      t('options_mechanism', outcome.mechanism),
      t(outcome.saltChanges ? 'options_saltNote' : outcome.mechanism === 'PLAIN' ? 'options_plainNote' : 'options_keysNote'),
    ]);
    return outcome;
  } finally {
    busy = false;
    saveButton.disabled = false;
    testButton.disabled = false;
  }
}

const formKey = (v: Validated): string => JSON.stringify([v.jid, v.websocketUrl, password.value]);

async function runTest(): Promise<void> {
  if (busy) return;
  const v = validate();
  if (v) await signIn(v);
}

async function runSave(): Promise<void> {
  if (busy || !editing) return;
  const v = validate();
  if (!v) return;
  const before = list.accounts.find((a) => a.id === editing?.id);
  const sameLogin = before && before.jid === v.jid && (before.websocketUrl ?? '') === v.websocketUrl;
  let signedIn = tested?.key === formKey(v) ? tested.result : undefined;
  // A new address, endpoint or password is saved only once it has signed in (which also
  // derives the keys kept instead of the password). Only the nickname changing needs no server.
  if (!signedIn && !(sameLogin && !password.value && (await readSecret(editing.id)))) {
    if (!password.value && !before) {
      invalid(t('options_err_passwordNeeded'), password);
      return;
    }
    replace(result, h('p', { className: 'muted' }, t('options_saving')));
    const offered = !rememberBox.hidden;
    signedIn = await signIn(v);
    if (!signedIn) return;
    // PLAIN only: the password itself is kept, so the user picks where before it is saved.
    if (!offered && !rememberBox.hidden) {
      result.append(h('p', { attrs: { role: 'alert' } }, t('options_rememberThenSave')));
      return remember.focus();
    }
  }
  const account: Account = { id: editing.id, jid: v.jid };
  if (v.websocketUrl) account.websocketUrl = v.websocketUrl;
  // Discovery runs when the user asks (Save or Test with the field empty); what it found is kept
  // and used from then on. A Save that needed no sign-in keeps what the account had.
  const found = signedIn ? (signedIn.discovered ? signedIn.endpoint : undefined) : before?.discoveredUrl;
  if (!v.websocketUrl && found) account.discoveredUrl = found;
  if (signedIn ? signedIn.saltChanges : before?.saltChanges) account.saltChanges = true;
  const nick = nickname.value.trim();
  if (nick) account.nickname = nick;

  if (signedIn?.secret) await writeSecret(account.id, signedIn.secret, remember.checked);
  const accounts = before ? list.accounts.map((a) => (a.id === account.id ? account : a)) : [...list.accounts, account];
  list = { accounts, defaultId: list.defaultId ?? account.id };
  await saveAccounts(list);
  closeForm();
  renderList();
  notice.textContent = t('options_saved', account.jid);
}

// --- start ---------------------------------------------------------------------------------------
// Open in-band registration (create-account.ts); the list shows the new account once it is saved.
const create = createAccountSection(async () => {
  list = await loadAccounts();
  renderList();
});
replace(root, h('h1', {}, t('options_title')), notice, listSection, h('div', { className: 'row' }, addButton), form, create, notifySetting());
localizePage();
document.title = t('options_title');
void (async () => {
  list = await loadAccounts();
  renderList();
  if (list.accounts.length === 0) openForm();
})();
