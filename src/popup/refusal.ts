/**
 * What the window shows instead of a view when a link would destroy or rewrite the account it
 * signs in with (own-account.ts): the reason in one sentence, that nothing was sent, and Close.
 */
import { h, replace } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import { bareOf } from '../shared/wire-jid.ts';
import { withJid } from './jid-label.ts';

/** `key`: a sentence from _locales whose $1 is the account's JID. */
export function showRefusal(root: HTMLElement, key: string, account: string): void {
  replace(
    root,
    h('div', { attrs: { role: 'alert' } }, h('p', { className: 'error' }, ...withJid(key, bareOf(account))), h('p', {}, t('own_nothingSent'))),
    h('div', { className: 'row' }, h('button', { type: 'button', className: 'secondary', on: { click: () => window.close() } }, t('close'))),
  );
}
