/**
 * `invite` (`?invite;jid=..;jid=..;password=..`): invite people to a room with mediated
 * invitations (XEP-0045 §7.8.2). The room only forwards invitations from its occupants, so on the
 * click the window looks the room up (never creating one by accident), enters it with the
 * account's nickname (and the link's password), sends one invitation per person, and leaves.
 *
 * A link names at most MAX_INVITEES people here; the rest are dropped, and the window says how
 * many, so a page cannot turn one click into a flood of invitations.
 */
import type { InviteAction } from '../../core/action.ts';
import { loadAccounts } from '../../shared/accounts.ts';
import { field, h, replace, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { bareOf, localOf } from '../../shared/wire-jid.ts';
import { MucError, alternativeNick, joinRoom, leavePresence, mediatedInvite, roomInfo } from '../../xmpp/muc.ts';
import type { Session } from '../../xmpp/session.ts';
import { explain } from '../explain.ts';
import { JOIN } from '../phrases/join.ts';
import { withJid } from '../jid-label.ts';
import { statusLine } from '../status-line.ts';
import type { View } from './view.ts';


/** Enough for any real group; a link naming more is more likely spam than a party. */
export const MAX_INVITEES = 20;

export const render: View = (root, ctx) => {
  const action = ctx.action as InviteAction;
  const room = bareOf(action.jid);
  const named = action.invitees.length;
  const people = h('textarea', { rows: 4, value: action.invitees.slice(0, MAX_INVITEES).join('\n') });
  const dropped =
    named > MAX_INVITEES ? h('p', { className: 'error', attrs: { role: 'note' } }, t('invite_dropped', String(named), String(MAX_INVITEES))) : null;
  const reason = h('input', { type: 'text', autocomplete: 'off' });
  const send = h('button', { type: 'submit' }, t('invite_send'));
  const { status, details, say, fail, working } = statusLine();
  let busy = false;
  let done = false;


  /** Enters the room as the account's nickname (or its localpart); resolves with the nick used. */
  const enter = async (session: Session): Promise<string> => {
    const accounts = await loadAccounts().catch(() => ({ accounts: [] }));
    const nick = accounts.accounts.find((a) => bareOf(a.jid) === bareOf(session.jid))?.nickname?.trim() || localOf(session.jid);
    const opts = action.password ? { password: action.password } : {};
    try {
      return (await joinRoom(session, room, nick, opts)).nick;
    } catch (err) {
      if (!(err instanceof MucError) || err.code !== 'conflict') throw err;
      return (await joinRoom(session, room, alternativeNick(nick), opts)).nick;
    }
  };

  const submit = async () => {
    if (busy || done) return;
    // The cap holds for what the user typed too: the first MAX_INVITEES addresses are sent.
    const invitees = [...new Set(people.value.split('\n').map((l) => bareOf(l.trim())).filter(Boolean))].slice(0, MAX_INVITEES);
    if (!invitees.length) {
      fail(t('invite_errNone'), '');
      return;
    }
    busy = true;
    send.disabled = true;
    working(t('invite_sending'));
    try {
      const session = await ctx.session();
      const info = await roomInfo(session, room);
      if (!info.exists) {
        fail(t('join_notExists'), 'item-not-found');
        return;
      }
      const nick = await enter(session);
      for (const jid of invitees) await session.sendAcked(mediatedInvite(room, jid, reason.value));
      // Our invitations are ahead of the leave in the stream, so the room handles them first.
      await session.send(leavePresence(room, nick)).catch(() => undefined);
      done = true;
      people.readOnly = true;
      reason.readOnly = true;
      say(t('invite_sent', invitees.join(', ')), 'ok');
    } catch (err) {
      const e = explain(err, JOIN, ctx.account);
      fail(e.text, e.detail);
    } finally {
      busy = false;
      send.disabled = done;
    }
  };

  const form = submitForm(() => void submit(),
    h('p', {}, ...withJid('invite_intro', room)),
    dropped,
    field(t('invite_people'), people, t('invite_peopleHint')),
    field(t('invite_reason'), reason),
    h('div', { className: 'row' }, send),
    status,
    details,
  );
  replace(root, form);
  // The list, not Send: a key meant for another window must not send invitations.
  people.focus();
};
