/**
 * The live room once joined (join.ts does the asking and joining): subject, occupants, the log
 * with the room's archive (XEP-0313 on the room, where it offers one) or the join history, and
 * a line to write in. Leaving for a technical reason rejoins under the same nick.
 */
import type { Element } from '@xmpp/xml';
import { busyButton, field, h, replace, sendOnEnter, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { fetchPage } from '../../xmpp/mam.ts';
import { type OccupantPresence, groupchatMessage, joinRoom, parseOccupant, parseRoomMessage } from '../../xmpp/muc.ts';
import type { Session } from '../../xmpp/session.ts';
import { SeenIds, stanzaIdBy } from '../../xmpp/stanza-ids.ts';
import { explain } from '../explain.ts';
import { withJid } from '../jid-label.ts';
import { arrange, bubble, grow } from '../bubbles.ts';
import { type Notifier, notifier } from '../notify.ts';
import type { StatusLine } from '../status-line.ts';

/** Archived room messages shown on join. */
const ARCHIVE_PAGE = 50;

export interface Room {
  /** Room traffic: listen from before the join presence (occupants arrive first). */
  onStanza(stanza: Element): void;
  /** Our nick once the room has confirmed it (set from our own presence). */
  readonly nick: string | undefined;
  /** Joined: keep the session, follow its link, and show the room in `root`. */
  enter(root: HTMLElement, session: Session, nick: string, archived: boolean): Array<() => void>;
  /** A failed join: forget the occupants seen so far. */
  reset(): void;
}

export function createRoom(room: string, password: () => string, { fail, status }: StatusLine): Room {
  // Its text says "Subject: …" itself (a label on a plain <p> is not announced, and axe forbids it).
  const subject = h('p', { className: 'muted' });
  const occupantList = h('ul', { attrs: { role: 'list', 'aria-label': t('join_occupants') } });
  const log = h('div', { className: 'chat-log', attrs: { role: 'log', 'aria-label': t('join_log', room), 'aria-live': 'polite', tabindex: '0' } });
  const input = grow(h('textarea', { rows: 1 }));
  const send = h('button', { type: 'submit' }, t('action_send'));
  // Open at first; the user can fold it away, and its summary keeps the count.
  const count = h('summary', {}, t('join_occupants'));
  const occupants = new Map<string, OccupantPresence>();
  const seen = new SeenIds();
  let joinedAs: string | undefined;
  let joinedSession: Session | undefined;
  let notes: Notifier | undefined;

  const renderOccupants = () => {
    const sorted = [...occupants.values()].sort((a, b) => a.nick.localeCompare(b.nick));
    count.textContent = `${t('join_occupants')} (${sorted.length})`;
    replace(
      occupantList,
      ...sorted.map((o) => h('li', {}, o.nick, o.self ? ` (${t('join_you')})` : '', o.role === 'moderator' ? ` — ${t('join_moderator')}` : '')),
    );
  };
  // A bubble per message (the user's own on the other side); the room's own notes as plain lines.
  const line = (who: string, text: string, when = Date.now()) => bubble(who, who, when, text, who === joinedAs ? 'mine' : '');
  const show = (p: HTMLElement) => {
    log.append(p);
    arrange(log);
    log.scrollTop = log.scrollHeight;
  };
  const note = (text: string) => show(h('p', { className: 'error' }, text));

  /** Out of the room for good: kicked, banned, the room gone, or the connection lost for good. */
  const left = () => {
    if (!joinedAs) return;
    joinedAs = undefined;
    note(t('join_left'));
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
    joinRoom(joinedSession, room, joinedAs, { password: password(), maxHistory: 0 }).catch(() => n === joins && left());
  };

  const onStanza = (stanza: Element) => {
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
    else if (m.type === 'error') note(t('join_notSent', m.condition));
    else if (seen.add(stanzaIdBy(stanza, room), m.nick, m.id)) {
      show(line(m.nick, m.body, m.delayed?.getTime()));
      // A room tells the user only when someone else names them, live.
      if (!m.delayed && m.nick !== joinedAs && m.body.toLowerCase().includes(joinedAs.toLowerCase())) notes?.message(`${m.nick} — ${room}`, m.body);
    }
  };

  /** The room's archive above what arrived since the join (which asked for no join history). */
  const loadArchive = async (session: Session) => {
    try {
      const page = await fetchPage(session, { room, max: ARCHIVE_PAGE });
      const lines: HTMLElement[] = [];
      for (const r of page.messages) {
        const m = parseRoomMessage(r.message, room);
        if (m?.type !== 'message' || !seen.add(r.archiveId, m.nick, m.id)) continue;
        lines.push(line(m.nick, m.body, r.stamp));
      }
      log.prepend(...lines);
      arrange(log);
      log.scrollTop = log.scrollHeight;
    } catch {
      // The room said it keeps an archive and then would not share it: show what arrives.
    }
  };

  const post = busyButton(send, async () => {
    const text = input.value;
    try {
      // The room reflects our message back to us (XEP-0045 §7.4): it shows up in the log then.
      await joinedSession!.send(groupchatMessage(room, text));
      input.value = '';
    } catch (err) {
      const e = explain(err);
      fail(e.text, e.detail);
    } finally {
      input.focus();
    }
  });
  // Checked before the button is touched: out of the room, Send stays off (left()).
  const say = () => {
    if (input.value.trim() && joinedSession && joinedAs) void post();
  };

  return {
    onStanza,
    get nick() {
      return joinedAs;
    },
    reset: () => occupants.clear(),
    enter(root, session, nick, archived) {
      joinedAs = nick;
      joinedSession = session;
      notes = notifier();
      if (archived) void loadArchive(session);
      renderOccupants();
      sendOnEnter(input, say);
      root.replaceChildren(
        submitForm(say,
          h('h2', {}, ...withJid('join_inRoom', room)),
          subject,
          h('details', { open: true }, count, occupantList),
          log,
          h('div', { className: 'composer' }, field(t('action_message'), input, t('action_chatHint')), send),
          status,
        ),
      );
      (root.firstChild as HTMLElement).className = 'talk';
      input.focus();
      // The stream is gone for good (the connection panel offers Try again): so is our place in the room.
      return [
        () => notes?.stop(),
        session.onClosed(left),
        session.onLink((state) => {
          up = state !== 'reconnecting';
          if (state === 'rebound') away = true;
          rejoin();
        }),
      ];
    },
  };
}
