/**
 * The fallback for what slips past the redirect (`<a download>`, or a browser that decides to
 * download first): cancel the download, wipe it from the list and disk, and handle the file.
 * Only an http(s) file is read again; a `data:` or `blob:` one is discarded with an error window
 * (it came from inside a page, and reading it would let the page skip the content-type check).
 */
import { browser } from '../shared/browser.ts';
import { isJabberContentType } from '../shared/content-type.ts';
import { askerOf } from './asker.ts';
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
    const url = (item as { finalUrl?: string }).finalUrl ?? item.url;
    // No tab is known for a download: the page that linked to it (its referrer) asked, else the file's site.
    const asker = askerOf(item.referrer || url);
    await openFile(url, asker, 'file', false);
  });
}
