/**
 * Send latency benchmark (not a test): `npx tsx bench/send.bench.ts` (needs `npm run build`).
 * In Chromium with the built extension, against the fixture Prosody, medians over 20 runs of:
 *   1. click "Send" in the chat window → bob (a Node peer) has the message,
 *      beside a Node peer sending to bob on the same server in the same run;
 *   2. action window opened (navigation start) → "Signed in as …" in its status line,
 *      beside a minimal page that only loads xmpp.js (@xmpp/client, PLAIN) and logs in.
 * Windows are opened with the background's `open-uri` message, each from its own origin, so the
 * per-site window limit (5 a minute) does not throttle the run. Numbers vary by machine.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/fixtures/chromium.ts';
import { startHttpServer } from '../e2e/fixtures/http-server.ts';
import { pollUntil, sleep } from '../e2e/fixtures/net.ts';
import { startProsody } from '../e2e/fixtures/prosody.ts';
import { bare, connectPeer } from '../e2e/fixtures/xmpp-peer.ts';
import { seedAccount } from '../e2e/helpers/account.ts';

const RUNS = 20;
const root = fileURLToPath(new URL('..', import.meta.url));

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(1)} ms  (min ${s[0]!.toFixed(1)}, p90 ${q(0.9).toFixed(1)}, n=${s.length})`;
}

/** The minimal page's script: xmpp.js' browser client, logging in and nothing else. */
async function minimalBundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `
        import { client } from '@xmpp/client';
        const q = new URLSearchParams(location.search);
        const xmpp = client({ service: q.get('ws'), domain: 'localhost', username: q.get('u'), password: q.get('p') });
        xmpp.reconnect.stop();
        xmpp.on('error', (e) => { window.__error = String(e); });
        xmpp.on('online', () => { window.__signedIn = performance.now(); });
        xmpp.start().catch((e) => { window.__error = String(e); });`,
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

async function main(): Promise<void> {
  const users = ['alice', 'bob', 'carol', 'dave'].map((u) => ({ user: u, password: `${u}-pw` }));
  const [prosody, http] = await Promise.all([startProsody({ users }), startHttpServer()]);
  const chromium = await launchChromium({ extensionDir: `${root}dist/chrome` });
  const bob = await connectPeer({ wsUrl: prosody.wsUrl, username: 'bob@localhost', password: 'bob-pw', resource: 'bench' });
  const carol = await connectPeer({ wsUrl: prosody.wsUrl, username: 'carol@localhost', password: 'carol-pw' });
  try {
    const ext = await chromium.openExtensionPage('src/popup/popup.html');
    await seedAccount(ext, { id: 'alice', jid: 'alice@localhost', websocketUrl: prosody.wsUrl, password: 'alice-pw' });
    // Records when the status line first says "Signed in", from the page's own clock.
    await chromium.context.addInitScript(() => {
      const w = window as unknown as { __signedIn?: number };
      new MutationObserver(() => {
        if (w.__signedIn === undefined && /Signed in as/.test(document.body?.innerText ?? '')) w.__signedIn = performance.now();
      }).observe(document, { subtree: true, childList: true, characterData: true });
      // The moment the click event fires in the page (wall clock, comparable with Node's).
      document.addEventListener('click', () => ((window as unknown as { __clickAt?: number }).__clickAt = Date.now()), true);
    });

    let n = 0;
    const openWindow = async (uri: string) => {
      const opened = chromium.context.waitForEvent('page', { predicate: (p) => p.url().includes('/src/popup/action.html') });
      await ext.evaluate(
        (msg) => chrome.runtime.sendMessage(msg),
        { type: 'open-uri', uri, origin: `https://bench-${++n}.example`, source: 'link' },
      );
      return opened;
    };
    const signedInAt = (page: import('playwright-core').Page) =>
      pollUntil(() => page.evaluate(() => (window as unknown as { __signedIn?: number }).__signedIn), { intervalMs: 5, what: 'signed in' });

    // --- window opened → signed in (the first login derives and stores SCRAM keys: warm-up) ---
    const windowLogin: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const page = await openWindow('xmpp:bob@localhost?message');
      const t = await signedInAt(page);
      if (i > 0) windowLogin.push(t);
      await page.close();
      await sleep(50);
    }

    // --- minimal page: xmpp.js only ---
    http.serve('/min.js', { body: await minimalBundle(), contentType: 'text/javascript' });
    http.page('/min.html', '<!doctype html><meta charset="utf-8"><title>min</title><script type="module" src="/min.js"></script>');
    const minimalLogin: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const page = await chromium.context.newPage();
      await page.goto(http.url(`/min.html?ws=${encodeURIComponent(prosody.wsUrl)}&u=dave&p=dave-pw`));
      const t = await pollUntil(
        () =>
          page.evaluate(() => {
            const w = window as unknown as { __signedIn?: number; __error?: string };
            if (w.__error) throw new Error(w.__error);
            return w.__signedIn;
          }),
        { intervalMs: 5, what: 'minimal page online' },
      );
      if (i > 0) minimalLogin.push(t);
      await page.close();
    }

    // --- click Send → bob has it (chat window, one message per click) ---
    const chat = await openWindow('xmpp:bob@localhost?message;type=chat');
    await signedInAt(chat);
    const input = chat.getByLabel('Message', { exact: true });
    const windowSend: number[] = [];
    const pageClickSend: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const body = `bench ${i} ${Math.random()}`;
      await input.fill(body);
      const since = bob.mark();
      const t0 = performance.now();
      await chat.getByRole('button', { name: 'Send' }).click();
      await bob.waitFor((s) => s.is('message') && s.getChildText('body') === body && bare(s.attrs.from) === 'alice@localhost', 10_000, { since });
      const got = performance.now();
      const arrivedAt = Date.now();
      const clickAt = await chat.evaluate(() => (window as unknown as { __clickAt: number }).__clickAt);
      if (i > 0) {
        windowSend.push(got - t0);
        pageClickSend.push(arrivedAt - clickAt);
      }
      await pollUntil(() => chat.getByRole('button', { name: 'Send' }).isEnabled(), { what: 'Send enabled again' });
    }

    // --- Node peer → bob, same server, same run ---
    const nodeSend: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const body = `node ${i} ${Math.random()}`;
      const since = bob.mark();
      const t0 = performance.now();
      await carol.sendMessage('bob@localhost', body);
      await bob.waitFor((s) => s.is('message') && s.getChildText('body') === body, 10_000, { since });
      if (i > 0) nodeSend.push(performance.now() - t0);
    }

    console.log(`click Send → peer has it (Chromium window):   ${stats(windowSend)}  [from Playwright's click() call]`);
    console.log(`  same, from the page's click event:          ${stats(pageClickSend)}  [1 ms clock]`);
    console.log(`Node peer send → peer has it (baseline):      ${stats(nodeSend)}`);
    console.log(`window opened → signed in (SCRAM keys):       ${stats(windowLogin)}`);
    console.log(`minimal xmpp.js page → online (PLAIN):        ${stats(minimalLogin)}`);
  } finally {
    await Promise.all([bob.stop(), carol.stop()]);
    await chromium.stop();
    await Promise.all([http.stop(), prosody.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
