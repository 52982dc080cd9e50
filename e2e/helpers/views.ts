/**
 * A link for each view of the action window that opens without a conversation (the chat and the
 * room need a peer and are set up by their specs), for the specs that look at every view: the
 * accessibility check and `npm run screenshots`. Nothing is sent before a click, so each shows
 * its first state once signed in.
 */
import { pollUntil } from '../fixtures/net.ts';
import type { Evaluator } from './account.ts';
import type { ActionWindow } from './action-window.ts';

export const VIEW_LINKS: ReadonlyArray<{ view: string; uri: string }> = [
  { view: 'message', uri: 'xmpp:bob@localhost?message;subject=Hi;body=Hello+there' },
  { view: 'subscribe', uri: 'xmpp:bob@localhost?subscribe' },
  { view: 'roster', uri: 'xmpp:carol@localhost?roster;name=Carol;group=Friends' },
  { view: 'invite', uri: 'xmpp:lobby@conference.localhost?invite;jid=bob@localhost;jid=carol@localhost' },
  { view: 'register', uri: 'xmpp:conference.localhost?register' },
  { view: 'unsubscribe', uri: 'xmpp:bob@localhost?unsubscribe' },
  { view: 'remove', uri: 'xmpp:bob@localhost?remove' },
  { view: 'unregister', uri: 'xmpp:conference.localhost?unregister' },
  { view: 'open', uri: 'xmpp:lobby@conference.localhost' },
  // Not supported: the error page, drawn without signing in.
  { view: 'error', uri: 'xmpp:bob@localhost?command;node=x' },
];

/**
 * What the user sees once the window has settled, in any language: signed in (the header badge's
 * state) with the view drawn, or the error page; then the acting controls armed.
 */
export async function settled(win: ActionWindow, timeoutMs = 30_000): Promise<void> {
  const ev = win.page as unknown as Evaluator;
  await pollUntil(
    () => ev.evaluate(() => !!document.querySelector('[data-state=signed-in]') && !!document.querySelector('[data-view]') || !!document.querySelector('#main > [role=alert]') || undefined, undefined),
    { timeoutMs, what: 'the window settled' },
  );
  await pollUntil(async () => (await win.armed()) || undefined, { timeoutMs: 5000, what: 'armed' });
}
