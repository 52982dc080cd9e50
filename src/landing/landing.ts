/**
 * Where a caught jabber file (after the extension's own redirect: a token and the original URL
 * after '#') or an xmpp: URI from Firefox's protocol handler (`?uri=`) lands. It tells the
 * background it landed; the background reads what for off this page's URL, as the browser
 * records it, and checks the token (handlers.ts). Then the page strips its URL, which may hold a
 * `preauth` token, from the tab's history and puts the tab back: a tab that had a page goes back
 * to it; a tab opened only for this closes.
 */
import type { MessageOf, Replies } from '../shared/messages.ts';

// A classic script with no imports at run time (vite.config.ts): it runs as soon as the page
// has read it, on the click-to-window path. chrome.* returns promises in both browsers.
function send<T extends 'landed' | 'close-my-tab'>(msg: MessageOf<T>): Promise<Replies[T]> {
  return chrome.runtime.sendMessage(msg) as Promise<Replies[T]>;
}

async function main(): Promise<void> {
  const top = window === window.top;
  const { outcome } = await send({ type: 'landed', referrer: document.referrer });
  const status = document.getElementById('status');
  const key = outcome === 'refused' ? 'landingRefused' : 'landingDone';
  if (status) status.textContent = chrome.i18n.getMessage(key) || key;
  // In a frame, going back would move the whole tab's history: leave the notice instead.
  if (!top) return;
  history.replaceState(null, '', location.pathname);
  if (history.length > 1) history.back();
  else await send({ type: 'close-my-tab' });
}

void main();
