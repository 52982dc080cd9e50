import { h } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';

/**
 * A view's status line (announced as it changes) and, under it, the raw reason of a failure one
 * click away. `say` sets the line ('ok' or 'error' colours it); `fail` also fills the details,
 * shown only when there is one; `working` says what is under way and hides the last details.
 */
export function statusLine() {
  const status = h('p', { attrs: { role: 'status', 'aria-live': 'polite' } });
  const code = h('code', {});
  const details = h('details', { hidden: true }, h('summary', {}, t('errorDetails')), code);
  const say = (text: string, cls = '') => {
    status.className = cls;
    status.textContent = text;
  };
  return {
    status,
    details,
    say,
    fail(text: string, detail: string) {
      say(text, 'error');
      code.textContent = detail;
      details.hidden = !detail;
    },
    working(text: string) {
      details.hidden = true;
      say(text);
    },
  };
}
