import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { ActionRequest } from '../../shared/request.ts';

/**
 * The sentence for a request's error code (parse and re-read codes alike) in the browser's
 * language; the parser's own English text, which may quote the offending input, goes to details.
 */
export function requestErrorText(code: string | undefined): string {
  const key = `linkErr_${(code ?? 'internal').replace(/-/g, '_')}`;
  const text = t(key);
  return text === key ? t('linkErr_internal') : text; // t() answers an unknown key with the key
}

/** A link or file that failed to parse: say so plainly, keep the raw reason one click away. */
export function renderError(root: HTMLElement, req: ActionRequest): void {
  const close = h('button', { type: 'button', on: { click: () => window.close() } }, t('close'));
  replace(
    root,
    h('div', { attrs: { role: 'alert' } }, h('p', { className: 'error' }, requestErrorText(req.error?.code)), h('p', {}, t('errorWhatToDo'))),
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
