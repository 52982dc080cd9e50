/**
 * `message`: compose one message (subject and body, prefilled from the link) and send it as
 * exactly one `<message type='normal'>` on the user's click; "Sent" once the server has it.
 */
import { actingButton, busyButton, field, h, replace, submitForm } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { buildMessage, newId } from '../../xmpp/message.ts';
import { SEND, explain } from '../explain.ts';
import type { MessageAction } from '../../core/action.ts';
import { statusLine } from '../status-line.ts';
import type { View } from './view.ts';

export const render: View = (root, ctx) => {
  const action = ctx.action as MessageAction;
  const subject = h('input', { type: 'text', value: action.subject ?? '' });
  const body = h('textarea', { rows: 6, value: action.body ?? '' });
  const send = h('button', { type: 'submit' }, t('action_send'));
  const { status, details, say, fail, working } = statusLine();
  const buttons = h('div', { className: 'row' });
  // One id for this message, kept across "Try again", so a retry after a lost ack is recognisable
  // as the same message (XEP-0198 gives no exactly-once across a new stream).
  const id = newId();
  let sent = false;

  // Sent once: Send stays off after.
  const attempt = busyButton(send, async () => {
    if (sent) return true;
    replace(buttons);
    working(t('action_sending'));
    try {
      const session = await ctx.session();
      const stanza = buildMessage({
        to: action.jid,
        type: 'normal',
        subject: subject.value,
        body: body.value,
        id,
        thread: action.thread,
      });
      await session.sendAcked(stanza);
      sent = true;
      subject.readOnly = true;
      body.readOnly = true;
      const close = h('button', { type: 'button', className: 'secondary', on: { click: () => window.close() } }, t('close'));
      say(t('action_sent'), 'ok');
      replace(buttons, close);
      close.focus();
      return true;
    } catch (err) {
      // Sign-in problems are explained (with their own "Try again") in the connection panel above.
      const { text, detail, canRetry } = explain(err, SEND);
      // It sends the message: an acting control like Send (deliberate-dom.ts).
      const again = actingButton(t('action_tryAgain'), () => void attempt());
      again.className = 'secondary';
      fail(text, detail);
      if (canRetry) replace(buttons, again);
    }
  });

  const form = submitForm(() => void attempt(),
    field(t('action_subject'), subject),
    field(t('action_message'), body),
    h('div', { className: 'row' }, send),
    status,
    details,
    buttons,
  );
  replace(root, form);
  subject.focus();
  // Closing with unsent text asks first; the link's own prefill unchanged does not count.
  const guard = (e: BeforeUnloadEvent) => {
    if (!sent && (body.value !== (action.body ?? '') || subject.value !== (action.subject ?? ''))) e.preventDefault();
  };
  addEventListener('beforeunload', guard, { signal: ctx.signal });
};
