/**
 * History benchmark (not a test): `npx tsx bench/history.bench.ts` (needs `npm run build`).
 * 50 messages between alice and bob in the fixture Prosody's archive; each run opens a chat
 * window and measures, on the page's clock, "Signed in" shown → all 50 archived lines on screen
 * (target ≤ 150 ms), and beside it window opened → "Signed in" against the minimal xmpp.js page
 * in the same run (target ≤ 1.2×). Medians of RUNS runs after one warm-up.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/fixtures/chromium.ts';
import { startHttpServer } from '../e2e/fixtures/http-server.ts';
import { pollUntil, sleep } from '../e2e/fixtures/net.ts';
import { startProsody } from '../e2e/fixtures/prosody.ts';
import { connectPeer } from '../e2e/fixtures/xmpp-peer.ts';
import { seedAccount } from '../e2e/helpers/account.ts';
import { minimalSignIn, openActionWindow, serveMinimalPage } from './lib/minimal-page.ts';

const RUNS = Number(process.env.RUNS ?? 10);
const root = fileURLToPath(new URL('..', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;

async function main(): Promise<void> {
  const users = ['alice', 'bob', 'dave'].map((u) => ({ user: u, password: `${u}-pw` }));
  const [prosody, http] = await Promise.all([startProsody({ users }), startHttpServer()]);
  const chromium = await launchChromium({ extensionDir: `${root}dist/chrome` });
  const bob = await connectPeer({ wsUrl: prosody.wsUrl, username: 'bob@localhost', password: 'bob-pw' });
  try {
    for (let i = 1; i <= 50; i++) await bob.sendMessage('alice@localhost', `archived line ${i}`);
    await bob.iq.get((await import('../e2e/fixtures/xmpp-peer.ts')).xml('ping', { xmlns: 'urn:xmpp:ping' }));
    const ext = await chromium.openExtensionPage('src/popup/popup.html');
    await seedAccount(ext, { id: 'alice', jid: 'alice@localhost', websocketUrl: prosody.wsUrl, password: 'alice-pw' });
    await chromium.context.addInitScript(() => {
      const w = window as unknown as { __signedIn?: number; __history?: number };
      new MutationObserver(() => {
        const text = document.body?.textContent ?? '';
        if (w.__signedIn === undefined && /Signed in as/.test(text)) w.__signedIn = performance.now();
        if (w.__history === undefined && document.querySelectorAll('.chat-entry.history').length >= 50) w.__history = performance.now();
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const read = (page: Page, key: string) =>
      pollUntil(() => page.evaluate((k) => (window as unknown as Record<string, number | undefined>)[k], key), { intervalMs: 5, what: key });
    const openWindow = (uri: string) => openActionWindow(chromium, ext, uri);
    const minimalUrl = await serveMinimalPage(http, prosody.wsUrl);
    const history: number[] = [];
    const windowLogin: number[] = [];
    const minimalLogin: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const win = await openWindow('xmpp:bob@localhost?message;type=chat');
      const signedIn = await read(win, '__signedIn');
      const shown = await read(win, '__history');
      await win.close();
      const m = await minimalSignIn(chromium, minimalUrl);
      if (i > 0) {
        history.push(shown - signedIn);
        windowLogin.push(signedIn);
        minimalLogin.push(m);
      }
      await sleep(30);
    }
    const f = (n: number) => n.toFixed(1);
    console.log(`"Signed in" → 50 archived lines on screen: median ${f(median(history))} ms (min ${f(Math.min(...history))}, max ${f(Math.max(...history))}, n=${history.length}; target ≤ 150 ms)`);
    console.log(`window opened → signed in: median ${f(median(windowLogin))} ms; minimal xmpp.js page: ${f(median(minimalLogin))} ms; ratio ${(median(windowLogin) / median(minimalLogin)).toFixed(2)} (target ≤ 1.2)`);
  } finally {
    await bob.stop();
    await chromium.stop();
    await Promise.all([http.stop(), prosody.stop()]);
  }
}

await main();
