/** "Open with Jabber Link" on xmpp: links, in both browsers. */
import { browser } from '../shared/browser.ts';
import { t } from '../shared/i18n.ts';
import { askerOf } from './asker.ts';
import { openUri } from './requests.ts';

const MENU_ID = 'open-xmpp-link';

/** Menus persist across restarts; create once on install. */
export function createContextMenu(): void {
  browser.contextMenus.removeAll().then(() =>
    browser.contextMenus.create({ id: MENU_ID, title: t('menuOpenLink'), contexts: ['link'], targetUrlPatterns: ['xmpp:*'] }),
  );
}

export function registerContextMenuListener(): void {
  // The browser's own record: the frame (else page) the link was in, in the tab it was in. A
  // menu click is the user's gesture.
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || !info.linkUrl?.toLowerCase().startsWith('xmpp:')) return;
    void openUri(info.linkUrl, askerOf(info.frameUrl ?? info.pageUrl, tab?.url ?? info.pageUrl), 'menu', true);
  });
}
