// PBKDF2 in the browser: what a SCRAM login from a typed password costs on the options page.
// Launches headless Chromium (Playwright, /usr/bin/chromium) on a blank page and times
// crypto.subtle.deriveBits PBKDF2 with SHA-1 and SHA-256 for 4096 (RFC 7677 minimum) and
// 10000 (Prosody's default) iterations, median of 20 samples (each the mean of 10 calls) after a warm-up, beside a baseline from
// the same run: SHA-256 digest of 1 MB. Run: npx tsx bench/pbkdf2-browser.bench.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';

const RUNS = 20;

const server = createServer((_req, res) => res.end('<!doctype html><title>bench</title>'));
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  // crypto.subtle needs a secure context; about:blank is not one, http://127.0.0.1 is.
  await page.goto(origin);
  // tsx (esbuild keepNames) wraps named inner functions in __name(); give the page one.
  await page.evaluate('globalThis.__name = (f) => f');
  const version = browser.version();
  const results = await page.evaluate(async (runs) => {
    if (!crypto.subtle) throw new Error('crypto.subtle is not available on this page');
    const median = async (fn: () => Promise<unknown>): Promise<number> => {
      await fn();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        // performance.now() is coarsened to 0.1 ms on a page that is not cross-origin isolated:
        // one sample is the mean of 10 back-to-back calls.
        const t0 = performance.now();
        for (let k = 0; k < 10; k++) await fn();
        times.push((performance.now() - t0) / 10);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(runs / 2)] as number;
    };
    const password = new TextEncoder().encode('correct horse battery staple');
    const salt = new Uint8Array(16).fill(7);
    const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
    const rows: Array<{ what: string; ms: number }> = [];
    for (const [hash, bits] of [['SHA-1', 160], ['SHA-256', 256]] as const) {
      for (const iterations of [4096, 10000]) {
        const ms = await median(() => crypto.subtle.deriveBits({ name: 'PBKDF2', hash, salt, iterations }, key, bits));
        rows.push({ what: `PBKDF2-${hash} ${iterations}`, ms });
      }
    }
    const mb = new Uint8Array(1 << 20).fill(42);
    rows.push({ what: 'baseline SHA-256 of 1 MB', ms: await median(() => crypto.subtle.digest('SHA-256', mb)) });
    return rows;
  }, RUNS);
  console.log(`Chromium ${version}, headless, median of ${RUNS} samples of 10 calls each`);
  for (const r of results) console.log(`${r.what.padEnd(26)} ${r.ms.toFixed(2).padStart(8)} ms`);
} finally {
  await browser.close();
  server.close();
}
