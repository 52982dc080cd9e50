/**
 * The fallback for what slips past the redirect (`<a download>`, or a browser that decides to
 * download first): cancel the download, wipe it from the list and disk, and handle the file.
 */
import browser from 'webextension-polyfill';
import { isJabberContentType } from '../shared/content-type.ts';
import { openFile } from './requests.ts';

export function registerDownloadListener(): void {
  browser.downloads.onCreated.addListener(async (item) => {
    const byName = /\.(xmpp|jabber)$/i.test(item.filename ?? '');
    if (!isJabberContentType(item.mime) && !byName) return;
    try {
      await browser.downloads.cancel(item.id);
    } catch {
      /* already finished: removed below */
    }
    try {
      await browser.downloads.removeFile(item.id);
    } catch {
      /* nothing on disk */
    }
    await browser.downloads.erase({ id: item.id });
    await openFile((item as { finalUrl?: string }).finalUrl ?? item.url, 'file');
  });
}
