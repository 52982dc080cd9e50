import fc from 'fast-check';
// The package jid.ts used before; ours must give the same answers.
import * as pkg from 'punycode/punycode.es6.js';
import { describe, expect, it } from 'vitest';
import { decode, encode } from './punycode';

const outcome = (f: (s: string) => string, s: string) => {
  try {
    return { value: f(s) };
  } catch (err) {
    return { threw: (err as Error).name };
  }
};
const same = (s: string) => {
  expect(JSON.stringify([outcome(decode, s), outcome(encode, s)])).toBe(JSON.stringify([outcome(pkg.decode, s), outcome(pkg.encode, s)]));
};

describe('Punycode (RFC 3492)', () => {
  it('decodes and encodes the RFC 3492 §7.1 samples and real labels', () => {
    const samples: [string, string][] = [
      ['egbpdaj6bu4bxfgehfvwxn', 'ليهمابتكلموشعربي؟'],
      ['ihqwcrb4cv8a8dqg056pqjye', '他们为什么不说中文'],
      ['Proprostnemluvesky-uyb24dma41a', 'Pročprostěnemluvíčesky'],
      ['b1abfaaepdrnnbgefbadotcwatmq2g4l', 'почемужеонинеговорятпорусски'],
      ['-> $1.00 <--', '-> $1.00 <-'],
      ['garon-0ra', 'garçon'],
      ['bcher-kva', 'bücher'],
      ['mller-kva', 'müller'],
      ['80ak6aa92e', 'аррӏе'],
      ['ls8h', '💩'],
    ];
    for (const [a, u] of samples) {
      expect(decode(a)).toBe(u);
      expect(encode(u)).toBe(a);
      same(a);
      same(u);
    }
  });

  it('throws a RangeError where the package does', () => {
    for (const s of ['é-abc', 'abc-', '-', '-a', 'a-!', '99999999999', 'zzzzzzzzzzzzzzzzz', 'a-zzzzzzzzzzzzz', '0', 'ab-0a0a']) same(s);
  });

  it('agrees with the package on any label', () => {
    const digits = fc.constantFrom(...'abcxyzAZ0189-é!'.split(''));
    fc.assert(fc.property(fc.array(digits, { maxLength: 30 }).map((a) => a.join('')), (s) => same(s)), { numRuns: 800 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => same(s)), { numRuns: 400 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => same(encode(s))), { numRuns: 400 });
    // Seconds on a loaded machine (thousands of thrown RangeErrors).
  }, 30_000);
});
