/**
 * The action window's first script, kept small so it runs early: it starts the storage read and
 * the load of the code that signs in at the same moment, paints the header (what will happen,
 * who asked) and the "Connecting…" line as soon as the request is read, then hands over to
 * action-body.ts. Everything heavy (xmpp.js, the views) arrives through that dynamic import.
 */
import { describeAction, describeOrigin } from '../shared/describe.ts';
import { h, replace } from '../shared/dom.ts';
import { localizePage, t } from '../shared/i18n.ts';
import { readSnapshot } from './snapshot.ts';

const snapshot = readSnapshot(new URLSearchParams(location.search).get('id') ?? '');
const body = import('./action-body.ts');

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
  replace(header, h('h1', {}, title), h('p', { className: 'muted', id: 'origin' }, describeOrigin(req.origin, req.source)));
  (await body).run(req, snap, header, main);
}

void main();
