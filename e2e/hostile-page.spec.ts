/**
 * Hostile pages, in real Chromium and real Firefox with the built extension: each attack a page
 * the user merely visits could try on the way in, shown failing by its outcome.
 * - Flooding: 20 hidden frames serving jabber files from 20 host names get at most 3 windows
 *   (counted for the page's own site, not the file hosts), and the user is told once.
 * - Driving the landing page: a page that loads it itself (a file URL after '#', a made-up token,
 *   `?uri=` in a frame) opens nothing, and the file it names is never fetched.
 * - Using the re-fetch as a relay: a re-read that redirects reaches nothing, carries no cookies,
 *   and a file whose type changed is refused.
 * useBrowser clears the flood rule's record after each test, as a browser restart would.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type HttpServer, startHttpServer } from './fixtures/http-server.ts';
import { pollUntil, sleep } from './fixtures/net.ts';
import { BROWSERS, useBrowser } from './helpers/browser.ts';
import { type Driver, waitForActionWindows } from './helpers/page-driver.ts';

const JABBER = 'application/jabber+xml';
const LANDING = 'src/landing/landing.html';
const chatFile = (jid: string) => `<jabber><chat jid='${jid}'/></jabber>`;
const ERROR_TITLE = 'This link cannot be opened';

for (const name of BROWSERS) {
  describe(`a hostile page in ${name}`, () => {
    const b = useBrowser(name);
    let d: Driver;
    const servers: HttpServer[] = [];
    const server = async (host?: string) => {
      const s = await startHttpServer(host ? { host } : {});
      servers.push(s);
      return s;
    };
    const openPage = (url: string) => d.open(url);

    beforeAll(() => {
      d = b.pages;
    });
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => s.stop()));
    });

    test('twenty hidden frames on twenty host names get three windows, all "asked by" the page, and one notice', async () => {
      const top = await server();
      const hosts = await Promise.all(Array.from({ length: 20 }, (_, i) => server(`127.0.0.${i + 2}`)));
      for (const [i, h] of hosts.entries()) h.serve('/f.xmpp', { body: chatFile(`flood${i}@capulet.example`), contentType: JABBER });
      const frames = hosts.map((h) => `<iframe style="display:none" src="${h.url('/f.xmpp')}"></iframe>`).join('');
      top.page('/', `<!doctype html><title>flood</title>${frames}`);
      await openPage(top.url('/'));
      // Every frame was caught (each file read by the frame, then once more by the extension)...
      await pollUntil(() => hosts.every((h) => h.requestsTo('/f.xmpp').length === 2), { timeoutMs: 20_000, what: '20 files read twice' });
      await sleep(1000);
      // ...but the page got only three windows, each naming the page that asked, not a file host.
      const windows = await waitForActionWindows(d, 3);
      for (const w of windows) expect(w.origin).toBe(`Asked by 127.0.0.1:${top.port}`);
      // Headless Firefox has no notification service to keep one on screen; Chromium lists it.
      if (name === 'chromium') {
        await pollUntil(async () => (await d.notifications()).length > 0 || undefined, { what: 'the flood notice' });
        expect(await d.notifications()).toEqual(['flood']);
      }
      expect(await d.downloads()).toEqual([]);
    });

    test('a page that loads the landing page itself opens nothing and makes nothing fetch its file', async () => {
      const site = await server();
      site.serve('/file.xmpp', { body: chatFile('spoof@capulet.example'), contentType: JABBER });
      const file = site.url('/file.xmpp');
      const landing = d.extensionUrl(LANDING);
      const spoofs = [
        `${landing}#${file}`,
        `${landing}#${encodeURIComponent(file)}`,
        `${landing}#${'0'.repeat(32)}~${file}`,
        `${landing}?uri=${encodeURIComponent('xmpp:spoof@capulet.example?message')}`,
      ];
      site.page('/', `<!doctype html><title>spoof</title>${spoofs.map((u) => `<iframe src="${u}"></iframe>`).join('')}`);
      await openPage(site.url('/'));
      await sleep(2500);
      expect(await d.actionWindows()).toHaveLength(0);
      expect(site.requestsTo('/file.xmpp')).toEqual([]);
      if (name === 'chromium') {
        // Chrome has no protocol handler: a page navigating its own tab to `?uri=` gets nothing either.
        site.page('/go', `<!doctype html><title>go</title><script>location.href = ${JSON.stringify(spoofs[3])}</script>`);
        await openPage(site.url('/go'));
        await sleep(2000);
        expect(await d.actionWindows()).toHaveLength(0);
      }
    });

    test('a re-read that redirects reaches nothing; the window says the file moved', async () => {
      const site = await server();
      site.sequence('/file.xmpp', [{ body: chatFile('moved@capulet.example'), contentType: JABBER }, { redirectTo: '/router-admin' }]);
      site.page('/router-admin', '<p>admin</p>');
      site.page('/', '<!doctype html><title>relay</title><iframe src="/file.xmpp"></iframe>');
      await openPage(site.url('/'));
      const [win] = await waitForActionWindows(d, 1);
      expect(win?.title).toBe(ERROR_TITLE);
      expect(site.requestsTo('/file.xmpp')).toHaveLength(2);
      expect(site.requestsTo('/router-admin')).toEqual([]);
    });

    test("the re-read carries none of the site's cookies, and a file whose type changed is refused", async () => {
      const site = await server();
      site.sequence('/file.xmpp', [
        { body: chatFile('typed@capulet.example'), contentType: JABBER },
        { body: '<p>now a page</p>', contentType: 'text/html' },
      ]);
      site.page('/', '<!doctype html><title>cookies</title><script>document.cookie = "sid=secret-session; path=/"</script><iframe src="/file.xmpp"></iframe>');
      await openPage(site.url('/'));
      const [win] = await waitForActionWindows(d, 1);
      expect(win?.title).toBe(ERROR_TITLE);
      const [first, again] = site.requestsTo('/file.xmpp');
      expect(first?.headers.cookie).toContain('sid=secret-session');
      expect(again?.headers.cookie).toBeUndefined();
    });

    test('a data: jabber file is discarded, never read, and nothing lands in Downloads', async () => {
      const site = await server();
      const data = `data:${JABBER},${encodeURIComponent(chatFile('inline@capulet.example'))}`;
      site.page('/', `<!doctype html><title>data</title><a id="go" download="chat.xmpp" href="${data}">open</a>`);
      const page = await openPage(site.url('/'));
      await page.click('#go');
      const [win] = await waitForActionWindows(d, 1);
      expect(win?.title).toBe(ERROR_TITLE);
      await pollUntil(async () => (await d.downloads()).length === 0, { what: 'the download to be erased' });
      expect(d.downloadedFiles()).toEqual([]);
    });
  });
}
