/**
 * The live room once joined (join.ts does the asking and joining): subject, occupants, the log
 * with the room's archive (XEP-0313 on the room, where it offers one) or the join history, and
 * a line to write in. Leaving for a technical reason rejoins under the same nick.
 */
import type { Element } from '@xmpp/xml';
import { field, h, replace, sendOnEnter, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { fetchPage } from '../../xmpp/mam.ts';
import { type OccupantPresence, groupchatMessage, joinRoom, parseOccupant, parseRoomMessage } from '../../xmpp/muc.ts';
import type { Session } from '../../xmpp/session.ts';
import { SeenIds, stanzaIdBy } from '../../xmpp/stanza-ids.ts';
import { explain } from '../explain.ts';
import { withJid } from '../jid-label.ts';
import { bodyNodes } from '../rich-text.ts';
import { type Notifier, notifier } from '../notify.ts';

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

export function createRoom(room: string, password: () => string, fail: (text: string, detail?: string) => void, status: HTMLElement): Room {
  // Its text says "Subject: …" itself (a label on a plain <p> is not announced, and axe forbids it).
  const subject = h('p', { className: 'muted' });
  const occupantList = h('ul', { attrs: { role: 'list', 'aria-label': t('join_occupants') } });
  const log = h('div', { attrs: { role: 'log', 'aria-label': t('join_log', room), 'aria-live': 'polite', tabindex: '0' } });
  const input = h('textarea', { rows: 2 });
  const send = h('button', { type: 'submit' }, t('join_send'));
  const occupants = new Map<string, OccupantPresence>();
  const seen = new SeenIds();
  let joinedAs: string | undefined;
  let joinedSession: Session | undefined;
  let notes: Notifier | undefined;

  const renderOccupants = () => {
    const sorted = [...occupants.values()].sort((a, b) => a.nick.localeCompare(b.nick));
    replace(
      occupantList,
      ...sorted.map((o) => h('li', {}, o.nick, o.self ? ` (${t('join_you')})` : '', o.role === 'moderator' ? ` — ${t('join_moderator')}` : '')),
    );
  };
  const line = (who: string, text: string, cls = '', when?: Date) =>
    h('p', { className: cls }, when ? h('small', { className: 'muted' }, `${when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} `) : null, who ? h('strong', {}, `${who}: `) : null, ...bodyNodes(text));
  const entry = (who: string, text: string, cls = '', when?: Date) => {
    log.append(line(who, text, cls, when));
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
    else if (m.type === 'error') entry('', t('join_notSent', m.condition), 'error');
    else if (seen.add(stanzaIdBy(stanza, room), m.nick, m.id)) {
      entry(m.nick, m.body, m.delayed ? 'muted' : '', m.delayed);
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
        lines.push(line(m.nick, m.body, 'muted', Number.isNaN(r.stamp) ? undefined : new Date(r.stamp)));
      }
      log.prepend(...lines);
      log.scrollTop = log.scrollHeight;
    } catch {
      // The room said it keeps an archive and then would not share it: show what arrives.
    }
  };

  let sendingMessage = false;
  const say = async () => {
    const text = input.value;
    if (sendingMessage || !text.trim() || !joinedSession || !joinedAs) return;
    sendingMessage = true;
    send.disabled = true;
    try {
      // The room reflects our message back to us (XEP-0045 §7.4): it shows up in the log then.
      await joinedSession.send(groupchatMessage(room, text));
      input.value = '';
    } catch (err) {
      const e = explain(err);
      fail(e.text, e.detail);
    } finally {
      sendingMessage = false;
      send.disabled = false;
      input.focus();
    }
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
      sendOnEnter(input, () => void say());
      root.replaceChildren(
        submitForm(() => void say(),
          h('h2', {}, ...withJid('join_inRoom', room)),
          subject,
          h('h3', {}, t('join_occupants')),
          occupantList,
          log,
          field(t('join_message'), input, t('join_messageHint')),
          h('div', { className: 'row' }, send),
          status,
        ),
      );
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
