/**
 * The action window: reads the request it was opened for (by id, from storage.session), says what
 * will happen and who asked, then hands the body to the view for the action's kind.
 */
import browser from 'webextension-polyfill';
import { describeAction, describeOrigin } from '../shared/describe.ts';
import { h, replace } from '../shared/dom.ts';
import { localizePage, t } from '../shared/i18n.ts';
import { type ActionRequest, requestKey } from '../shared/request.ts';
import { renderError } from './views/error.ts';
import { startConnection } from './connect.ts';
import { views } from './views/registry.ts';
import { renderSummary } from './views/summary.ts';

async function main(): Promise<void> {
  localizePage();
  const header = document.getElementById('header') as HTMLElement;
  const main = document.getElementById('main') as HTMLElement;
  const id = new URLSearchParams(location.search).get('id') ?? '';
  const req = (await browser.storage.session.get(requestKey(id)))[requestKey(id)] as ActionRequest | undefined;
  if (!req) {
    replace(header, h('h1', {}, t('errorTitle')));
    return;
  }
  const title = req.action ? describeAction(req.action) : t('errorTitle');
  document.title = `${title} — Jabber Link`;
  replace(header, h('h1', {}, title), h('p', { className: 'muted', id: 'origin' }, describeOrigin(req.origin, req.source)));
  if (req.error || !req.action) {
    renderError(main, req);
    return;
  }
  const load = views[req.action.kind];
  if (!load) {
    renderSummary(main, req.action);
    return;
  }
  const status = h('p', { className: 'muted', attrs: { role: 'status' } });
  const connection = h('section', { id: 'connection', attrs: { 'aria-label': t('action_connectionLabel') } });
  const viewRoot = h('div');
  header.append(status);
  main.append(connection, viewRoot);
  // Sign-in starts now, while the user reads the header; the view appears once there is an
  // account to act with (at once, or after "Set up account" in this same window).
  const conn = startConnection(req, status, connection);
  addEventListener('pagehide', () => conn.close());
  const [view] = await Promise.all([load(), conn.accountReady]);
  const cleanup = view(viewRoot, { action: req.action, request: req, session: conn.session });
  addEventListener('pagehide', cleanup);
}

void main();
