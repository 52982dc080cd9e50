/**
 * `chat`: a live one-to-one conversation. Replies from any resource of the contact appear as they
 * arrive (matched by bare JID); Enter sends, Shift+Enter starts a new line. The window is a guest
 * on the account (presence.ts); what the user typed is never lost and never sent twice.
 */
import { field, h, sendOnEnter, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { type IncomingMessage, buildMessage, newId, parseMessage } from '../../xmpp/message.ts';
import { bareOf } from '../../shared/wire-jid.ts';
import { type Guest, guestOn } from '../../xmpp/presence.ts';
import { NotConfirmedError, type Session } from '../../xmpp/session.ts';
import type { MessageAction } from '../../core/action.ts';
import { jidLabel } from '../jid-label.ts';
import type { View } from './view.ts';

export const render: View = (root, ctx) => {
  const action = ctx.action as MessageAction;
  const peer = bareOf(action.jid);
  const log = h('div', {
    className: 'chat-log',
    attrs: { role: 'log', 'aria-label': t('action_conversation', action.jid), 'aria-live': 'polite', tabindex: '0' },
  });
  const input = h('textarea', { rows: 3, value: action.body ?? '' });
  const send = h('button', { type: 'submit' }, t('action_send'));
  const others = h('p', { className: 'muted', attrs: { role: 'status' } });
  let fromOthers = 0;
  let pending = 0;

  const entry = (who: string | Node, text: string, cls = ''): HTMLElement => {
    const p = h('p', { className: `chat-entry ${cls}`.trim() }, h('strong', {}, who, ': '), text);
    log.append(p);
    log.scrollTop = log.scrollHeight;
    return p;
  };

  const show = (m: IncomingMessage) => {
    if (m.fromBare !== peer) {
      // Never dropped silently: the user's own clients have them (carbons, offline storage, MAM).
      if (!m.error) others.textContent = t('action_othersArrived', String(++fromOthers));
      return;
    }
    if (m.error) entry(t('action_you'), t('action_undelivered', m.error), 'error');
    else if (m.type === 'chat' || m.type === 'normal') entry(jidLabel(action.jid), m.subject ? `${m.subject}\n${m.body}` : m.body);
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
          const m = parseMessage(s);
          if (m) show(m);
        }),
      };
    }
    return attached;
  };
  attach().catch(() => undefined); // failures are shown by the connection panel

  /** Sends one line; `id` is kept by Resend so the contact's client can tell a repeat. */
  const deliver = (text: string, id = newId()) => {
    const stanza = buildMessage({ to: action.jid, type: 'chat', body: text, id, ...(action.thread ? { thread: action.thread } : {}) });
    const go = (a: NonNullable<typeof attached>) => {
      const acked = a.session.sendAcked(stanza);
      // The user's click: now the contact may learn where to answer (after the message, so the
      // click-to-delivery path carries nothing more than before).
      a.guest.announce(action.jid);
      return acked;
    };
    // On a live stream the stanza goes out now, before the log entry below: adding it scrolls the
    // log, which forces a layout that would otherwise sit between the click and the socket.
    const live = attached?.session.client.status === 'online' ? attached : undefined;
    const delivered = live ? go(live) : attach().then(go);
    const mine = entry(t('action_you'), text, 'muted');
    const note = h('small', {}, ` — ${t('action_sending')}`);
    mine.append(note);
    pending++;
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
  const form = submitForm(submit,
    log,
    others,
    field(t('action_message'), input, t('action_chatHint')),
    h('div', { className: 'row' }, send),
  );
  root.replaceChildren(form);
  input.focus();
  ctx.signal.addEventListener('abort', () => attached?.guest.stop());
};
