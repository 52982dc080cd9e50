/**
 * The background's answer to each message type: one entry per member of the Message union.
 * Each first asks the browser who sent it (senders.ts) and refuses what that sender may not ask.
 */
import { browser } from '../shared/browser.ts';
import { claimLanding } from '#platform/intercept';
import { LANDING_PATH } from '../shared/paths.ts';
import { askerOf, webOrigin } from './asker.ts';
import type { Handlers, OpenResult } from '../shared/messages.ts';
import { openFile, openText, openUri } from './requests.ts';
import { classifySender, type SenderRecord } from './senders.ts';
import { TOOLBAR, untilWindowLoaded } from './windows.ts';

const REFUSED: OpenResult = { outcome: 'refused' };

/** The reply waits for the new window to load: a landing page sends its tab back only then. */
async function whenShown(result: Promise<OpenResult>): Promise<OpenResult> {
  const r = await result;
  if (r.windowId !== undefined) await untilWindowLoaded(r.windowId);
  return r;
}

const senderOf = (sender: SenderRecord) =>
  classifySender(sender, browser.runtime.getURL(''), browser.runtime.getURL(LANDING_PATH), browser.runtime.id);

export const handlers: Handlers = {
  'open-uri': async (msg, sender) => {
    const from = senderOf(sender);
    if (from.kind === 'toolbar') return openUri(msg.uri, TOOLBAR, 'paste', true);
    // The content script sends only for a trusted click (a page cannot script one): a gesture.
    if (from.kind === 'page') return whenShown(openUri(msg.uri, askerOf(from.frameUrl, from.tabUrl), 'link', true));
    return REFUSED;
  },
  'open-text': async (msg, sender) => (senderOf(sender).kind === 'toolbar' ? openText(msg.text) : REFUSED),
  landed: async (msg, sender) => {
    const from = senderOf(sender);
    if (from.kind !== 'landing') return REFUSED;
    const claim = await claimLanding(from.url, from.topFrame);
    if (!claim) return REFUSED;
    if ('uri' in claim) {
      // Firefox's protocol handler: a navigation any script can make, so no gesture. The referrer
      // is the browser's (Firefox leaves it empty after the handler's internal redirect).
      return whenShown(openUri(claim.uri, askerOf(msg.referrer), 'link', false));
    }
    // A file in a frame: the page the frame sits in asked. A file in the top frame: the page
    // that navigated there (its referrer), else the file's own site.
    const asker = from.topFrame
      ? askerOf(webOrigin(msg.referrer) ? msg.referrer : claim.file)
      : askerOf(from.tabUrl);
    return whenShown(openFile(claim.file, asker, 'file', false));
  },
  'close-my-tab': async (_msg, sender) => {
    const from = senderOf(sender);
    if (from.kind === 'landing' && from.topFrame) await browser.tabs.remove(from.tabId);
  },
};
