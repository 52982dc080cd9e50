/**
 * Click-to-window benchmark (not a test): `npm run bench:window` (builds first). Headless Chromium
 * with dist/chrome and a seeded account on the fixture Prosody; for each kind of link, the time
 * from the user's press in the page to (1) the first contentful paint of the window it opens and
 * (2) that window saying "Signed in as …", median over RUNS runs (after WARMUP), for:
 *   - a link to a jabber file (DNR redirect → landing page → re-fetch → action window),
 *   - an xmpp: link (content script → message → action window),
 *   - baseline: a link whose onclick does a plain window.open of the minimal xmpp.js page
 *     (bench/lib/minimal-page.ts) on the same server: its paint, and its 'online'.
 * All times are wall-clock from the pages' own clocks (performance.timeOrigin + event timeStamp,
 * FCP startTime, or the moment the status text appears), so polling from here adds nothing.
 * Each run uses a fresh web server and a fresh JID (no focusing of an open window), and clears
 * the flood rule's record first (a jabber file is a request without a gesture, and 20 runs a
 * minute would reach the limit; windows.ts keeps the record in storage.session).
 */
import { launchChromium } from '../e2e/fixtures/chromium.ts';
import { startHttpServer } from '../e2e/fixtures/http-server.ts';
import { pollUntil } from '../e2e/fixtures/net.ts';
import { startProsody } from '../e2e/fixtures/prosody.ts';
import { seedAccount } from '../e2e/helpers/account.ts';
import { MINIMAL_HTML, minimalBundle } from './lib/minimal-page.ts';

const RUNS = Number(process.env.RUNS ?? 20);
const WARMUP = 2;

type Scenario = 'jabber file link' | 'xmpp: link' | 'baseline: window.open';
const SCENARIOS: Scenario[] = ['baseline: window.open', 'jabber file link', 'xmpp: link'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;

// Marks when the user's press reached the page. pointerdown, not click: the content script's
// capture listener stops a click on xmpp: links before any page listener could see it.
// sessionStorage: the file link navigates the tab away and back, which starts a new document.
const PAGE_SCRIPT = `<script>addEventListener('pointerdown', (e) => { sessionStorage.clickAt = performance.timeOrigin + e.timeStamp; }, true);</script>`;

// In every window: when the status line first says "Signed in" (wall clock). textContent, not
// innerText, which would force a layout on every mutation and slow the window it measures.
const READY_SCRIPT = `new MutationObserver(() => {
  if (window.__readyAt === undefined && /Signed in as/.test(document.body?.textContent ?? '')) window.__readyAt = performance.timeOrigin + performance.now();
}).observe(document, { subtree: true, childList: true, characterData: true });`;

async function main(): Promise<void> {
  const prosody = await startProsody({ users: [{ user: 'alice', password: 'alice-pw' }, { user: 'dave', password: 'dave-pw' }] });
  const chromium = await launchChromium({ extensionDir: 'dist/chrome' });
  const paint = new Map<Scenario, number[]>(SCENARIOS.map((s) => [s, []]));
  const ready = new Map<Scenario, number[]>(SCENARIOS.map((s) => [s, []]));
  const minimal = await minimalBundle();
  try {
    const ext = await chromium.openExtensionPage('src/popup/popup.html');
    await seedAccount(ext, { id: 'alice', jid: 'alice@localhost', websocketUrl: prosody.wsUrl, password: 'alice-pw' });
    await chromium.context.addInitScript({ content: READY_SCRIPT });
    const actionPrefix = chromium.extensionUrl('src/popup/action.html');
    for (let run = 0; run < RUNS + WARMUP; run++) {
      const http = await startHttpServer();
      try {
        const jid = `bench${run}@localhost`;
        const minUrl = `/min.html?ws=${encodeURIComponent(prosody.wsUrl)}&u=dave&p=dave-pw`;
        http.serve('/chat.xmpp', { body: `<jabber><message jid='${jid}'/></jabber>`, contentType: 'application/jabber+xml' });
        http.serve('/min.js', { body: minimal, contentType: 'text/javascript' });
        http.page('/min.html', MINIMAL_HTML);
        http.page(
          '/',
          `<!doctype html><title>bench</title>${PAGE_SCRIPT}
          <a id="file" href="/chat.xmpp">file</a>
          <a id="xmpp" href="xmpp:${jid}?message">xmpp</a>
          <a id="baseline" href="${minUrl}" onclick="window.open(this.href, '_blank', 'popup,width=420,height=600'); return false">baseline</a>`,
        );
        for (const scenario of SCENARIOS) {
          await ext.evaluate(() => chrome.storage.session.remove('windows'));
          const page = await chromium.context.newPage();
          await page.goto(http.url('/'));
          const seen = new Set(chromium.context.pages());
          const selector = scenario === 'jabber file link' ? '#file' : scenario === 'xmpp: link' ? '#xmpp' : '#baseline';
          const wanted = scenario.startsWith('baseline') ? http.url('/min.html') : actionPrefix;
          await page.click(selector);
          const win = await pollUntil(() => chromium.context.pages().find((p) => !seen.has(p) && p.url().startsWith(wanted)), {
            intervalMs: 5,
            what: `the ${scenario} window`,
          });
          const paintedAt = await win.evaluate(
            () =>
              new Promise<number>((resolve) => {
                new PerformanceObserver((list, obs) => {
                  const fcp = list.getEntries().find((e) => e.name === 'first-contentful-paint');
                  if (!fcp) return;
                  obs.disconnect();
                  resolve(performance.timeOrigin + fcp.startTime);
                }).observe({ type: 'paint', buffered: true });
              }),
          );
          const readyAt = await pollUntil(
            () =>
              win.evaluate(() => {
                const w = window as unknown as { __readyAt?: number; __signedIn?: number; __error?: string };
                if (w.__error) throw new Error(w.__error);
                return w.__readyAt ?? (w.__signedIn === undefined ? undefined : performance.timeOrigin + w.__signedIn);
              }),
            { intervalMs: 5, what: `the ${scenario} window to sign in` },
          );
          // The file link's tab goes back to the page; wait for that before reading it.
          await pollUntil(() => page.url() === http.url('/'), { what: 'the page to come back' });
          const clickAt = await pollUntil(() => page.evaluate(() => Number(sessionStorage.clickAt) || undefined).catch(() => undefined), {
            what: 'the click time',
          });
          if (run >= WARMUP) {
            paint.get(scenario)?.push(paintedAt - clickAt);
            ready.get(scenario)?.push(readyAt - clickAt);
          }
          await win.close();
          await page.close();
        }
      } finally {
        await http.stop();
      }
    }
  } finally {
    await chromium.stop();
    await prosody.stop();
  }

  const fmt = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
  console.log(`click → window, headless Chromium, ${RUNS} runs (+${WARMUP} warm-up), medians (min–max)\n`);
  console.log(`${'scenario'.padEnd(24)}${'painted'.padStart(10)}${'signed in'.padStart(12)}   range painted / signed in`);
  for (const scenario of SCENARIOS) {
    const p = paint.get(scenario) ?? [];
    const r = ready.get(scenario) ?? [];
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
    console.log(`${scenario.padEnd(24)}${fmt(median(p))}${fmt(median(r)).padStart(12)}   ${range(p)} / ${range(r)}`);
  }
}

await main();
