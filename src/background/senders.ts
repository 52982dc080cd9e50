/**
 * What kind of context sent a message, from the browser's record of the sender (its URL, tab and
 * frame), never from the message. Pure: `base` is the extension's own URL prefix.
 *
 * - `toolbar`: one of our extension pages other than the landing page (the popup; tests and
 *   benchmarks drive the same path from an extension page).
 * - `landing`: our landing page, in a tab (top frame or sub frame).
 * - `page`: a content script in a web page's frame (its URL is the frame's, its tab the page's).
 */
export interface SenderRecord {
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
  id?: string;
}

export type SenderKind =
  | { kind: 'toolbar' }
  | { kind: 'landing'; url: URL; tabId: number; topFrame: boolean; tabUrl?: string }
  | { kind: 'page'; frameUrl?: string; tabUrl?: string }
  | { kind: 'other' };

export function classifySender(sender: SenderRecord, base: string, landingUrl: string, ownId: string): SenderKind {
  if (sender.id !== ownId || !sender.url) return { kind: 'other' };
  if (sender.url.startsWith(base)) {
    const url = new URL(sender.url);
    // By string: an extension URL has an opaque origin in some URL parsers (Node's, for one).
    if (sender.url.split(/[?#]/, 1)[0] === landingUrl) {
      if (sender.tab?.id === undefined) return { kind: 'other' };
      return {
        kind: 'landing',
        url,
        tabId: sender.tab.id,
        topFrame: sender.frameId === 0,
        tabUrl: sender.tab.url,
      };
    }
    return { kind: 'toolbar' };
  }
  // A content script: it has a tab; its frame URL is the page's own.
  if (sender.tab) return { kind: 'page', frameUrl: sender.url, tabUrl: sender.tab.url };
  return { kind: 'other' };
}
