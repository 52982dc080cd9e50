/**
 * Core parser benchmark (not a test): `npm run bench:core` (tsx bench/core.bench.ts).
 * Prints throughput for a typical jabber file, URI and formatXmppUri, each beside a baseline
 * of similar work in the same run, and the median time to reject 1 MiB of hostile input
 * (target < 5 ms, DESIGN.md). Medians over many rounds; numbers vary by machine.
 */
import { formatXmppUri, ParseError, parseJabberFile, parseXmppUri } from '../src/core/index';

const FILE = "<?xml version='1.0' encoding='UTF-8'?>\n<jabber xmlns='http://jabber.org/protocol/mimetype'>\n  <groupchat jid='jdev@conference.jabber.org'/>\n</jabber>\n";
const URI = 'xmpp:romeo@montague.net?message;subject=Test%20Message;body=Here%27s%20a%20test%20message';
const ACTION = parseXmppUri(URI);
const FILE_AS_JSON = JSON.stringify({ jabber: { xmlns: 'http://jabber.org/protocol/mimetype', groupchat: { jid: 'jdev@conference.jabber.org' } } });
const MIB = 1 << 20;

let sink = 0;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? Number.NaN;
}

/** Operations per second: median of rounds, each timing `batch` calls. */
function opsPerSecond(fn: () => unknown, rounds = 30, batch = 2000): number {
  for (let i = 0; i < batch; i++) fn(); // warm up
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) sink += fn() ? 1 : 0;
    rates.push(batch / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

/** Median milliseconds of one call (each call timed alone). */
function medianMs(fn: () => unknown, rounds = 51): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    sink += fn() ? 1 : 0;
    times.push(performance.now() - t0);
  }
  return median(times);
}

function rejects(fn: () => unknown): () => string {
  return () => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ParseError) return e.code;
      throw e;
    }
    throw new Error('hostile input was accepted');
  };
}

const pad = (label: string) => label.padEnd(60);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(12);
const ms = (n: number) => `${n.toFixed(4)} ms`.padStart(12);

console.log(`Node ${process.version}; medians over rounds\n`);
console.log('throughput (calls per second)');
console.log(`${pad(`  parseJabberFile (typical file, ${FILE.length} chars)`)}${fmt(opsPerSecond(() => parseJabberFile(FILE)))}`);
console.log(`${pad(`    baseline JSON.parse of the same content as JSON`)}${fmt(opsPerSecond(() => JSON.parse(FILE_AS_JSON)))}`);
console.log(`${pad(`  parseXmppUri (XEP-0147 message URI, ${URI.length} chars)`)}${fmt(opsPerSecond(() => parseXmppUri(URI)))}`);
console.log(`${pad(`    baseline new URL() of the same URI`)}${fmt(opsPerSecond(() => new URL(URI)))}`);
console.log(`${pad(`  formatXmppUri (same action)`)}${fmt(opsPerSecond(() => formatXmppUri(ACTION)))}`);
console.log(`${pad(`    baseline encodeURIComponent of the body`)}${fmt(opsPerSecond(() => encodeURIComponent("Here's a test message")))}`);

// Inputs are built once, outside the timed calls.
const hostile: Array<[string, (s: string) => unknown, string]> = [
  ['parseJabberFile, 1 MiB of "<a>" nesting', parseJabberFile, '<a>'.repeat(MIB / 3)],
  ['parseJabberFile, 1 MiB billion-laughs-style DOCTYPE', parseJabberFile, `<!DOCTYPE x [${'<!ENTITY a "&b;&b;">'.repeat(MIB / 20)}]><jabber/>`],
  ['parseJabberFile, 1 MiB of "x"', parseJabberFile, 'x'.repeat(MIB)],
  ['parseJabberFile, 64 KiB of "<a>" (just under the cap)', parseJabberFile, '<a>'.repeat(65_535 / 3)],
  ['parseJabberFile, 64 KiB comment holding "--"', parseJabberFile, `<jabber><!--${'x'.repeat(65_000)}--x--></jabber>`],
  ['parseXmppUri, 1 MiB URI', parseXmppUri, `xmpp:a@b.example?message;body=${'%41'.repeat(MIB / 3)}`],
  ['parseXmppUri, 8 KiB of bad UTF-8 escapes (under the cap)', parseXmppUri, `xmpp:a@b.example?message;body=${'%C3%28'.repeat(1300)}`],
  ['parseXmppUri, 8 KiB of inner white space (under the cap)', parseXmppUri, `xmpp:a@b.example${' '.repeat(8000)}x`],
  // Punycode decoding is quadratic in a label's length: labels at the 63-octet limit, and a
  // domain of them up to its 1023 bytes, with a bad last label so that all are decoded first.
  ['parseXmppUri, 1 KiB domain of 63-octet A-labels', parseXmppUri, `xmpp:a@${`xn--${'a'.repeat(55)}-oxf.`.repeat(15)}xn--zz-zzzzz`],
  ['parseXmppUri, one 1 KiB A-label', parseXmppUri, `xmpp:a@xn--${'a'.repeat(1000)}-oxf`],
];
console.log('\nrejecting hostile input (median per call; target < 5 ms)');
for (const [name, parse, input] of hostile) {
  const reject = rejects(() => parse(input));
  console.log(`  ${name.padEnd(58)} ${ms(medianMs(reject))}  → ${reject()}`);
}
const bigUri = hostile[5]?.[2] ?? '';
const bigJson = JSON.stringify('x'.repeat(MIB));
console.log(`    baseline new URL() of the 1 MiB URI                      ${ms(medianMs(() => new URL(bigUri)))}`);
console.log(`    baseline JSON.parse of a 1 MiB JSON string               ${ms(medianMs(() => JSON.parse(bigJson)))}`);
if (sink === -1) console.log(sink);
