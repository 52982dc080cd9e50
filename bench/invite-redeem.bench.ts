/**
 * Invite redemption benchmark (not a test): `npx tsx bench/invite-redeem.bench.ts` (needs
 * `npm run build`, and port 80 for XEP-0156 host-meta). Headless Chromium with the built
 * extension and no account, the fixture Prosody with mod_invites; each run clicks a fresh
 * `prosodyctl mod_invites generate` link on an invite page, fills the form, and measures on the
 * window's own clock from the "Create account" click (the event's timeStamp) to
 *   1. "Account created: …" on screen (discovery, stream, preauth, XEP-0077 registration), and
 *   2. "Signed in as …" on screen (then the first sign-in, SCRAM keys derived and stored).
 * Median of RUNS runs (default 10) after one warm-up. Numbers vary by machine.
 */
import { startHostMeta, WEBSOCKET_REL, xrd } from '../e2e/fixtures/host-meta.ts';
import { startHttpServer } from '../e2e/fixtures/http-server.ts';
import { pollUntil } from '../e2e/fixtures/net.ts';
import { startProsody } from '../e2e/fixtures/prosody.ts';
import { clearAccounts, type Evaluator } from '../e2e/helpers/account.ts';
import { launchBrowser } from '../e2e/helpers/browser.ts';

const RUNS = Number(process.env.RUNS ?? 10);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${median(s).toFixed(1).padStart(6)} ms  (min ${s[0]!.toFixed(1)}, max ${s.at(-1)!.toFixed(1)}, n=${s.length})`;
};

async function main(): Promise<void> {
  const [prosody, http] = await Promise.all([startProsody({ invites: true }), startHttpServer()]);
  // Port 80 may be another spec's for a while: wait for it.
  const hostMeta = await startHostMeta((host) => (host === 'localhost' ? xrd([{ rel: WEBSOCKET_REL, href: prosody.wsUrl }]) : undefined), { waitMs: 600_000 });
  const b = await launchBrowser('chromium');
  const created: number[] = [];
  const signedIn: number[] = [];
  try {
    for (let i = 0; i <= RUNS; i++) {
      await clearAccounts(b.extPage);
      const invite = await prosody.generateInvite();
      http.page(`/bench-${i}.html`, `<!doctype html><meta charset="utf-8"><a class="btn" href="${invite}">Join</a>`);
      const win = await b.clickLinkIn(http.url(`/bench-${i}.html`), 'Join');
      await win.waitForText('invited you to create an account');
      await win.fill('Username', `bench${i}`);
      await win.fill('Password', `bench-password-${i}`);
      const page = win.page as unknown as Evaluator;
      await page.evaluate(() => {
        const w = window as unknown as { bench: { click?: number; created?: number; signedIn?: number } };
        w.bench = {};
        const button = [...document.querySelectorAll('button')].find((x) => x.textContent === 'Create account')!;
        button.addEventListener('click', (e) => (w.bench.click ??= e.timeStamp), { capture: true });
        new MutationObserver(() => {
          const text = document.body.innerText;
          if (w.bench.created === undefined && text.includes('Account created')) w.bench.created = performance.now();
          if (w.bench.signedIn === undefined && text.includes('Signed in as')) w.bench.signedIn = performance.now();
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
      }, undefined);
      await win.click('Create account');
      const t = await pollUntil(
        () =>
          page.evaluate(() => {
            const b = (window as unknown as { bench: { click?: number; created?: number; signedIn?: number } }).bench;
            return b.signedIn !== undefined ? b : undefined;
          }, undefined),
        { timeoutMs: 20_000, intervalMs: 20, what: 'signed in' },
      );
      if (i > 0) {
        created.push(t.created! - t.click!);
        signedIn.push(t.signedIn! - t.click!);
      }
      await win.close();
    }
    console.log(`Chromium ${RUNS} runs (+1 warm-up), Prosody 0.12 with mod_invites on loopback, host-meta discovery\n`);
    console.log(`"Create account" click → "Account created"  ${stats(created)}`);
    console.log(`"Create account" click → "Signed in as"     ${stats(signedIn)}`);
  } finally {
    await b.stop();
    await hostMeta.stop();
    await Promise.all([prosody.stop(), http.stop()]);
  }
}

await main();
