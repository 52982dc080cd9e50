/**
 * What the message and chat specs share: one Prosody (alice, bob), one web server, and per
 * browser one launch with an extension page kept open for seeding storage.
 */
import { launchChromium } from '../fixtures/chromium.ts';
import { launchFirefox } from '../fixtures/firefox.ts';
import type { HttpServer } from '../fixtures/http-server.ts';
import type { Prosody } from '../fixtures/prosody.ts';
import { type BrowserDriver, chromiumDriver, firefoxDriver } from './action-window.ts';

export const ALICE_PW = 'alice-pw';
export const BOB_PW = 'bob-pw';
export const CAROL_PW = 'carol-pw';
export const USERS = [
  { user: 'alice', password: ALICE_PW },
  { user: 'bob', password: BOB_PW },
  { user: 'carol', password: CAROL_PW },
];

export async function launch(name: 'chromium' | 'firefox'): Promise<BrowserDriver> {
  if (name === 'chromium') {
    const chromium = await launchChromium({ extensionDir: 'dist/chrome' });
    const page = await chromium.openExtensionPage('src/popup/popup.html');
    return chromiumDriver(chromium, page);
  }
  const firefox = await launchFirefox({ extensionDir: 'dist/firefox' });
  const page = await firefox.openExtensionPage('src/popup/popup.html');
  return firefoxDriver(firefox, page);
}

/** A page on the test site with one link; returns its URL. */
export function linkPage(http: HttpServer, path: string, href: string, text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  http.page(path, `<!doctype html><meta charset="utf-8"><title>t</title><p><a href="${esc(href)}">${esc(text)}</a></p>`);
  return http.url(path);
}

/** A jabber file on the test site and a page linking to it; returns the page URL. */
export function jabberFilePage(http: HttpServer, name: string, xml: string): string {
  http.serve(`/${name}.xmpp`, { body: xml, contentType: 'application/jabber+xml' });
  return linkPage(http, `/${name}.html`, `/${name}.xmpp`, `open ${name}`);
}

export const account = (prosody: Prosody, password?: string) => ({
  id: 'alice',
  jid: 'alice@localhost',
  websocketUrl: prosody.wsUrl,
  ...(password !== undefined ? { password } : {}),
});
