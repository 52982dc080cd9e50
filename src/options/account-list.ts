/**
 * The accounts page's list: each account with its "default" choice, Edit, and Remove (asked once,
 * inline, since removing also forgets the stored sign-in). The page owns the list and the form.
 */
import { type Account, type AccountList, defaultAccount, saveAccounts } from '../shared/accounts.ts';
import { forgetSecret } from '../shared/credentials.ts';
import { h, replace } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';

export interface ListHost {
  get(): AccountList;
  set(list: AccountList): void;
  edit(account: Account): void;
  /** After the account and its secret are gone. */
  removed(account: Account): void;
}

export function accountList(host: ListHost): { section: HTMLElement; render(): void } {
  // Busy until the page has read the stored list: the first render says the truth, and a test (or
  // a screen reader) can tell "no accounts" from "not read yet".
  const listSection = h('section', { attrs: { 'aria-labelledby': 'accounts-heading', 'aria-busy': 'true' } });

  function renderList(): void {
    listSection.removeAttribute('aria-busy');
    const list = host.get();
    const heading = h('h2', { id: 'accounts-heading' }, t('options_accountsHeading'));
    if (list.accounts.length === 0) {
      replace(listSection, heading, h('p', { className: 'muted' }, t('options_noAccounts')));
      return;
    }
    const current = defaultAccount(list)?.id;
    const rows = list.accounts.map((account) => {
      const radio = h('input', {
        type: 'radio',
        name: 'default-account',
        value: account.id,
        checked: account.id === current,
        on: { change: () => void setDefault(account.id) },
      });
      radio.id = `default-${account.id}`;
      const actions = h('span', { className: 'row' });
      const showActions = (): void =>
        replace(
          actions,
          h('button', { type: 'button', className: 'secondary', attrs: { 'aria-label': t('options_editLabel', account.jid) }, on: { click: () => host.edit(account) } }, t('options_edit')),
          h('button', { type: 'button', className: 'secondary', attrs: { 'aria-label': t('options_removeLabel', account.jid) }, on: { click: askRemove } }, t('options_remove')),
        );
      // Removing also forgets the stored sign-in, so it asks once, inline (no modal dialog).
      function askRemove(): void {
        const yes = h('button', { type: 'button', on: { click: () => void remove(account) } }, t('options_removeYes'));
        replace(
          actions,
          h('span', {}, t('options_removeConfirm', account.jid)),
          yes,
          h('button', { type: 'button', className: 'secondary', on: { click: showActions } }, t('options_keep')),
        );
        yes.focus();
      }
      showActions();
      return h(
        'li',
        { className: 'row account' },
        radio,
        h('label', { htmlFor: radio.id }, account.jid),
        account.nickname ? h('span', { className: 'muted' }, `(${account.nickname})`) : null,
        account.id === current ? h('span', { className: 'muted' }, t('options_isDefault')) : null,
        actions,
      );
    });
    replace(
      listSection,
      heading,
      h('fieldset', {}, h('legend', {}, t('options_defaultLegend')), h('ul', { className: 'accounts' }, ...rows)),
    );
  }

  async function setDefault(id: string): Promise<void> {
    const list = { ...host.get(), defaultId: id };
    host.set(list);
    await saveAccounts(list);
    renderList();
  }

  async function remove(account: Account): Promise<void> {
    const before = host.get();
    const accounts = before.accounts.filter((a) => a.id !== account.id);
    const defaultId = before.defaultId === account.id ? accounts[0]?.id : before.defaultId;
    const list = defaultId ? { accounts, defaultId } : { accounts };
    host.set(list);
    await saveAccounts(list);
    await forgetSecret(account.id);
    host.removed(account);
    renderList();
  }

  return { section: listSection, render: renderList };
}
