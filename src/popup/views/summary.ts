// Straight from uri.ts: the index would bring the jabber-file parser, which only the background needs.
import type { Action } from '../../core/action.ts';
import { formatXmppUri } from '../../core/uri.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';

const FIELDS = ['account', 'subject', 'body', 'thread', 'password', 'name', 'group', 'invitees'] as const;

/** The parsed action as read-only facts, plus "Copy link". */
export function renderSummary(root: HTMLElement, action: Action): void {
  const list = h('dl', { attrs: { 'aria-label': 'Action' } });
  for (const key of FIELDS) {
    const value = (action as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const shown = key === 'password' ? '••••••' : Array.isArray(value) ? value.join(', ') : String(value);
    list.append(h('dt', {}, t(`actionField_${key}`)), h('dd', {}, shown));
  }
  const copy = h('button', { type: 'button', className: 'secondary', on: { click: () => void navigator.clipboard.writeText(formatXmppUri(action)) } }, t('copyLink'));
  replace(root, list, h('p', { className: 'muted' }, t('actionPending')), h('div', { className: 'row' }, copy));
}
