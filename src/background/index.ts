/**
 * Wires listeners and nothing else: at browser start the worker only registers them (no
 * connection, no storage reads); install-time setup runs in onInstalled.
 */
import { browser, type Runtime } from '../shared/browser.ts';
import { installInterception, registerInterceptionListeners } from '#platform/intercept';
import { createContextMenu, registerContextMenuListener } from './context-menu.ts';
import { registerDownloadListener } from './downloads.ts';
import { handlers } from './handlers.ts';
import { isMessage, type Message } from '../shared/messages.ts';
import { forgetWindow } from './windows.ts';

browser.runtime.onInstalled.addListener(() => {
  void installInterception();
  createContextMenu();
});

// Replies go through sendResponse + `return true`: Chrome's native onMessage ignores a returned promise.
browser.runtime.onMessage.addListener(((msg: unknown, sender: Runtime.MessageSender, sendResponse: (r: unknown) => void) => {
  if (!isMessage(msg)) return false;
  const handle = handlers[msg.type] as (m: Message, s: typeof sender) => Promise<unknown>;
  handle(msg, sender).then(sendResponse, (e: unknown) => sendResponse({ error: String(e) }));
  return true;
}) as unknown as Parameters<typeof browser.runtime.onMessage.addListener>[0]);

browser.windows.onRemoved.addListener((id) => void forgetWindow(id));
registerInterceptionListeners();
registerDownloadListener();
registerContextMenuListener();
