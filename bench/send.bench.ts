/**
 * Sign-in and send benchmark (not a test): `npx tsx bench/send.bench.ts` (needs `npm run build`).
 * Headless Chromium with the built extension, the fixture Prosody, Node peers; medians of RUNS
 * runs (after one warm-up), each figure beside its baseline measured the same way in the same run:
 *
 *   1. window opened (its navigation start) → status line says "Signed in as …",
 *      beside a minimal page that only loads xmpp.js (@xmpp/client) → `online`;
 *   2. "Send" clicked in the chat window → bob (a Node peer) has the message,
 *      beside the minimal page's own "Send" button (xmpp.send on click) → bob has it,
 *      and a Node peer sending to bob (no browser at all);
 *   3. "Send" clicked in the message window → its status says "Sent" (the server's XEP-0198 ack).
 *
 * Click times are the event's timeStamp on the page's clock (performance.timeOrigin based);
 * arrival is bob's stanza event on Node's clock (also timeOrigin based): both are wall-clock
 * with sub-ms resolution on one machine, and the baseline is measured the same way.
 * Windows are opened with the background's `open-uri` message from an extension page, the
 * toolbar's path: the user's own request, which the flood rule never limits. Numbers vary by machine.
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

const RUNS = Number(process.env.RUNS ?? 20);
const root = fileURLToPath(new URL('..', import.meta.url));
const now = () => performance.timeOrigin + performance.now();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;
function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
  return `median ${fmt(median(s)).padStart(6)} ms  (min ${fmt(s[0]!)}, p90 ${fmt(s[Math.floor(0.9 * s.length)] ?? s.at(-1)!)}, n=${s.length})`;
}

async function main(): Promise<void> {
  const users = ['alice', 'bob', 'carol', 'dave'].map((u) => ({ user: u, password: `${u}-pw` }));
  const [prosody, http] = await Promise.all([startProsody({ users }), startHttpServer()]);
  const chromium = await launchChromium({ extensionDir: `${root}dist/chrome` });
  const bob = await connectPeer({ wsUrl: prosody.wsUrl, username: 'bob@localhost', password: 'bob-pw', resource: 'bench' });
  const carol = await connectPeer({ wsUrl: prosody.wsUrl, username: 'carol@localhost', password: 'carol-pw' });
  // When each body reached bob, on Node's clock.
  const arrivals = new Map<string, number>();
  bob.client.on('stanza', (s) => {
    const body = s.is('message') ? s.getChildText('body') : null;
    if (body) arrivals.set(body, now());
  });
  const arrival = (body: string) => pollUntil(() => arrivals.get(body), { intervalMs: 2, what: `bob to get "${body}"` });
  try {
    const ext = await chromium.openExtensionPage('src/popup/popup.html');
    await seedAccount(ext, { id: 'alice', jid: 'alice@localhost', websocketUrl: prosody.wsUrl, password: 'alice-pw' });
    await chromium.context.addInitScript(() => {
      const w = window as unknown as { __signedIn?: number; __sentShown?: number; __clickAt?: number };
      // When the status line first says "Signed in" / "Sent", from the page's own clock.
      new MutationObserver(() => {
        const text = document.body?.textContent ?? ''; // not innerText: that forces a layout on every mutation
        if (w.__signedIn === undefined && /Signed in as/.test(text)) w.__signedIn = performance.now();
        if (w.__clickAt !== undefined && w.__sentShown === undefined && [...document.querySelectorAll('[role=status]')].some((p) => p.textContent === 'Sent')) w.__sentShown = performance.timeOrigin + performance.now();
      }).observe(document, { subtree: true, childList: true, characterData: true });
      document.addEventListener('click', (e) => (w.__clickAt = performance.timeOrigin + e.timeStamp), true);
    });
    const read = <K extends string>(page: Page, key: K) =>
      pollUntil(
        () =>
          page.evaluate((k) => {
            const w = window as unknown as Record<string, number | string | undefined>;
            if (w.__error) throw new Error(String(w.__error));
            return w[k] as number | undefined;
          }, key),
        { intervalMs: 5, what: key },
      );

    const openWindow = (uri: string) => openActionWindow(chromium, ext, uri);

    // --- 1. sign-in: window vs minimal page, interleaved so both see the same machine ---
    const minimalUrl = await serveMinimalPage(http, prosody.wsUrl);
    const windowLogin: number[] = [];
    const minimalLogin: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      // The first window signs in with the password and stores SCRAM keys: warm-up.
      const win = await openWindow('xmpp:bob@localhost?message');
      const w = await read(win, '__signedIn');
      await win.close();
      const m = await minimalSignIn(chromium, minimalUrl);
      if (i > 0) {
        windowLogin.push(w);
        minimalLogin.push(m);
      }
      await sleep(30);
    }

    // --- 2. click Send → bob has it: chat window vs minimal page vs Node ---
    const chat = await openWindow('xmpp:bob@localhost?message;type=chat');
    await read(chat, '__signedIn');
    const min = await chromium.context.newPage();
    await min.goto(minimalUrl);
    await read(min, '__signedIn');
    await sleep(200);
    const windowSend: number[] = [];
    const minimalSend: number[] = [];
    const nodeSend: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const a = `window ${i} ${Math.random()}`;
      await chat.getByLabel('Message', { exact: true }).fill(a);
      await chat.getByRole('button', { name: 'Send' }).click();
      const aAt = await arrival(a);
      const aClick = await read(chat, '__clickAt');
      await pollUntil(() => chat.getByRole('button', { name: 'Send' }).isEnabled(), { what: 'Send enabled again' });

      const b = `minimal ${i} ${Math.random()}`;
      await min.locator('textarea').fill(b);
      await min.getByRole('button', { name: 'Send' }).click();
      const bAt = await arrival(b);
      const bClick = await read(min, '__clickAt');

      const c = `node ${i} ${Math.random()}`;
      const cStart = now();
      await carol.sendMessage('bob@localhost', c);
      const cAt = await arrival(c);
      if (i > 0) {
        windowSend.push(aAt - aClick);
        minimalSend.push(bAt - bClick);
        nodeSend.push(cAt - cStart);
      }
    }
    await chat.close();
    await min.close();

    // --- 3. click Send in the message window → "Sent" shown (server ack) ---
    const clickToSent: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const body = `message ${i} ${Math.random()}`;
      const win = await openWindow(`xmpp:bob@localhost?message;body=${encodeURIComponent(body)}`);
      await read(win, '__signedIn');
      await win.getByRole('button', { name: 'Send' }).click();
      const shown = await read(win, '__sentShown');
      const clicked = await read(win, '__clickAt');
      await arrival(body);
      if (i > 0) clickToSent.push(shown - clicked);
      await win.close();
      await sleep(30);
    }

    const ratio = (a: number[], b: number[]) => `${(median(a) / median(b)).toFixed(2)}×`;
    console.log(`Chromium, Prosody on loopback, ${RUNS} runs each (+1 warm-up), medians\n`);
    console.log(`window opened → signed in (SCRAM keys):   ${stats(windowLogin)}`);
    console.log(`minimal xmpp.js page → online (baseline): ${stats(minimalLogin)}   window/minimal ${ratio(windowLogin, minimalLogin)}`);
    console.log(`click Send (chat window) → bob has it:    ${stats(windowSend)}`);
    console.log(`click Send (minimal page) → bob has it:   ${stats(minimalSend)}   window/minimal ${ratio(windowSend, minimalSend)}`);
    console.log(`Node peer send → bob has it:              ${stats(nodeSend)}`);
    console.log(`click Send (message window) → "Sent":     ${stats(clickToSent)}`);
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
