/** Toolbar popup: paste a link or file to open it, see the default account, reach the options. */
import { browser } from '../shared/browser.ts';
import { send } from '../shared/messages.ts';
import { defaultAccount, loadAccounts } from '../shared/accounts.ts';
import { busyButton, field, h } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
// Imported, not loaded on click: in a file of its own it cost 342 B more of each zip (headers, and
// compressed apart from the popup); the popup reads ~37 KB more of local files when it opens.
import { inviteSomeone } from './invite-someone.ts';

const root = document.getElementById('root') as HTMLElement;
const input = h('textarea', { rows: 4, spellcheck: false });
const status = h('p', { className: 'muted', attrs: { role: 'status' } });
const account = h('p', { className: 'muted' });

async function open(): Promise<void> {
  const text = input.value.trim();
  if (!text) {
    status.textContent = t('popupEmpty');
    input.focus();
    return;
  }
  // A jabber file is XML; anything else is treated as a URI and the parser explains what's wrong.
  const isXml = text.replace(/^\uFEFF/, '').startsWith('<');
  await (isXml ? send({ type: 'open-text', text }) : send({ type: 'open-uri', uri: text }));
  window.close();
}

const form = h(
  'form',
  { on: { submit: (e: Event) => { e.preventDefault(); void open(); } } },
  field(t('popupPasteLabel'), input, t('popupPasteHint')),
  h('div', { className: 'row' }, h('button', { type: 'submit' }, t('popupOpen'))),
);
// Ctrl/Cmd+Enter submits from the textarea.
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    void open();
  }
});
const optionsLink = h('a', { href: '#', on: { click: (e: Event) => { e.preventDefault(); void browser.runtime.openOptionsPage().then(() => window.close()); } } }, t('popupOptions'));
const inviteRoot = h('section');
const invite = h('button', { type: 'button', className: 'secondary' }, t('inviteSomeone'));
// One invitation per click: a second click while one is being made does nothing (each would be
// a live token on the user's server).
const askForInvite = busyButton(invite, () =>
  loadAccounts().then((list) => inviteSomeone(inviteRoot, list), () => undefined),
);
invite.addEventListener('click', () => void askForInvite());
// The link in a paragraph of its own: it touched the Invite button above (seen in the screenshots).
root.append(h('h1', {}, t('extName')), form, status, account, h('div', { className: 'row' }, invite), inviteRoot, h('p', {}, optionsLink));

void loadAccounts().then((list) => {
  const acct = defaultAccount(list);
  account.textContent = acct ? t('popupDefaultAccount', acct.jid) : t('popupNoAccount');
});
