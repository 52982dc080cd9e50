/**
 * The action window: reads its request, the accounts and their secrets in one storage read
 * (started as this script runs), says what will happen and who asked, starts signing in, then
 * hands the body to the view for the action's kind.
 *
 * Startup is on the click-to-ready path, so the window's code arrives in a few static chunks
 * (see vite.config.ts): measured here, each extra file or dynamic-import hop cost 2–15 ms.
 */
import { describeAction, describeOrigin } from '../shared/describe.ts';
import { gate } from '../shared/deliberate-dom.ts';
import { h, replace } from '../shared/dom.ts';
import { localizePage, t } from '../shared/i18n.ts';
import { startConnection } from './connect.ts';
import { localOf } from '../shared/wire-jid.ts';
import { withJid } from './jid-label.ts';
import { readSnapshot } from './snapshot.ts';
import { renderError } from './views/error.ts';
import { viewFor } from './views/registry.ts';

const params = new URLSearchParams(location.search);
const snapshot = readSnapshot(params.get('id') ?? '');
// The activation delay counts from here, the moment the window's script runs (deliberate.ts).
gate();

async function main(): Promise<void> {
  localizePage();
  const header = document.getElementById('header') as HTMLElement;
  const main = document.getElementById('main') as HTMLElement;
  const snap = await snapshot;
  const req = snap.request;
  if (!req) {
    replace(header, h('h1', {}, t('errorTitle')));
    return;
  }
  const title = req.action ? describeAction(req.action) : t('errorTitle');
  document.title = `${title} — Jabber Link`;
  replace(header, h('h1', {}, ...(req.action ? withJid(`kind_${req.action.kind}`, req.action.jid) : [title])), h('p', { className: 'muted', id: 'origin' }, describeOrigin(req.origin, req.source)));
  if (req.error || !req.action) {
    renderError(main, req);
    return;
  }
  const action = req.action;
  // An invite (its token) to a server where the user has no account creates one there first
  // (invite-route.ts); the code for that comes only with a token.
  if ('preauth' in action && action.preauth) {
    const invites = await import('./views/create-account.ts');
    const invite = invites.inviteRoute(action, snap.accounts);
    if (invite && (await invites.offerInvite(main, invite))) return;
  }
  const status = h('p', { className: 'badge', attrs: { role: 'status' } });
  const connection = h('section', { id: 'connection', attrs: { 'aria-label': t('action_connectionLabel') } });
  const viewRoot = h('div');
  header.append(status);
  main.append(connection, viewRoot);
  // Sign-in starts now, while the user reads the header; the view appears once there is an
  // account to act with (at once, or after "Set up account" in this same window).
  const conn = startConnection(req, status, connection, snap, params.get('account') ?? undefined);
  // Closing the window closes the session, then ends the view (its listeners hang on this signal).
  const gone = new AbortController();
  addEventListener('pagehide', () => {
    conn.close();
    gone.abort();
  });
  const [view, account] = await Promise.all([viewFor(action.kind), conn.accountReady]);
  const nickname = () => {
    const a = conn.current() ?? account;
    return a.nickname?.trim() || localOf(a.jid);
  };
  view(viewRoot, { action, request: req, session: conn.session, account: account.jid, nickname, signal: gone.signal, viewFor });
  // Marks the view as drawn, for whoever drives the window (tests wait for it before looking for its buttons).
  viewRoot.dataset.view = action.kind;
}

void main();
