/**
 * Wires listeners and nothing else: at browser start the worker only registers them (no
 * connection, no storage reads); install-time setup runs in onInstalled.
 */
import browser from 'webextension-polyfill';
import { installInterception, registerInterceptionListeners } from '#platform/intercept';
import { createContextMenu, registerContextMenuListener } from './context-menu.ts';
import { registerDownloadListener } from './downloads.ts';
import { handlers } from './handlers.ts';
import { isMessage, type Message } from './messages.ts';
import { forgetWindow } from './windows.ts';

browser.runtime.onInstalled.addListener(() => {
  void installInterception();
  createContextMenu();
});

browser.runtime.onMessage.addListener((msg: unknown, sender: browser.Runtime.MessageSender) => {
  if (!isMessage(msg)) return undefined;
  const handle = handlers[msg.type] as (m: Message, s: typeof sender) => Promise<unknown>;
  return handle(msg, sender);
});

browser.windows.onRemoved.addListener((id) => void forgetWindow(id));
registerInterceptionListeners();
registerDownloadListener();
registerContextMenuListener();
