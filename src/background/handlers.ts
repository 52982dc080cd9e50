/** The background's answer to each message type: one entry per member of the Message union. */
import browser from 'webextension-polyfill';
import type { Handlers } from './messages.ts';
import { openFile, openText, openUri } from './requests.ts';

export const handlers: Handlers = {
  'open-uri': (msg) => openUri(msg.uri, msg.origin, msg.source),
  'open-file': (msg) => openFile(msg.url, msg.source),
  'open-text': (msg) => openText(msg.text, msg.origin),
  'close-my-tab': async (_msg, sender) => {
    if (sender.tab?.id !== undefined) await browser.tabs.remove(sender.tab.id);
  },
};
