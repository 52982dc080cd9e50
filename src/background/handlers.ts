/** The background's answer to each message type: one entry per member of the Message union. */
import browser from 'webextension-polyfill';
import type { Handlers, OpenResult } from './messages.ts';
import { openFile, openText, openUri } from './requests.ts';
import { untilWindowLoaded } from './windows.ts';

/** The reply waits for the new window to load: a landing page sends its tab back only then. */
async function whenShown(result: Promise<OpenResult>): Promise<OpenResult> {
  const r = await result;
  if (r.windowId !== undefined) await untilWindowLoaded(r.windowId);
  return r;
}

export const handlers: Handlers = {
  'open-uri': (msg) => whenShown(openUri(msg.uri, msg.origin, msg.source)),
  'open-file': (msg) => whenShown(openFile(msg.url, msg.source)),
  'open-text': (msg) => openText(msg.text, msg.origin),
  'close-my-tab': async (_msg, sender) => {
    if (sender.tab?.id !== undefined) await browser.tabs.remove(sender.tab.id);
  },
};
