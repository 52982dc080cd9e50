/**
 * An invite that can create an account (invite-route.ts). With accounts elsewhere, a contact
 * invite asks first: add the inviter with one of them, or create an account on the inviter's
 * server. Resolves true when this took over the window.
 */
import { actingButton, h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { InviteRoute } from '../invite-route.ts';
import { withJid } from '../jid-label.ts';
import { renderCreateAccount } from './create-account.ts';

export function offerInvite(root: HTMLElement, route: InviteRoute): Promise<boolean> {
  const create = () => {
    const cleanup = renderCreateAccount(root, route.create);
    addEventListener('pagehide', cleanup);
  };
  if (!route.ask) {
    create();
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    // Neither choice sends anything by itself; "Use my account" then runs the usual roster view.
    const mine = h('button', { type: 'button', on: {
          click: () => {
            replace(root);
            resolve(false);
          },
        }, }, t('create_useMine'));
    const there = actingButton(t('create_makeThere'), () => {
      create();
      resolve(true);
    });
    replace(root, h('p', {}, ...withJid('create_askWhich', route.create.inviter ?? route.create.domain, route.create.domain)), h('div', { className: 'row' }, mine, there));
    mine.focus();
  });
}
