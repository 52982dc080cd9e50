/**
 * Firefox: blocking webRequest sees the Content-Type of a frame's response and redirects it to
 * our landing page, before Firefox would start a download. Event pages must register this at
 * every start, so it is a listener, not an install step.
 */
import browser from 'webextension-polyfill';
import { isJabberContentType } from '../shared/content-type.ts';
import { LANDING_PATH } from '../shared/paths.ts';

export async function installInterception(): Promise<void> {}

export function registerInterceptionListeners(): void {
  browser.webRequest.onHeadersReceived.addListener(
    (details) => {
      const type = details.responseHeaders?.find((h) => h.name.toLowerCase() === 'content-type')?.value;
      if (!isJabberContentType(type)) return {};
      return { redirectUrl: `${browser.runtime.getURL(LANDING_PATH)}#${details.url}` };
    },
    { urls: ['http://*/*', 'https://*/*'], types: ['main_frame', 'sub_frame'] },
    ['blocking', 'responseHeaders'],
  );
}
