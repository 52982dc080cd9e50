/**
 * `chat`: a live one-to-one conversation. Replies from any resource of the contact appear as they
 * arrive (matched by bare JID); Enter sends, Shift+Enter starts a new line.
 *
 * Opening the window sends nothing: no presence, which would tell every contact the user is
 * online. After the user's first message, one directed presence with priority -1 goes to the
 * contact only (message.ts), so replies to this resource's full JID keep reaching it.
 */
import { field, h, sendOnEnter, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { type IncomingMessage, bareJid, buildMessage, directedPresence, parseMessage, sendAcked } from '../../xmpp/message.ts';
import type { Session } from '../../xmpp/session.ts';
import type { MessageAction } from '../../core/action.ts';
import { jidLabel } from '../jid-label.ts';
import type { View } from './registry.ts';

export const render: View = (root, ctx) => {
  const action = ctx.action as MessageAction;
  const peer = bareJid(action.jid);
  const log = h('div', {
    className: 'chat-log',
    attrs: { role: 'log', 'aria-label': t('action_conversation', action.jid), 'aria-live': 'polite', tabindex: '0' },
  });
  log.style.cssText = 'max-height:18em;min-height:6em;overflow-y:auto;border:1px solid GrayText;border-radius:4px;padding:.3em .5em;margin:.4em 0';
  const input = h('textarea', { rows: 3, value: action.body ?? '' });
  const send = h('button', { type: 'submit' }, t('action_send'));
  let stopped = false;

  const entry = (who: string | Node, text: string, cls = ''): HTMLElement => {
    const p = h('p', { className: `chat-entry ${cls}`.trim() }, h('strong', {}, who, ': '), text);
    p.style.cssText = 'margin:.25em 0;white-space:pre-wrap;overflow-wrap:anywhere';
    log.append(p);
    log.scrollTop = log.scrollHeight;
    return p;
  };

  const show = (m: IncomingMessage) => {
    if (m.fromBare !== peer) return;
    if (m.error) entry(t('action_you'), t('action_undelivered', m.error), 'error');
    else if (m.type === 'chat' || m.type === 'normal') entry(jidLabel(action.jid), m.subject ? `${m.subject}\n${m.body}` : m.body);
  };

  // One subscription per session. The session can change under us (account switched, reconnect
  // after a failure; a deliberate close fires no onClosed), so each use compares and re-attaches.
  // Listening sends nothing; `announced` is set once this session has sent its directed presence.
  let attached: { session: Session; off: () => void; announced: boolean } | undefined;
  const attach = async (): Promise<Session> => {
    const session = await ctx.session();
    if (attached?.session !== session) {
      attached?.off();
      const off = session.onStanza((s) => {
        const m = parseMessage(s);
        if (m) show(m);
      });
      attached = { session, off, announced: false };
    }
    return session;
  };
  attach().catch(() => undefined); // failures are shown by the connection panel

  let sending = false;
  const submit = async () => {
    const text = input.value;
    if (sending || !text.trim() || stopped) return;
    sending = true;
    send.disabled = true;
    input.value = '';
    const stanza = buildMessage({ to: action.jid, type: 'chat', body: text, ...(action.thread ? { thread: action.thread } : {}) });
    // On a live stream the stanza goes out now, before the log entry below: adding it scrolls the
    // log, which forces a layout that would otherwise sit between the click and the socket.
    const live = attached && attached.session.client.status === 'online' ? attached.session : undefined;
    const delivered = live
      ? sendAcked(live, stanza).then(() => live)
      : attach().then(async (session) => {
          await sendAcked(session, stanza);
          return session;
        });
    const mine = entry(t('action_you'), text, 'muted');
    try {
      const session = await delivered;
      mine.classList.remove('muted');
      if (attached?.session === session && !attached.announced) {
        // After the user's own message, never before it: the contact only.
        attached.announced = true;
        session.send(directedPresence(peer)).catch(() => undefined);
      }
    } catch {
      mine.classList.replace('muted', 'error');
      mine.append(h('small', {}, ` — ${t('action_notDelivered')}`));
      if (!input.value) input.value = text; // keep what the user typed
    } finally {
      sending = false;
      send.disabled = false;
      input.focus();
    }
  };

  sendOnEnter(input, () => void submit());
  const form = submitForm(() => void submit(),
    log,
    field(t('action_message'), input, t('action_chatHint')),
    h('div', { className: 'row' }, send),
  );
  root.replaceChildren(form);
  input.focus();
  return () => {
    stopped = true;
    attached?.off();
  };
};
