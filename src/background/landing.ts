/**
 * Where a caught jabber file (after the redirect, original URL after '#') or an xmpp: URI from
 * Firefox's protocol handler (`?uri=`) lands. It hands the request to the background, then puts
 * the tab back: a tab that had a page goes back to it; a tab opened only for this closes.
 */
import type { MessageOf, Replies } from './messages.ts';

// A classic script with no imports at run time (vite.config.ts): it runs as soon as the page
// has read it, on the click-to-window path. chrome.* returns promises in both browsers.
function send<T extends 'open-uri' | 'open-file' | 'close-my-tab'>(msg: MessageOf<T>): Promise<Replies[T]> {
  return chrome.runtime.sendMessage(msg) as Promise<Replies[T]>;
}

async function main(): Promise<void> {
  const uri = new URLSearchParams(location.search).get('uri');
  const fileUrl = decodeURIComponent(location.hash.slice(1));
  if (uri) {
    let origin = 'unknown';
    try {
      origin = new URL(document.referrer).origin;
    } catch {
      /* typed or opened from another program */
    }
    await send({ type: 'open-uri', uri, origin, source: 'link' });
  } else if (/^https?:\/\//i.test(fileUrl)) {
    await send({ type: 'open-file', url: fileUrl, source: 'file' });
  }
  const status = document.getElementById('status');
  if (status) status.textContent = chrome.i18n.getMessage('landingDone') || 'Opened in Jabber Link.';
  // In a frame, going back would move the whole tab's history: leave the notice instead.
  if (window !== window.top) return;
  if (history.length > 1) history.back();
  else await send({ type: 'close-my-tab' });
}

void main();
