/** The Options setting for chat notifications: show who wrote but not what (for shared screens). */
import { browser } from '../shared/browser.ts';
import { h } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import { HIDE_TEXT_KEY } from '../popup/notify.ts';

export function notifySetting(): HTMLElement {
  const box = h('input', {
    type: 'checkbox',
    id: 'notify-hide-text',
    on: { change: () => void browser.storage.local.set({ [HIDE_TEXT_KEY]: box.checked }) },
  });
  void browser.storage.local.get(HIDE_TEXT_KEY).then((v) => {
    box.checked = v[HIDE_TEXT_KEY] === true;
  });
  return h(
    'section',
    { attrs: { 'aria-labelledby': 'notify-heading' } },
    h('h2', { id: 'notify-heading' }, t('options_notifications')),
    h('div', { className: 'field' }, h('span', { className: 'row' }, box, h('label', { htmlFor: box.id }, t('options_notifyHideText'))), h('small', { className: 'hint' }, t('options_notifyHideTextHint'))),
  );
}
