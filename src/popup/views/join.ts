/**
 * `join` (`?join`, `<groupchat>`): ask for a nickname (and the password), look the room up first
 * (XEP-0045 §6.4) so a mistyped link never creates a room by accident, join (§7.2), then show the
 * live room: subject, occupants, recent history and new messages, and a line to write in.
 */
import type { JoinAction } from '../../core/action.ts';
import { actingButton, busyButton, field, h, replace, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { offersArchive } from '../../xmpp/mam.ts';
import { MucError, type RoomInfo, alternativeNick, joinRoom, leavePresence, roomInfo } from '../../xmpp/muc.ts';
import type { Session } from '../../xmpp/session.ts';
import { explain } from '../explain.ts';
import { JOIN } from '../phrases/join.ts';
import { bareOf as bare } from '../../shared/wire-jid.ts';
import { withJid } from '../jid-label.ts';
import { statusLine } from '../status-line.ts';
import { createRoom } from './room.ts';
import type { View } from './view.ts';

export const render: View = (root, ctx) => {
  const action = ctx.action as JoinAction;
  const room = bare(action.jid);
  const nick = h('input', { type: 'text', required: true, attrs: { autocomplete: 'nickname' } });
  const password = h('input', { type: 'password', value: action.password ?? '', autocomplete: 'off' });
  const join = h('button', { type: 'submit' }, t('join_join'));
  const notes = h('div', { attrs: { 'aria-live': 'polite' } });
  const line = statusLine();
  const { status, details, say, fail, working } = line;
  let joinedSession: Session | undefined;
  const offs: Array<() => void> = [];

  // --- before joining: default nickname and what the room says about itself -------------------
  const sessionReady = ctx.session();
  sessionReady.catch(() => undefined); // sign-in failures are shown by the connection panel
  // Once signed in: the nickname of whichever account the connection panel signed in with.
  void sessionReady.then(() => {
    nick.value ||= ctx.nickname();
  });

  // The room is looked up on the first click of Join, not when the window opens: a disco#info
  // query travels to the room's server and would tell whoever runs it which account opened
  // the link, before the user has agreed to anything (DESIGN.md: nothing is sent without a click).
  let info: Promise<RoomInfo> | undefined;
  const lookUp = (session: Session): Promise<RoomInfo> =>
    (info ??= roomInfo(session, room).then(
      (i) => {
        if (!ctx.signal.aborted) showInfo(i);
        return i;
      },
      (err: unknown) => {
        info = undefined;
        throw err;
      },
    ));

  let createConfirmed = false;
  const showInfo = (i: RoomInfo) => {
    const lines: HTMLElement[] = [];
    if (!i.exists) lines.push(h('p', {}, t('join_notExists')));
    else {
      if (i.name) lines.push(h('p', {}, t('join_roomName', i.name)));
      if (i.passwordProtected) lines.push(h('p', {}, t('join_needsPassword')));
      if (i.membersOnly) lines.push(h('p', {}, t('join_membersOnly')));
    }
    replace(notes, ...lines);
  };

  /** The room does not exist: say so and let the user decide, instead of creating it silently. */
  const askToCreate = () => {
    const yes = actingButton(t('join_create'), () => {
      createConfirmed = true;
      void submit();
    });
    const no = h(
      'button',
      {
        type: 'button',
        className: 'secondary',
        on: {
          click: () => {
            replace(notes, h('p', {}, t('join_notExists')));
            join.disabled = false;
            join.focus();
          },
        },
      },
      t('options_cancel'),
    );
    replace(notes, h('p', { attrs: { role: 'alert' } }, t('join_askCreate')), h('div', { className: 'row' }, yes, no));
    // Focus on the harmless choice: an Enter still held from Join must not create a room.
    no.focus();
  };

  // --- the room (room.ts) ----------------------------------------------------------------------
  const live = createRoom(room, () => password.value, line);

  // --- join ------------------------------------------------------------------------------------
  // Join stays off once joined, and while the user decides whether to create the room.
  const submit = busyButton(join, async () => {
    const wanted = nick.value.trim();
    if (ctx.signal.aborted) return;
    if (!wanted) {
      fail(t('join_errNoNick'));
      nick.focus();
      return;
    }
    working(t('join_checking'));
    let off: (() => void) | undefined;
    try {
      const session = await ctx.session();
      const i = await lookUp(session);
      if (!i.exists && !createConfirmed) {
        say('');
        askToCreate();
        return true;
      }
      if (i.passwordProtected && !password.value) {
        // Ask for it now rather than let the room refuse us (XEP-0045 §7.2.5).
        fail(t('join_needsPassword'));
        password.focus();
        return;
      }
      say(t('join_joining'));
      off = session.onStanza(live.onStanza);
      // A room that keeps an archive shows it instead of the join history (which is shorter and
      // carries no ids to page back from).
      const archived = offersArchive(i.features);
      const self = await joinRoom(session, room, wanted, { password: password.value, maxHistory: archived ? 0 : undefined });
      joinedSession = session;
      offs.push(off, ...live.enter(root, session, self.nick, archived));
      say('');
      return true;
    } catch (err) {
      off?.();
      live.reset();
      // A room's refusal in room words; anything else (the sign-in, the stream) in its own.
      const e = explain(err, err instanceof MucError ? JOIN : undefined, ctx.account);
      fail(e.text, e.detail);
      if (err instanceof MucError) {
        if (err.code === 'conflict') {
          // Offer another nickname rather than leaving the user to guess one (§7.2.9).
          nick.value = alternativeNick(wanted);
          nick.focus();
          nick.select();
        } else if (err.code === 'not-authorized') password.focus();
      }
    }
  });

  const form = submitForm(() => void submit(),
    h('p', {}, ...withJid('join_intro', room)),
    notes,
    field(t('options_nickname'), nick),
    field(t('action_password'), password, t('join_passwordHint')),
    h('div', { className: 'row' }, join),
    status,
    details,
  );
  root.replaceChildren(form);
  nick.focus();

  ctx.signal.addEventListener('abort', () => {
    for (const off of offs) off();
    // Leave politely (XEP-0045 §7.14); closing the stream would make the server do it anyway.
    if (joinedSession && live.nick) joinedSession.send(leavePresence(room, live.nick)).catch(() => undefined);
  });
};
