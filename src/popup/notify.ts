/**
 * Telling the user about a message while the window is in the background: a browser
 * notification (sender and text, or only the sender when Options says to hide the text), and
 * the count of unread messages in the window title. Clicking the notification focuses the window;
 * focusing the window any other way clears both. Never for the user's own messages or history:
 * callers only hand over live messages from others.
 *
 * The click listener is held only while this window's notification is up: nothing listens in a
 * window that never notified, and a late listener sees every click the browser delivers from then on.
 */
import { browser } from '../shared/browser.ts';
import { t } from '../shared/i18n.ts';
import { local } from '../shared/storage.ts';

export interface Notifier {
  /** A live message from someone else arrived. */
  message(sender: string, text: string): void;
  stop(): void;
}

export function notifier(): Notifier {
  const id = `msg-${Math.random().toString(36).slice(2)}`;
  let unread = 0;
  let base = document.title;
  let hide = false;
  local.get('notifyHideText').then((v) => {
    hide = v === true;
  }, () => undefined);
  const clicked = (which: string) => {
    if (which !== id) return;
    // The window's own id: a click never focuses any other window.
    void browser.windows.getCurrent().then((w) => {
      if (w.id !== undefined) void browser.windows.update(w.id, { focused: true });
    });
  };
  const read = () => {
    if (!unread) return;
    unread = 0;
    document.title = base;
    browser.notifications.onClicked.removeListener(clicked);
    browser.notifications.clear(id).catch(() => undefined);
  };
  addEventListener('focus', read);
  return {
    message(sender, text) {
      if (document.hasFocus()) return;
      if (!unread) {
        base = document.title;
        browser.notifications.onClicked.addListener(clicked);
      }
      document.title = `(${++unread}) ${base}`;
      browser.notifications
        .create(id, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('icons/icon.png'),
          title: sender,
          message: hide ? t('notify_hidden') : text,
        })
        .catch(() => undefined);
    },
    stop() {
      removeEventListener('focus', read);
      read();
    },
  };
}
