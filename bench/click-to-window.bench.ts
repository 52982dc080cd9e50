/**
 * Click-to-window benchmark (not a test): `npx tsx bench/click-to-window.bench.ts`, after
 * `npm run build`. In headless Chromium with dist/chrome, the time from a link click in a page to
 * the first contentful paint of the window it opens, median over RUNS runs, for:
 *   - a link to a jabber file (DNR redirect → landing page → re-fetch → action window),
 *   - an xmpp: link (content script → message → action window),
 *   - baseline: a link whose onclick does a plain window.open of a tiny page on the same server.
 * Both ends are wall-clock times from the pages' own clocks (performance.timeOrigin + event
 * timeStamp / FCP startTime), so polling from here adds nothing to the figures.
 * Each run uses a fresh server (a new port is a new site: the 5-windows-a-minute limit never
 * applies) and a fresh JID (no focusing of an open window).
 */
import { launchChromium } from '../e2e/fixtures/chromium.ts';
import { startHttpServer } from '../e2e/fixtures/http-server.ts';
import { pollUntil } from '../e2e/fixtures/net.ts';

const RUNS = Number(process.env.RUNS ?? 20);
const WARMUP = 2;

type Scenario = 'jabber file link' | 'xmpp: link' | 'baseline: window.open';
const SCENARIOS: Scenario[] = ['baseline: window.open', 'jabber file link', 'xmpp: link'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;

// Marks when the user's press reached the page. pointerdown, not click: the content script's
// capture listener stops a click on xmpp: links before any page listener could see it.
// sessionStorage: the file link navigates the tab away and back, which starts a new document.
const PAGE_SCRIPT = `<script>addEventListener('pointerdown', (e) => { sessionStorage.clickAt = performance.timeOrigin + e.timeStamp; }, true);</script>`;

async function main(): Promise<void> {
  const chromium = await launchChromium({ extensionDir: 'dist/chrome' });
  const results = new Map<Scenario, number[]>(SCENARIOS.map((s) => [s, []]));
  try {
    const actionPrefix = chromium.extensionUrl('src/popup/action.html');
    for (let run = 0; run < RUNS + WARMUP; run++) {
      const http = await startHttpServer();
      try {
        const jid = `bench${run}@capulet.example`;
        http.serve('/chat.xmpp', { body: `<jabber><chat jid='${jid}'/></jabber>`, contentType: 'application/jabber+xml' });
        http.page('/tiny.html', '<!doctype html><title>tiny</title><h1>Tiny</h1>');
        http.page(
          '/',
          `<!doctype html><title>bench</title>${PAGE_SCRIPT}
          <a id="file" href="/chat.xmpp">file</a>
          <a id="xmpp" href="xmpp:${jid}?message;type=chat">xmpp</a>
          <a id="baseline" href="/tiny.html" onclick="window.open('/tiny.html', '_blank', 'popup,width=420,height=600'); return false">baseline</a>`,
        );
        for (const scenario of SCENARIOS) {
          const page = await chromium.context.newPage();
          await page.goto(http.url('/'));
          const seen = new Set(chromium.context.pages());
          const selector = scenario === 'jabber file link' ? '#file' : scenario === 'xmpp: link' ? '#xmpp' : '#baseline';
          const wanted = scenario.startsWith('baseline') ? http.url('/tiny.html') : actionPrefix;
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
          // The file link's tab goes back to the page; wait for that before reading it.
          await pollUntil(() => page.url() === http.url('/'), { what: 'the page to come back' });
          const clickAt = await pollUntil(() => page.evaluate(() => Number(sessionStorage.clickAt) || undefined).catch(() => undefined), {
            what: 'the click time',
          });
          if (run >= WARMUP) results.get(scenario)?.push(paintedAt - clickAt);
          await win.close();
          await page.close();
        }
      } finally {
        await http.stop();
      }
    }
  } finally {
    await chromium.stop();
  }

  const fmt = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
  console.log(`click → first contentful paint of the opened window, headless Chromium, ${RUNS} runs (+${WARMUP} warm-up)\n`);
  console.log(`${'scenario'.padEnd(24)}${'median'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}`);
  const base = median(results.get('baseline: window.open') ?? []);
  for (const [scenario, xs] of results) {
    const m = median(xs);
    const extra = scenario.startsWith('baseline') ? '' : `   (+${(m - base).toFixed(1)} ms over baseline)`;
    console.log(`${scenario.padEnd(24)}${fmt(m)}${fmt(Math.min(...xs))}${fmt(Math.max(...xs))}${extra}`);
  }
}

await main();
