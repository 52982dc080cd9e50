/**
 * "Invite someone" in the toolbar popup: signs in to the user's own server (the only one it
 * talks to), runs its invite command (xmpp/invites.ts) and shows the xmpp: link, the invite page
 * and their expiry, with Copy and a QR code to scan with a phone (lean-qr/nano: the smallest
 * maintained encoder measured, ~2 KB of each zip; uqr and qrcode-generator are several times that).
 */
import { generate } from 'lean-qr/nano';
import { type AccountList, defaultAccount, endpointOf } from '../shared/accounts.ts';
import { accountCredentials } from '../shared/credentials.ts';
import { append, field, h, replace } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import { InviteError, createInvitation } from '../xmpp/invites.ts';
import { type Session, SessionError, openSession } from '../xmpp/session.ts';
import { explain } from './explain.ts';

export async function inviteSomeone(root: HTMLElement, list: AccountList): Promise<void> {
  const acct = defaultAccount(list);
  const status = h('p', { className: 'muted', attrs: { role: 'status' } }, t('inviteSomeone_working'));
  replace(root, h('h2', {}, t('inviteSomeone')), status);
  if (!acct) {
    replace(status, t('popupNoAccount'));
    return;
  }
  let session: Session | undefined;
  try {
    const endpoint = endpointOf(acct);
    session = await openSession(
      { jid: acct.jid, ...(endpoint ? { websocketUrl: endpoint } : {}) },
      { credentials: accountCredentials(acct), ...(acct.saltChanges ? { scramOnly: true } : {}) },
    );
    const inv = await createInvitation(session);
    const link = h('input', { type: 'text', readOnly: true, value: inv.uri, spellcheck: false });
    const copied = h('span', { className: 'muted', attrs: { role: 'status' } });
    const copy = h(
      'button',
      { type: 'button', on: { click: () => void navigator.clipboard.writeText(inv.url ?? inv.uri).then(() => (copied.textContent = t('create_copied'))) } },
      t('create_copy'),
    );
    let qr: HTMLCanvasElement | null = h('canvas', { attrs: { role: 'img', 'aria-label': t('inviteSomeone_qr') } });
    // The QR holds the https page when there is one (a phone without a client can open it), else
    // the xmpp: link. Dark on white in both themes (the default light squares are transparent,
    // which a dark theme turns unreadable), with lean-qr's 4-module quiet zone. A text too long
    // for any QR version (~2.9 KB) throws: the invitation is made by then, so it shows without one.
    try {
      generate(inv.url ?? inv.uri).toCanvas(qr, { off: [255, 255, 255] });
    } catch {
      qr = null;
    }
    const until = inv.expires && !Number.isNaN(Date.parse(inv.expires)) ? new Date(inv.expires).toLocaleString() : inv.expires;
    replace(
      status,
      t('inviteSomeone_ready'),
    );
    append(
      root,
      field(t('inviteSomeone_uri'), link),
      inv.url ? field(t('inviteSomeone_url'), h('input', { type: 'text', readOnly: true, value: inv.url, spellcheck: false })) : null,
      until ? h('p', { className: 'muted' }, t('inviteSomeone_expires', until)) : null,
      h('div', { className: 'row' }, copy, copied),
      qr,
    );
  } catch (err) {
    const unsupported = err instanceof InviteError && err.code === 'unsupported';
    // A sign-in that failed says why in the action window's words (a wrong password, a server
    // away), except where that window would ask for the password: the popup has no field for it,
    // so it names the place that has one (the Options link below).
    const text = unsupported
      ? t('inviteSomeone_unsupported')
      : !(err instanceof SessionError)
        ? t('inviteSomeone_failed')
        : err.code === 'password-needed' || err.code === 'keys-rejected'
          ? t('inviteSomeone_password')
          : explain(err, undefined, acct.jid).text;
    replace(status);
    root.append(
      h('p', { className: 'error', attrs: { role: 'alert' } }, text),
      h('p', { className: 'muted' }, t('register_details', err instanceof InviteError ? (err.detail ?? err.message) : err instanceof Error ? err.message : String(err))),
    );
  } finally {
    void session?.close();
  }
}
