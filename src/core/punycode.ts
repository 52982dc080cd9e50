/**
 * RFC 3492 Punycode for domain labels (the part after "xn--"), written here rather than bundling
 * the punycode package: jid.ts needs only these two functions, and the package's other helpers
 * (toASCII, toUnicode, UCS-2 tools, error texts) cost ~0.5 KiB of each zip. Same results as the
 * package, which punycode.test.ts checks: same output, and a RangeError wherever it throws one.
 */

// RFC 3492 §5: parameter values for Punycode.
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const MAX_INT = 0x7fffffff;

const fail = (): never => {
  throw new RangeError('Invalid punycode');
};

/** §6.1: bias adaptation. */
function adapt(delta: number, points: number, first: boolean): number {
  let k = 0;
  delta = first ? Math.floor(delta / 700) : delta >> 1;
  delta += Math.floor(delta / points);
  for (; delta > 455; k += BASE) delta = Math.floor(delta / 35);
  return Math.floor(k + (36 * delta) / (delta + 38));
}

/** §5: the threshold for the digit at position k. */
const threshold = (k: number, bias: number): number => (k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias);

/** §6.2 decoding, with the overflow checks: throws RangeError on anything that is not Punycode. */
export function decode(input: string): string {
  const out: number[] = [];
  const basic = Math.max(0, input.lastIndexOf('-'));
  for (let j = 0; j < basic; j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) fail();
    out.push(c);
  }
  let n = 128;
  let bias = 72;
  let i = 0;
  for (let at = basic > 0 ? basic + 1 : 0; at < input.length; ) {
    const old = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (at >= input.length) fail();
      const c = input.charCodeAt(at++);
      // 0-9 are 26-35, A-Z and a-z are 0-25, anything else is no digit.
      const digit = c >= 48 && c < 58 ? c - 22 : c >= 65 && c < 91 ? c - 65 : c >= 97 && c < 123 ? c - 97 : BASE;
      if (digit >= BASE || digit > Math.floor((MAX_INT - i) / w)) fail();
      i += digit * w;
      const t = threshold(k, bias);
      if (digit < t) break;
      if (w > Math.floor(MAX_INT / (BASE - t))) fail();
      w *= BASE - t;
    }
    const len = out.length + 1;
    bias = adapt(i - old, len, old === 0);
    if (Math.floor(i / len) > MAX_INT - n) fail();
    n += Math.floor(i / len);
    i %= len;
    out.splice(i++, 0, n);
  }
  return String.fromCodePoint(...out);
}

/** §6.3 encoding of a label (by code points; a lone surrogate counts as one). */
export function encode(input: string): string {
  const points = Array.from(input, (c) => c.codePointAt(0)!);
  let out = points.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join('');
  const basic = out.length;
  let handled = basic;
  if (basic) out += '-';
  let n = 128;
  let delta = 0;
  let bias = 72;
  // Labels are at most a few hundred code points here (jid.ts checks lengths first), so delta
  // stays far below the 2^31 the package checks against.
  const digit = (d: number) => String.fromCharCode(d + 22 + 75 * +(d < 26));
  while (handled < points.length) {
    const m = Math.min(...points.filter((c) => c >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of points) {
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = threshold(k, bias);
          if (q < t) break;
          out += digit(t + ((q - t) % (BASE - t)));
          q = Math.floor((q - t) / (BASE - t));
        }
        out += digit(q);
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return out;
}
