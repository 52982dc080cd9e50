/**
 * The baseline for the browser benchmarks: a minimal page that only loads xmpp.js' browser client
 * (@xmpp/client), signs in (query: ws, u, p) and sends a chat to `to` when its button is clicked.
 * `window.__signedIn` is set on 'online' (page clock), `window.__error` on failure.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { ChromiumHandle } from '../../e2e/fixtures/chromium.ts';
import type { HttpServer } from '../../e2e/fixtures/http-server.ts';
import { pollUntil } from '../../e2e/fixtures/net.ts';
import type { Evaluator } from '../../e2e/helpers/account.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const MINIMAL_HTML =
  '<!doctype html><meta charset="utf-8"><title>min</title><h1>Minimal xmpp.js page</h1><textarea></textarea><button>Send</button><script type="module" src="/min.js"></script>';

export async function minimalBundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `
        import { client, xml } from '@xmpp/client';
        const q = new URLSearchParams(location.search);
        const xmpp = client({ service: q.get('ws'), domain: 'localhost', username: q.get('u'), password: q.get('p') });
        xmpp.reconnect.stop();
        xmpp.on('error', (e) => { window.__error = String(e); });
        xmpp.on('online', () => { window.__signedIn = performance.now(); });
        xmpp.start().catch((e) => { window.__error = String(e); });
        document.querySelector('button').addEventListener('click', () => {
          const text = document.querySelector('textarea').value;
          xmpp.send(xml('message', { to: q.get('to'), type: 'chat' }, xml('body', {}, text)));
        });`,
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    // @xmpp/resolve imports node:dns (unused in a browser): an empty default export stands in.
    plugins: [
      {
        name: 'no-dns',
        setup(b) {
          b.onResolve({ filter: /^(node:)?dns$/ }, () => ({ path: 'dns', namespace: 'empty' }));
          b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export default {};', loader: 'js' }));
        },
      },
    ],
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** Serves the minimal page and its bundle on the test site; returns its URL, signed in as dave. */
export async function serveMinimalPage(http: HttpServer, wsUrl: string, to = 'bob@localhost'): Promise<string> {
  http.serve('/min.js', { body: await minimalBundle(), contentType: 'text/javascript' });
  http.page('/min.html', MINIMAL_HTML);
  return http.url(`/min.html?ws=${encodeURIComponent(wsUrl)}&u=dave&p=dave-pw&to=${to}`);
}

/** Opens an action window for `uri` the way the toolbar does, and returns its page. */
export async function openActionWindow(chromium: ChromiumHandle, ext: Evaluator, uri: string): Promise<Page> {
  const opened = chromium.context.waitForEvent('page', { predicate: (p) => p.url().includes('/src/popup/action.html') });
  await ext.evaluate((msg) => chrome.runtime.sendMessage(msg), { type: 'open-uri', uri });
  return opened;
}

/** Opens the minimal page at `url`, waits for it to sign in, closes it: the page-clock time of 'online'. */
export async function minimalSignIn(chromium: ChromiumHandle, url: string): Promise<number> {
  const page = await chromium.context.newPage();
  try {
    await page.goto(url);
    return await pollUntil(
      () =>
        page.evaluate(() => {
          const w = window as unknown as { __signedIn?: number; __error?: string };
          if (w.__error) throw new Error(w.__error);
          return w.__signedIn;
        }),
      { intervalMs: 5, what: 'the minimal page signed in' },
    );
  } finally {
    await page.close();
  }
}
