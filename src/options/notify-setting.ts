/** The Options setting for chat notifications: show who wrote but not what (for shared screens). */
import { h } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import { local } from '../shared/storage.ts';

export function notifySetting(): HTMLElement {
  const box = h('input', {
    type: 'checkbox',
    id: 'notify-hide-text',
    on: { change: () => void local.set('notifyHideText', box.checked) },
  });
  void local.get('notifyHideText').then((v) => {
    box.checked = v === true;
  });
  return h(
    'section',
    { attrs: { 'aria-labelledby': 'notify-heading' } },
    h('h2', { id: 'notify-heading' }, t('options_notifications')),
    h('div', { className: 'field' }, h('span', { className: 'row' }, box, h('label', { htmlFor: box.id }, t('options_notifyHideText'))), h('small', { className: 'hint' }, t('options_notifyHideTextHint'))),
  );
}
