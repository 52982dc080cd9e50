import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { ActionRequest } from '../../shared/request.ts';

/** A link or file that failed to parse: say so plainly, keep the raw reason one click away. */
export function renderError(root: HTMLElement, req: ActionRequest): void {
  const close = h('button', { type: 'button', on: { click: () => window.close() } }, t('close'));
  replace(
    root,
    h('div', { attrs: { role: 'alert' } }, h('p', { className: 'error' }, req.error?.message ?? ''), h('p', {}, t('errorWhatToDo'))),
    h('details', {}, h('summary', {}, t('errorDetails')), h('p', { className: 'mono' }, `${req.error?.code ?? ''}: ${req.raw}`)),
    close,
  );
  close.focus();
}
