/**
 * Catches activation (left click, or Enter, which fires a click) of xmpp: links in any page or
 * frame, before the page's own handlers, and hands the URI to the background. Chrome has no
 * protocol handler for extensions; in Firefox this spares the "choose an application" prompt.
 * Uses the `chrome.*` namespace (both browsers have it) so pages don't pay for the polyfill.
 */
import type { Message } from '../shared/messages.ts';

function linkOf(ev: MouseEvent): string | undefined {
  for (const node of ev.composedPath()) {
    if (node instanceof HTMLAnchorElement || node instanceof HTMLAreaElement) {
      const href = node.href;
      return /^xmpp:/i.test(href) ? href : undefined;
    }
  }
  return undefined;
}

window.addEventListener(
  'click',
  (ev) => {
    if (ev.button !== 0 || !ev.isTrusted) return;
    const uri = linkOf(ev);
    if (!uri) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    // Only the link: the background reads the page and frame off the browser's record of the sender.
    void chrome.runtime.sendMessage({ type: 'open-uri', uri } satisfies Message);
  },
  true, // capture: before the page's own handlers
);
