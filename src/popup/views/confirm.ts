/**
 * `unsubscribe`, `remove` and `unregister`: the actions that take something away. Say what will
 * happen, then do it once on the user's click:
 * - unsubscribe (XEP-0147 "unsubscribe from the entity's presence"): `<presence type='unsubscribe'>`
 * - remove (RFC 6121 §2.5): roster get, then roster set with `subscription='remove'`
 * - unregister (XEP-0077 §3.2): `<remove/>` to the service
 * Nothing is sent before the click; the button stays disabled once it worked. `unregister` aimed at
 * the account's own server or JID would delete the account: refused, with nothing sent
 * (own-account.ts). No button has focus on open, so no key meant for another window acts here.
 */
import type { PlainAction } from '../../core/action.ts';
import { h, replace, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { cancelRegistration } from '../../xmpp/register.ts';
import { bareOf } from '../../shared/wire-jid.ts';
import { acknowledgeRosterPushes, removeContact, unsubscribePresence } from '../../xmpp/roster.ts';
import { explain } from '../explain.ts';
import { UNREGISTER } from '../phrases/register.ts';
import { ROSTER } from '../phrases/roster.ts';
import { withJid } from '../jid-label.ts';
import { statusLine } from '../status-line.ts';
import { touchesOwnAccount } from '../own-account.ts';
import { showRefusal } from '../refusal.ts';
import type { View } from './view.ts';

type ConfirmKind = 'unsubscribe' | 'remove' | 'unregister';

/** Per kind: the explanation, the button, the success sentence. */
const TEXTS: Record<ConfirmKind, { intro: string; button: string; done: string }> = {
  unsubscribe: { intro: 'confirm_unsubscribeIntro', button: 'confirm_unsubscribe', done: 'confirm_unsubscribeDone' },
  remove: { intro: 'confirm_removeIntro', button: 'confirm_remove', done: 'confirm_removeDone' },
  unregister: { intro: 'confirm_unregisterIntro', button: 'confirm_unregister', done: 'confirm_unregisterDone' },
};

export const render: View = (root, ctx) => {
  const action = ctx.action as PlainAction;
  const kind = action.kind as ConfirmKind;
  const target = bareOf(action.jid);
  const texts = TEXTS[kind];
  if (touchesOwnAccount(kind, target, ctx.account)) {
    showRefusal(root, 'own_unregisterRefused', ctx.account);
    return;
  }
  const go = h('button', { type: 'submit' }, t(texts.button));
  const { status, details, say, fail, working } = statusLine();
  let busy = false;
  let done = false;

  const perform = async (): Promise<string | undefined> => {
    const session = await ctx.session();
    // Checked again against the account actually signed in (the user may have switched).
    if (touchesOwnAccount(kind, target, session.jid)) {
      showRefusal(root, 'own_unregisterRefused', session.jid);
      return undefined;
    }
    if (kind === 'unsubscribe') {
      await session.send(unsubscribePresence(target));
      return t(texts.done, target);
    }
    if (kind === 'remove') {
      acknowledgeRosterPushes(session);
      return (await removeContact(session, target)) ? t(texts.done, target) : t('confirm_removeAbsent', target);
    }
    await cancelRegistration(session, target);
    return t(texts.done, target);
  };

  const submit = async () => {
    if (busy || done) return;
    busy = true;
    go.disabled = true;
    working(t('confirm_working'));
    try {
      const text = await perform();
      done = true;
      if (text === undefined) return;
      const close = h('button', { type: 'button', className: 'secondary', on: { click: () => window.close() } }, t('close'));
      say(text, 'ok');
      replace(buttons, close);
      close.focus();
    } catch (err) {
      const { text, detail } = explain(err, kind === 'unregister' ? UNREGISTER : ROSTER, ctx.account);
      fail(text, detail);
      go.disabled = false;
    } finally {
      busy = false;
    }
  };

  const buttons = h('div', { className: 'row' }, go);
  const form = submitForm(() => void submit(), h('p', {}, ...withJid(texts.intro, target)), buttons, status, details);
  root.replaceChildren(form);
};
