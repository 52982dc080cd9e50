/**
 * Every way a page hands over a jabber file or an xmpp: link ends in one action window
 * that says what will happen and who asked; the page stays where it was, nothing lands in
 * Downloads, broken and hostile files get a readable error, repeats focus the open window and a
 * page cannot open more than a few. Real Chromium and Firefox with the BUILT extension (dist/).
 *
 * Each test starts its own HTTP server; useBrowser clears the flood rule's record after each
 * test, so the window limits of one test never reach the next.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type HttpServer, startHttpServer } from './fixtures/http-server.ts';
import { pollUntil, sleep } from './fixtures/net.ts';
import {
  type ActionWindow,
  type Driver,
  waitForActionWindows,
  type WebPage,
} from './helpers/page-driver.ts';
import { BROWSERS, type BrowserName, useBrowser } from './helpers/browser.ts';
const JABBER = 'application/jabber+xml';
const chatFile = (jid: string) => `<?xml version='1.0'?>\n<jabber><chat jid='${jid}'/></jabber>`;
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE jabber [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<jabber><chat jid='&lol9;@capulet.example'/></jabber>`;

/** The same behaviour, tested in each browser. */
function interceptionSuite(name: BrowserName): void {
  describe(name, () => {
    const b = useBrowser(name);
    let d: Driver;
    let http: HttpServer;
    let site: string;
    beforeAll(() => {
      d = b.pages;
    });

    const startSite = async () => {
      http = await startHttpServer();
      site = `127.0.0.1:${http.port}`;
      return http;
    };
    const openPage = (path: string) => d.open(http.url(path));
    afterEach(async () => {
      await http?.stop();
    });

    /** One window, its header naming the action and the site; nothing in Downloads. */
    async function expectOneWindow(title: string, origin = `Asked by ${site}`): Promise<ActionWindow> {
      const [win] = await waitForActionWindows(d, 1);
      expect(win).toMatchObject({ title, origin });
      await sleep(200); // a late second window or download would show up by now
      expect(await d.actionWindows()).toHaveLength(1);
      expect(await d.downloads()).toEqual([]);
      expect(d.downloadedFiles()).toEqual([]);
      return win as ActionWindow;
    }

    /** Serves a file and a page with a link to it, clicks it, and checks the page stayed put. */
    async function clickFileLink(opts: { contentType?: string; headers?: Record<string, string>; linkAttrs?: string; jid: string; body?: string }) {
      await startSite();
      http.serve('/file.xmpp', { body: opts.body ?? chatFile(opts.jid), contentType: opts.contentType ?? JABBER, headers: opts.headers ?? {} });
      http.page('/', `<!doctype html><title>links</title><a id="go" href="/file.xmpp" ${opts.linkAttrs ?? ''}>open</a>`);
      const page = await openPage('/');
      const before = await d.tabCount();
      await page.click('#go');
      return { page, before };
    }

    async function expectPageStayed(page: WebPage, tabsBefore: number): Promise<void> {
      await pollUntil(async () => (await d.locationOf(page)) === http.url('/'), { what: 'the page to be back at its URL' });
      // No tab is left behind (a landing page, a blank download tab): only the action window is new.
      await pollUntil(async () => (await d.tabCount()) === tabsBefore, { what: 'no extra tab' });
    }

    test('a same-tab link click opens the window; the page stays', async () => {
      const { page, before } = await clickFileLink({ jid: 'juliet@capulet.example' });
      await expectOneWindow('Chat with juliet@capulet.example');
      await expectPageStayed(page, before);
      expect(http.requestsTo('/file.xmpp').map((r) => r.method)).toEqual(['GET', 'GET']); // the click, our one re-read
    });

    test('a target=_blank link opens the window and its new tab goes away', async () => {
      const { page, before } = await clickFileLink({ jid: 'blank@capulet.example', linkAttrs: 'target="_blank"' });
      await expectOneWindow('Chat with blank@capulet.example');
      await expectPageStayed(page, before);
    });

    test('Content-Disposition: attachment', async () => {
      const { page, before } = await clickFileLink({
        jid: 'attached@capulet.example',
        headers: { 'Content-Disposition': 'attachment; filename="chat.xmpp"' },
      });
      await expectOneWindow('Chat with attached@capulet.example');
      await expectPageStayed(page, before);
    });

    test('<a download>', async () => {
      const { page, before } = await clickFileLink({ jid: 'download@capulet.example', linkAttrs: 'download="chat.xmpp"' });
      await expectOneWindow('Chat with download@capulet.example');
      await expectPageStayed(page, before);
    });

    test('a charset parameter and an upper-case type', async () => {
      const { page, before } = await clickFileLink({ jid: 'charset@capulet.example', contentType: 'Application/Jabber+XML; charset=utf-8' });
      await expectOneWindow('Chat with charset@capulet.example');
      await expectPageStayed(page, before);
    });

    test('an iframe whose src is the file', async () => {
      await startSite();
      http.serve('/file.xmpp', { body: chatFile('framed@capulet.example'), contentType: JABBER });
      http.page('/', '<!doctype html><title>frame</title><iframe src="/file.xmpp"></iframe>');
      const page = await openPage('/');
      await expectOneWindow('Chat with framed@capulet.example');
      expect(await d.locationOf(page)).toBe(http.url('/'));
    });

    test('an xmpp: link click (content script)', async () => {
      await startSite();
      http.page('/', '<!doctype html><title>xmpp</title><a id="go" href="xmpp:romeo@montague.example?message;type=chat">chat</a>');
      const page = await openPage('/');
      const before = await d.tabCount();
      await page.click('#go');
      await expectOneWindow('Chat with romeo@montague.example');
      await expectPageStayed(page, before);
    });

    test('a URI pasted into the toolbar popup', async () => {
      await startSite();
      const popup = await d.openPopupPage();
      await d.paste(popup, 'xmpp:nurse@capulet.example?join');
      await expectOneWindow('Join the room nurse@capulet.example', 'Opened from the toolbar');
    });

    test('a malformed file opens the window with an error', async () => {
      await clickFileLink({ jid: 'x', body: "<jabber><chat jid='broken@capulet.example'></jabber>" });
      const [win] = await waitForActionWindows(d, 1);
      expect(win?.title).toBe('This link cannot be opened');
      expect(win?.origin).toBe(`Asked by ${site}`);
      expect(win?.alert?.length).toBeGreaterThan(10);
      expect(await d.downloads()).toEqual([]);
    });

    test('a hostile file (billion laughs) opens the window with an error, quickly', async () => {
      const started = Date.now();
      await clickFileLink({ jid: 'x', body: BILLION_LAUGHS });
      const [win] = await waitForActionWindows(d, 1);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(win?.title).toBe('This link cannot be opened');
      expect(win?.alert).toMatch(/\S/);
      expect(await d.downloads()).toEqual([]);
    });

    test('a second request for the same action and JID focuses the open window', async () => {
      const { page } = await clickFileLink({ jid: 'again@capulet.example' });
      await waitForActionWindows(d, 1);
      await pollUntil(async () => (await d.locationOf(page)) === http.url('/'), { what: 'the page to come back' });
      await page.click('#go');
      await pollUntil(() => http.requestsTo('/file.xmpp').length === 4, { what: 'the second click and re-read' });
      await sleep(500);
      const windows = await waitForActionWindows(d, 1);
      expect(windows[0]?.title).toBe('Chat with again@capulet.example');
    });

    test('a page firing 10 different requests gets at most 3 windows', async () => {
      await startSite();
      const frames = Array.from({ length: 10 }, (_, i) => {
        http.serve(`/f${i}.xmpp`, { body: chatFile(`flood${i}@capulet.example`), contentType: JABBER });
        return `<iframe src="/f${i}.xmpp"></iframe>`;
      });
      http.page('/', `<!doctype html><title>flood</title>${frames.join('')}`);
      await openPage('/');
      await pollUntil(() => http.requests.filter((r) => r.path.startsWith('/f')).length >= 20, { what: '10 files read twice' });
      await pollUntil(async () => (await d.actionWindows()).length >= 3, { what: '3 windows' });
      await sleep(1000);
      const windows = await d.actionWindows();
      expect(windows).toHaveLength(3);
      expect(await d.downloads()).toEqual([]);
    });

    if (name === 'firefox') {
      test("an xmpp: URI set as location goes through Firefox's protocol handler", async () => {
        await startSite();
        http.page('/', '<!doctype html><title>handler</title>');
        const page = await openPage('/');
        const before = await d.tabCount();
        await page.evaluate(() => {
          location.href = 'xmpp:tybalt@capulet.example?subscribe';
        });
        const [win] = await waitForActionWindows(d, 1);
        expect(win?.title).toBe('Add tybalt@capulet.example to your contacts');
        // Firefox leaves document.referrer empty after the protocol handler's internal redirect,
        // so the window says plainly that the site is unknown instead of naming the wrong one.
        expect(win?.origin).toBe('Asked by an unknown site (the link came without its page)');
        await expectPageStayed(page, before);
        expect(await d.downloads()).toEqual([]);
      });
    }
  });
}

for (const name of BROWSERS) interceptionSuite(name);
