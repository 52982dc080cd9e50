import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { ActionRequest } from '../../shared/request.ts';
import { linkErrorText } from '../explain.ts';

/**
 * A link or file that failed to parse: its code's sentence in the browser's language; the
 * parser's own English text, which may quote the offending input, goes to details.
 */
export function renderError(root: HTMLElement, req: ActionRequest): void {
  const close = h('button', { type: 'button', on: { click: () => window.close() } }, t('close'));
  replace(
    root,
    h('div', { attrs: { role: 'alert' } }, h('p', { className: 'error' }, linkErrorText(req.error?.code)), h('p', {}, t('errorWhatToDo'))),
    h(
      'details',
      {},
      h('summary', {}, t('errorDetails')),
      h('p', { className: 'mono' }, `${req.error?.code ?? ''}: ${req.error?.message ?? ''}`),
      h('p', { className: 'mono' }, req.raw),
    ),
    close,
  );
  close.focus();
}
