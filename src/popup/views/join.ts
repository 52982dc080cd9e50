/**
 * `join` (`?join`, `<groupchat>`): ask for a nickname (and the password), look the room up first
 * (XEP-0045 §6.4) so a mistyped link never creates a room by accident, join (§7.2), then show the
 * live room: subject, occupants, recent history and new messages, and a line to write in.
 */
import type { JoinAction } from '../../core/action.ts';
import { loadAccounts } from '../../shared/accounts.ts';
import { actingButton, field, h, replace, sendOnEnter, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import {
  MucError,
  type OccupantPresence,
  type RoomInfo,
  alternativeNick,
  groupchatMessage,
  joinRoom,
  leavePresence,
  parseOccupant,
  parseRoomMessage,
  roomInfo,
} from '../../xmpp/muc.ts';
import type { Session } from '../../xmpp/session.ts';
import { explain } from '../explain.ts';
import { JOIN } from '../phrases/join.ts';
import { withJid } from '../jid-label.ts';
import type { View } from './view.ts';
import { bareOf as bare, localOf } from '../../shared/wire-jid.ts';

export const render: View = (root, ctx) => {
  const action = ctx.action as JoinAction;
  const room = bare(action.jid);
  const nick = h('input', { type: 'text', required: true, attrs: { autocomplete: 'nickname' } });
  const password = h('input', { type: 'password', value: action.password ?? '', autocomplete: 'off' });
  const join = h('button', { type: 'submit' }, t('join_join'));
  const notes = h('div', { attrs: { 'aria-live': 'polite' } });
  const status = h('p', { attrs: { role: 'status', 'aria-live': 'polite' } });
  const details = h('details', { hidden: true }, h('summary', {}, t('errorDetails')), h('code', {}));
  let joinedAs: string | undefined;
  let joinedSession: Session | undefined;
  const offs: Array<() => void> = [];

  const say = (text: string, cls = '') => {
    status.className = cls;
    status.textContent = text;
  };
  const fail = (text: string, detail?: string) => {
    say(text, 'error');
    (details.lastChild as HTMLElement).textContent = detail ?? '';
    details.hidden = !detail;
  };

  // --- before joining: default nickname and what the room says about itself -------------------
  const sessionReady = ctx.session();
  sessionReady.catch(() => undefined); // sign-in failures are shown by the connection panel
  void sessionReady.then(async (session) => {
    if (nick.value) return;
    // The account's nickname if it has one (whichever account the connection panel signed in
    // with), else the localpart of the address.
    const accounts = await loadAccounts().catch(() => ({ accounts: [] }));
    const account = accounts.accounts.find((a) => bare(a.jid) === bare(session.jid));
    if (!nick.value) nick.value = account?.nickname?.trim() || localOf(session.jid);
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
      t('join_cancel'),
    );
    replace(notes, h('p', { attrs: { role: 'alert' } }, t('join_askCreate')), h('div', { className: 'row' }, yes, no));
    // Focus on the harmless choice: an Enter still held from Join must not create a room.
    no.focus();
  };

  // --- the room ------------------------------------------------------------------------------
  const subject = h('p', { className: 'muted', attrs: { 'aria-label': t('join_subject') } });
  const occupantList = h('ul', { attrs: { role: 'list', 'aria-label': t('join_occupants') } });
  const log = h('div', { attrs: { role: 'log', 'aria-label': t('join_log', room), 'aria-live': 'polite', tabindex: '0' } });
  const input = h('textarea', { rows: 2 });
  const send = h('button', { type: 'submit' }, t('join_send'));
  const occupants = new Map<string, OccupantPresence>();

  const renderOccupants = () => {
    const sorted = [...occupants.values()].sort((a, b) => a.nick.localeCompare(b.nick));
    replace(
      occupantList,
      ...sorted.map((o) => h('li', {}, o.nick, o.self ? ` (${t('join_you')})` : '', o.role === 'moderator' ? ` — ${t('join_moderator')}` : '')),
    );
  };
  const entry = (who: string, text: string, cls = '', when?: Date) => {
    const p = h('p', { className: cls }, when ? h('small', { className: 'muted' }, `${when.toLocaleString()} `) : null, who ? h('strong', {}, `${who}: `) : null, text);
    log.append(p);
    log.scrollTop = log.scrollHeight;
  };

  /** Out of the room for good: kicked, banned, the room gone, or the connection lost for good. */
  const left = () => {
    if (!joinedAs) return;
    joinedAs = undefined;
    entry('', t('join_left'), 'error');
    send.disabled = true;
    input.disabled = true;
  };
  // Out for a technical reason, or a new session after a server restart (a resumed one is still
  // in the room): join again under the same nick once the link is up, without repeating history.
  let away = false;
  let up = true;
  let joins = 0;
  const rejoin = () => {
    if (!away || !up || !joinedAs || !joinedSession) return;
    away = false;
    occupants.clear();
    const n = ++joins;
    joinRoom(joinedSession, room, joinedAs, { password: password.value, maxHistory: 0 }).catch(() => n === joins && left());
  };

  /** Room traffic, listened to from before the join presence (occupants arrive first). */
  const onRoomStanza = (stanza: Parameters<Parameters<Session['onStanza']>[0]>[0]) => {
    const o = parseOccupant(stanza, room);
    if (o) {
      // Set here, not after joinRoom resolves: history follows our presence at once.
      if (o.self && o.available) joinedAs = o.nick;
      if (o.available) occupants.set(o.nick, o);
      else {
        occupants.delete(o.nick);
        if (o.self && joinedAs && !o.newNick) {
          // Removed for a technical reason (XEP-0045 status 333: our link dropped, the server is
          // stopping): join again once we can. Else kicked, banned, or the room went away (§9.1, §9.3, §10.9).
          if (o.statuses.includes('333')) {
            away = true;
            rejoin();
          } else left();
        } else if (o.self && o.newNick) joinedAs = o.newNick;
      }
      if (joinedAs !== undefined || o.self) renderOccupants();
      return;
    }
    const m = parseRoomMessage(stanza, room);
    if (!m || !joinedAs) return;
    if (m.type === 'subject') subject.textContent = m.subject ? t('join_subjectIs', m.subject) : '';
    else if (m.type === 'error') entry('', t('join_notSent', m.condition), 'error');
    else entry(m.nick, m.body, m.delayed ? 'muted' : '', m.delayed);
  };

  const showRoom = () => {
    renderOccupants();
    sendOnEnter(input, () => void say_());
    const roomForm = submitForm(() => void say_(),
      h('h2', {}, ...withJid('join_inRoom', room)),
      subject,
      h('h3', {}, t('join_occupants')),
      occupantList,
      log,
      field(t('join_message'), input, t('join_messageHint')),
      h('div', { className: 'row' }, send),
      status,
    );
    say('');
    root.replaceChildren(roomForm);
    input.focus();
  };

  let sendingMessage = false;
  const say_ = async () => {
    const text = input.value;
    if (sendingMessage || !text.trim() || !joinedSession || !joinedAs) return;
    sendingMessage = true;
    send.disabled = true;
    try {
      // The room reflects our message back to us (XEP-0045 §7.4): it shows up in the log then.
      await joinedSession.send(groupchatMessage(room, text));
      input.value = '';
    } catch (err) {
      const e = explain(err, undefined, ctx.account);
      fail(e.text, e.detail);
    } finally {
      sendingMessage = false;
      send.disabled = false;
      input.focus();
    }
  };

  // --- join ------------------------------------------------------------------------------------
  let joining = false;
  const submit = async () => {
    const wanted = nick.value.trim();
    if (joining || ctx.signal.aborted) return;
    if (!wanted) {
      fail(t('join_errNoNick'));
      nick.focus();
      return;
    }
    joining = true;
    join.disabled = true;
    details.hidden = true;
    say(t('join_checking'));
    let off: (() => void) | undefined;
    try {
      const session = await ctx.session();
      const i = await lookUp(session);
      if (!i.exists && !createConfirmed) {
        say('');
        joining = false;
        askToCreate();
        return;
      }
      if (i.passwordProtected && !password.value) {
        // Ask for it now rather than let the room refuse us (XEP-0045 §7.2.5).
        fail(t('join_needsPassword'));
        joining = false;
        join.disabled = false;
        password.focus();
        return;
      }
      say(t('join_joining'));
      off = session.onStanza(onRoomStanza);
      const self = await joinRoom(session, room, wanted, password.value ? { password: password.value } : {});
      joinedAs = self.nick;
      joinedSession = session;
      offs.push(off);
      // The stream is gone for good (the connection panel offers Try again): so is our place in the room.
      offs.push(
        session.onClosed(left),
        session.onLink((state) => {
          up = state !== 'reconnecting';
          if (state === 'rebound') away = true;
          rejoin();
        }),
      );
      showRoom();
      return;
    } catch (err) {
      off?.();
      occupants.clear();
      const e = explain(err, JOIN, ctx.account);
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
    joining = false;
    join.disabled = false;
  };

  const form = submitForm(() => void submit(),
    h('p', {}, ...withJid('join_intro', room)),
    notes,
    field(t('join_nickname'), nick),
    field(t('join_password'), password, t('join_passwordHint')),
    h('div', { className: 'row' }, join),
    status,
    details,
  );
  root.replaceChildren(form);
  nick.focus();

  ctx.signal.addEventListener('abort', () => {
    for (const off of offs) off();
    // Leave politely (XEP-0045 §7.14); closing the stream would make the server do it anyway.
    if (joinedSession && joinedAs) joinedSession.send(leavePresence(room, joinedAs)).catch(() => undefined);
  });
};
