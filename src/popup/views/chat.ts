/**
 * `chat`: a live one-to-one conversation. Replies from any resource of the contact appear as they
 * arrive (matched by bare JID); Enter sends, Shift+Enter starts a new line. The window is a guest
 * on the account (presence.ts); what the user typed is never lost and never sent twice.
 */
import { field, h, sendOnEnter, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { bareOf } from '../../shared/wire-jid.ts';
import { type ChatState, PAUSE_AFTER_MS, chatStateMessage, chatStateOf } from '../../xmpp/chat-states.ts';
import { correctsId } from '../../xmpp/corrections.ts';
import { fetchPage } from '../../xmpp/mam.ts';
import { acknowledgedId } from '../../xmpp/receipts.ts';
import { type IncomingMessage, buildMessage, newId, parseMessage } from '../../xmpp/message.ts';
import { SeenIds, originId, stanzaIdBy } from '../../xmpp/stanza-ids.ts';
import { type Guest, guestOn } from '../../xmpp/presence.ts';
import { NotConfirmedError, type Session } from '../../xmpp/session.ts';
import type { MessageAction } from '../../core/action.ts';
import { jidLabel } from '../jid-label.ts';
import { notifier } from '../notify.ts';
import { arrange, bubble, grow } from '../bubbles.ts';
import { bodyNodes } from '../rich-text.ts';
import type { View } from './view.ts';
import type { Element } from '@xmpp/xml';

/** Messages per archive page: a screenful and then some. */
const HISTORY_PAGE = 50;

export const render: View = (root, ctx) => {
  const action = ctx.action as MessageAction;
  const peer = bareOf(action.jid);
  const log = h('div', {
    className: 'chat-log',
    attrs: { role: 'log', 'aria-label': t('action_conversation', action.jid), 'aria-live': 'polite', tabindex: '0' },
  });
  const input = grow(h('textarea', { rows: 1, value: action.body ?? '' }));
  const send = h('button', { type: 'submit' }, t('action_send'));
  const others = h('p', { className: 'muted', attrs: { role: 'status' } });
  const notes = notifier();
  // The contact's chat state (XEP-0085), announced politely like the log.
  const typing = h('p', { className: 'muted typing', attrs: { 'aria-live': 'polite' } });
  /** Their lines by id (for corrections) and ours (for receipts). */
  const theirs = new Map<string, HTMLElement>();
  const ours = new Map<string, HTMLElement>();
  let fromOthers = 0;
  let pending = 0;
  /** Chat states go out only once the user has written (nothing is sent before a click). */
  let started = false;
  let composing: ReturnType<typeof setTimeout> | undefined;
  const state = (st: ChatState) => attached?.session.send(chatStateMessage(action.jid, st)).catch(() => undefined);
  const typed = () => {
    if (!started || ctx.signal.aborted) return;
    if (composing === undefined) void state('composing');
    clearTimeout(composing);
    composing = setTimeout(() => {
      composing = undefined;
      void state('paused');
    }, PAUSE_AFTER_MS);
  };

  // Grouped by side: the user ('') or the contact.
  const line = (mine: boolean, text: string, cls: string, at = Date.now()): HTMLElement =>
    bubble(mine ? t('action_you') : jidLabel(action.jid), mine ? '' : peer, at, text, mine ? `mine ${cls}` : cls);
  const entry = (mine: boolean, text: string, cls = ''): HTMLElement => {
    const p = line(mine, text, cls);
    log.append(p);
    arrange(log);
    log.scrollTop = log.scrollHeight;
    return p;
  };

  // History (MAM) goes above whatever arrived live; one key set keeps each message once.
  const seen = new SeenIds();
  const earlier = h('div', { className: 'history' });
  const more = h('button', { type: 'button', className: 'secondary', hidden: true }, t('action_loadEarlier'));
  log.append(more, earlier);
  let before: string | undefined;
  let loading = false;
  const loadPage = async (session: Session) => {
    if (loading || ctx.signal.aborted) return;
    loading = true;
    try {
      const own = bareOf(session.jid);
      const page = await fetchPage(session, { with: peer, max: HISTORY_PAGE, before });
      if (ctx.signal.aborted) return;
      const lines: HTMLElement[] = [];
      for (const r of page.messages) {
        const m = parseMessage(r.message);
        if (!m || m.error || !seen.add(r.archiveId, m.fromBare, originId(r.message))) continue;
        if (m.fromBare !== own && corrected(r.message, m.body)) continue;
        const p = line(m.fromBare === own, m.body, 'history', r.stamp);
        if (m.fromBare !== own && m.id) theirs.set(m.id, p);
        lines.push(p);
      }
      const fromBottom = log.scrollHeight - log.scrollTop;
      earlier.prepend(...lines);
      arrange(log);
      // Keep what the user was looking at in place (the first page lands at the bottom).
      log.scrollTop = before ? log.scrollHeight - fromBottom : log.scrollHeight;
      before = page.first;
      more.hidden = page.complete || !page.first;
    } catch {
      // A server without an archive: say nothing, show what arrives.
    } finally {
      loading = false;
    }
  };
  const loadEarlier = () => {
    if (attached && !more.hidden) void loadPage(attached.session);
  };
  more.addEventListener('click', loadEarlier);
  // Scrolling up to the top asks for the page before, as chat clients do.
  log.addEventListener('scroll', () => {
    if (log.scrollTop === 0) loadEarlier();
  });

  const show = (m: IncomingMessage, stanza: Element) => {
    if (m.fromBare === peer && !seen.add(stanzaIdBy(stanza, bareOf(attached?.session.jid ?? ctx.account)), m.fromBare, originId(stanza))) return;
    if (m.fromBare !== peer) {
      // Never dropped silently: the user's own clients have them (carbons, offline storage, MAM).
      if (!m.error) others.textContent = t('action_othersArrived', String(++fromOthers));
      return;
    }
    if (m.error) entry(true, t('action_undelivered', m.error), 'error');
    else if (m.type === 'chat' || m.type === 'normal') {
      const text = m.subject ? `${m.subject}\n${m.body}` : m.body;
      if (!corrected(stanza, text)) {
        const p = entry(false, text);
        if (m.id) theirs.set(m.id, p);
        notes.message(action.jid, text);
      }
    }
  };

  /** A correction (XEP-0308) replaces the line it names, if it is theirs and on screen. */
  const corrected = (stanza: Element, text: string): boolean => {
    const fixed = theirs.get(correctsId(stanza) ?? '');
    if (!fixed) return false;
    fixed.children[2]?.replaceChildren(...bodyNodes(text), h('small', { className: 'muted' }, ` (${t('action_edited')})`));
    return true;
  };

  /** Chat states and receipts from the contact: they carry no body. */
  const fromPeer = (s: Element) => {
    if (bareOf(s.attrs.from as string) !== peer) return;
    const state = chatStateOf(s);
    if (state) typing.textContent = state === 'composing' ? t('action_typing', action.jid) : '';
    const acked = acknowledgedId(s) ?? '';
    const mine = ours.get(acked);
    if (mine) {
      ours.delete(acked);
      mine.append(h('small', { className: 'delivered' }, ` ✓ ${t('action_delivered')}`));
    }
  };

  // One guest per session. The session can change under us (account switched, a new sign-in
  // after a failure; a deliberate close fires no onClosed), so each use compares and re-attaches.
  // Nothing is addressed to anyone before the click: guestOn only enables carbons (own server).
  let attached: { session: Session; guest: Guest } | undefined;
  const attach = async (): Promise<NonNullable<typeof attached>> => {
    const session = await ctx.session();
    if (attached?.session !== session) {
      attached?.guest.stop();
      attached = {
        session,
        guest: guestOn(session, (s) => {
          fromPeer(s);
          const m = parseMessage(s);
          if (m) show(m, s);
        }),
      };
      // After sign-in, never in the way of "ready" or the first Send: it only reads.
      if (!before) void loadPage(session);
    }
    return attached;
  };
  attach().catch(() => undefined); // failures are shown by the connection panel

  /** Sends one line; `id` is kept by Resend so the contact's client can tell a repeat. */
  const deliver = (text: string, id = newId()) => {
    const stanza = buildMessage({ to: action.jid, type: 'chat', body: text, id, thread: action.thread });
    seen.add(undefined, bareOf(attached?.session.jid ?? ctx.account), id);
    const go = (a: NonNullable<typeof attached>) => {
      const acked = a.session.sendAcked(stanza);
      // The user's click: now the contact may learn where to answer (after the message, so the
      // click-to-delivery path carries nothing more than before).
      a.guest.announce(action.jid);
      started = true;
      return acked;
    };
    // On a live stream the stanza goes out now, before the log entry below: adding it scrolls the
    // log, which forces a layout that would otherwise sit between the click and the socket.
    const live = attached?.session.client.status === 'online' ? attached : undefined;
    const delivered = live ? go(live) : attach().then(go);
    const mine = entry(true, text, 'muted');
    const note = h('small', {}, ` — ${t('action_sending')}`);
    mine.append(note);
    pending++;
    ours.set(id, mine);
    delivered.then(
      () => {
        mine.classList.remove('muted');
        note.remove();
      },
      (err: unknown) => {
        mine.classList.replace('muted', 'error');
        if (err instanceof NotConfirmedError) {
          // It may have arrived: say so and let the user decide, never resend on our own.
          const again = h('button', { type: 'button', className: 'secondary', on: { click: () => {
            mine.remove();
            deliver(text, id);
          } } }, t('action_resend'));
          note.textContent = ` — ${t('action_notConfirmedShort')} `;
          mine.append(again);
        } else {
          note.textContent = ` — ${t('action_notDelivered')}`;
          // Never written: back into the box, ahead of anything typed since.
          input.value = input.value ? `${text}\n${input.value}` : text;
        }
      },
    ).finally(() => pending--);
    return delivered;
  };

  // Lines do not wait for each other's acks: across a reconnect that could take seconds.
  const submit = () => {
    const text = input.value;
    if (!text.trim() || ctx.signal.aborted) return;
    input.value = '';
    // The message itself says "active".
    clearTimeout(composing);
    composing = undefined;
    deliver(text).catch(() => undefined);
    input.focus();
  };

  // Closing with unsent text (or a line still in flight) asks first; a prefilled, untouched body
  // is the link's, not the user's.
  const prefill = action.body ?? '';
  const guard = (e: BeforeUnloadEvent) => {
    if (pending || (input.value.trim() && input.value !== prefill)) e.preventDefault();
  };
  addEventListener('beforeunload', guard, { signal: ctx.signal });

  sendOnEnter(input, submit);
  input.addEventListener('input', typed);
  const form = submitForm(submit,
    log,
    typing,
    others,
    h('div', { className: 'composer' }, field(t('action_message'), input, t('action_chatHint')), send),
  );
  form.className = 'talk';
  root.replaceChildren(form);
  input.focus();
  ctx.signal.addEventListener('abort', () => {
    attached?.guest.stop();
    notes.stop();
    clearTimeout(composing);
  });
};
