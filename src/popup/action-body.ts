/**
 * The action window once its header is up: the error or summary for requests without a view,
 * otherwise the connection panel (signing in starts here, while the user reads) and the view for
 * the action's kind, shown once there is an account to act with.
 */
import { h } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import type { ActionRequest } from '../shared/request.ts';
import { startConnection } from './connect.ts';
import type { Snapshot } from './snapshot.ts';
import { renderError } from './views/error.ts';
import { views } from './views/registry.ts';
import { renderSummary } from './views/summary.ts';

export function run(req: ActionRequest, snap: Snapshot, header: HTMLElement, main: HTMLElement): void {
  if (req.error || !req.action) {
    renderError(main, req);
    return;
  }
  const load = views[req.action.kind];
  if (!load) {
    renderSummary(main, req.action);
    return;
  }
  const action = req.action;
  const status = h('p', { className: 'muted', attrs: { role: 'status' } });
  const connection = h('section', { id: 'connection', attrs: { 'aria-label': t('action_connectionLabel') } });
  const viewRoot = h('div');
  header.append(status);
  main.append(connection, viewRoot);
  const conn = startConnection(req, status, connection, snap);
  addEventListener('pagehide', () => conn.close());
  void Promise.all([load(), conn.accountReady]).then(([view]) => {
    const cleanup = view(viewRoot, { action, request: req, session: conn.session });
    addEventListener('pagehide', cleanup);
  });
}
