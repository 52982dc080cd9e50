// Median PBKDF2 time (the cost of a SCRAM login from a password) via WebCrypto, beside
// node:crypto as a baseline. Run: npx tsx bench/scram.bench.ts
import { pbkdf2Sync } from 'node:crypto';
import { deriveKeys } from '../src/xmpp/scram.ts';

const RUNS = 15;
const salt = new Uint8Array(16).fill(7);

async function median(fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)]!;
}

console.log(`Node ${process.version}, median of ${RUNS} runs (ms)`);
console.log('mechanism       iterations  webcrypto deriveKeys  node:crypto pbkdf2Sync');
const NODE = { 'SCRAM-SHA-1': ['sha1', 20], 'SCRAM-SHA-256': ['sha256', 32], 'SCRAM-SHA-512': ['sha512', 64] } as const;
for (const mech of ['SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
  const [digest, len] = NODE[mech];
  for (const iterations of [4096, 10000]) {
    const web = await median(() => deriveKeys(mech, 'correct horse battery staple', salt, iterations));
    const node = await median(() => pbkdf2Sync('correct horse battery staple', salt, iterations, len, digest));
    console.log(`${mech.padEnd(15)} ${String(iterations).padStart(10)}  ${web.toFixed(2).padStart(20)}  ${node.toFixed(2).padStart(22)}`);
  }
}
