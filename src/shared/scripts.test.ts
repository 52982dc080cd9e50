import { describe, expect, it } from 'vitest';
import { asciiFormIfMixed, mixesScripts, scriptsOf, toASCII } from './scripts.ts';

describe('mixesScripts', () => {
  it('a Cyrillic "а" in a Latin name is mixed', () => {
    expect(mixesScripts('\u0430pple.com')).toBe(true);
    expect(scriptsOf('\u0430pple.com')).toEqual(new Set(['Cyrillic', 'Latin']));
  });

  it('a Greek omicron in a Latin name is mixed', () => {
    expect(mixesScripts('g\u03BF\u03BFgle.example')).toBe(true);
  });

  it('plain ASCII, one script, digits and hyphens are not', () => {
    expect(mixesScripts('capulet.example')).toBe(false);
    expect(mixesScripts('xn--80ak6aa92e.com')).toBe(false);
    expect(mixesScripts('пример.рф')).toBe(false);
    expect(mixesScripts('müller-2.de')).toBe(false);
    expect(mixesScripts('')).toBe(false);
  });

  it('Japanese, Chinese and Korean with Latin are one language each, not mixed', () => {
    expect(mixesScripts('例え.テスト')).toBe(false);
    expect(mixesScripts('ひらがな-abc.jp')).toBe(false);
    expect(mixesScripts('中文ㄅ.example')).toBe(false);
    expect(mixesScripts('한국어.example')).toBe(false);
  });

  it('CJK with Cyrillic, or Hangul with Katakana, is mixed', () => {
    expect(mixesScripts('例え.рф')).toBe(true);
    expect(mixesScripts('한국テスト.example')).toBe(true);
  });
});

describe('asciiFormIfMixed', () => {
  it('gives the punycode form of a mixed domain, keeping localpart and resource', () => {
    expect(asciiFormIfMixed('alice@\u0430pple.com/phone')).toBe('alice@xn--pple-43d.com/phone');
    expect(asciiFormIfMixed('\u0430pple.com')).toBe('xn--pple-43d.com');
  });

  it('gives nothing for a domain in one script', () => {
    expect(asciiFormIfMixed('juliet@capulet.example')).toBeUndefined();
    expect(asciiFormIfMixed('иван@пример.рф')).toBeUndefined();
  });
});

describe('toASCII', () => {
  it('gives the A-label form of a Unicode domain and leaves ASCII as is (lower-cased)', () => {
    expect(toASCII('bücher.example')).toBe('xn--bcher-kva.example');
    expect(toASCII('Capulet.Example')).toBe('capulet.example');
    expect(toASCII('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
  });

  it('gives nothing for what is no host name', () => {
    expect(toASCII('a/b')).toBeUndefined();
    expect(toASCII('user@host')).toBeUndefined();
    expect(toASCII('')).toBeUndefined();
  });
});
