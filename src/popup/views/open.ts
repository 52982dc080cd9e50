/**
 * `open` (`xmpp:juliet@capulet.example`, no query): a room opens the join view, anything else the
 * chat view, decided by disco#info on the address (XEP-0045 §6.4 identity `conference`).
 *
 * The disco#info query reaches the address's server, which then learns that this user opened the
 * link. On the user's own server (or a subdomain of it, e.g. its MUC service) that tells nobody
 * new, so it is asked at once; for any other server the user clicks "Continue" first.
 */
import type { Action } from '../../core/action.ts';
import { h, replace, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { roomInfo } from '../../xmpp/muc.ts';
import { bareOf, domainOf } from '../../shared/wire-jid.ts';
import type { Session } from '../../xmpp/session.ts';
import { withJid } from '../jid-label.ts';
import type { View } from './view.ts';

/** The target is on the user's own server or one of its subdomains. */
function isOwnServer(target: string, account: string): boolean {
  const own = domainOf(account);
  const their = domainOf(target);
  return their === own || their.endsWith(`.${own}`);
}

export const render: View = (root, ctx) => {
  const target = bareOf(ctx.action.jid);
  const status = h('p', { className: 'muted', attrs: { role: 'status', 'aria-live': 'polite' } });

  const route = async (session: Session) => {
    status.textContent = t('open_checking', target);
    // Any answer but a room (an error, a person, a server) opens the chat: chatting is the
    // harmless default, and joining must never happen by accident.
    const isRoom = await roomInfo(session, target).then((info) => info.isRoom, () => false);
    if (ctx.signal.aborted) return;
    const kind: Action['kind'] = isRoom ? 'join' : 'chat';
    const view = await ctx.viewFor(kind);
    // The routed view lives as long as this one: the same signal ends both.
    if (!ctx.signal.aborted) view(root, { ...ctx, action: { ...ctx.action, kind } as Action });
  };

  replace(root, status);
  ctx.session().then(
    (session) => {
      if (ctx.signal.aborted) return;
      if (isOwnServer(target, session.jid)) {
        void route(session);
        return;
      }
      const go = h('button', { type: 'submit' }, t('open_continue'));
      const form = submitForm(() => {
        go.disabled = true;
        void route(session);
      }, h('p', {}, ...withJid('open_askIntro', target)), h('div', { className: 'row' }, go), status);
      replace(root, form);
      // Focus stays off Continue: it sends a query to another server, so a key meant for another
      // window must not press it.
    },
    () => undefined, // sign-in failures are shown by the connection panel
  );
};
