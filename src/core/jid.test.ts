import { describe, expect, it } from 'vitest';
import { bareJid, normalizeJid, parseJid, utf8Length } from './jid';
import { expectCode } from './test-helpers';

describe('parseJid', () => {
  it('splits local, domain and resource (RFC 7622 §3.2: first "/" then first "@")', () => {
    expect(parseJid('juliet@capulet.example/balcony')).toStrictEqual({ local: 'juliet', domain: 'capulet.example', resource: 'balcony' });
    expect(parseJid('capulet.example')).toStrictEqual({ domain: 'capulet.example' });
    expect(parseJid('juliet@capulet.example/a/b@c')).toStrictEqual({ local: 'juliet', domain: 'capulet.example', resource: 'a/b@c' });
  });

  it('lower-cases the domain and drops one trailing dot', () => {
    expect(normalizeJid('juliet@Capulet.EXAMPLE.')).toBe('juliet@capulet.example');
  });

  it('case-folds the localpart but keeps the resource as is', () => {
    expect(normalizeJid('Juliet@capulet.example/Balcony')).toBe('juliet@capulet.example/Balcony');
    expect(normalizeJid('ÉLODIE@example.com')).toBe('élodie@example.com');
  });

  it('NFC-normalises every part', () => {
    const decomposed = 'e\u0301';
    expect(normalizeJid(`${decomposed}@${decomposed}.example/${decomposed}`)).toBe('\u00e9@\u00e9.example/\u00e9');
  });

  it('maps full-width ASCII in the localpart (PRECIS width mapping)', () => {
    expect(normalizeJid('ＪＵＬＩＥＴ@capulet.example')).toBe('juliet@capulet.example');
  });

  it('accepts unicode domains, IPv4 and IPv6 literals', () => {
    expect(normalizeJid('jiři@čechy.example')).toBe('jiři@čechy.example');
    expect(normalizeJid('user@192.0.2.1')).toBe('user@192.0.2.1');
    expect(normalizeJid('user@[2001:DB8::1]/r')).toBe('user@[2001:db8::1]/r');
  });

  it('accepts a resource with spaces and punctuation', () => {
    expect(normalizeJid('a@b.example/some resource !"#')).toBe('a@b.example/some resource !"#');
  });

  it.each(['"', '&', "'", ':', '<', '>', ' ', '\t'])('rejects %j in the localpart', (c) => {
    expectCode(() => parseJid(`ju${c}liet@capulet.example`), 'invalid-jid');
  });

  it('reads "ju/liet@capulet.example" as domain "ju" with a resource, as RFC 7622 splits it', () => {
    expect(parseJid('ju/liet@capulet.example')).toStrictEqual({ domain: 'ju', resource: 'liet@capulet.example' });
  });

  it('rejects a second "@"', () => {
    expectCode(() => parseJid('a@b@c.example'), 'invalid-jid');
  });

  it('rejects empty parts', () => {
    expectCode(() => parseJid(''), 'missing-jid');
    expectCode(() => parseJid('@capulet.example'), 'invalid-jid');
    expectCode(() => parseJid('juliet@'), 'invalid-jid');
    expectCode(() => parseJid('juliet@capulet.example/'), 'invalid-jid');
    expectCode(() => parseJid('juliet@capulet..example'), 'invalid-jid');
  });

  it('rejects domains that do not look like domains', () => {
    for (const d of ['exa mple.com', 'exa!mple.com', '-example.com', 'example-.com', '[not-ipv6]', `${'a'.repeat(64)}.com`, 'example.com\u0000']) {
      expectCode(() => parseJid(`u@${d}`), 'invalid-jid');
    }
  });

  it('accepts parts of exactly 1023 bytes and rejects 1024', () => {
    const label = 'a'.repeat(63);
    const domain1023 = `${Array(15).fill(label).join('.')}.${'b'.repeat(1023 - 15 * 64)}`;
    expect(utf8Length(domain1023)).toBe(1023);
    expect(parseJid(`${'l'.repeat(1023)}@${domain1023}/${'r'.repeat(1023)}`).domain).toBe(domain1023);
    expectCode(() => parseJid(`${'l'.repeat(1024)}@example.com`), 'invalid-jid');
    expectCode(() => parseJid(`l@example.com/${'r'.repeat(1024)}`), 'invalid-jid');
    expectCode(() => parseJid(`l@${domain1023}b`), 'invalid-jid');
    // bytes, not characters: 512 two-byte characters are 1024 bytes
    expectCode(() => parseJid(`${'é'.repeat(512)}@example.com`), 'invalid-jid');
  });

  it('rejects control and invisible characters that could spoof an address', () => {
    expectCode(() => parseJid('a@b.example/x\u0007'), 'invalid-jid');
    expectCode(() => parseJid('a@b.example/\u202eevil'), 'invalid-jid');
    expectCode(() => parseJid('a\u200b@b.example'), 'invalid-jid');
    expectCode(() => parseJid('a\ud800@b.example'), 'invalid-jid');
  });

  it('rejects compatibility characters in the localpart', () => {
    expectCode(() => parseJid('\ufb01x@example.com'), 'invalid-jid'); // "ﬁ" ligature
  });

  it('names the problem in its message', () => {
    expect(expectCode(() => parseJid('ju<liet@capulet.example'), 'invalid-jid').message).toContain('"<"');
  });

  it('rejects a non-string at runtime', () => {
    expectCode(() => parseJid(42 as unknown as string), 'invalid-jid');
  });
});

describe('bareJid', () => {
  it('drops the resource and normalises', () => {
    expect(bareJid('Juliet@Capulet.Example/Balcony')).toBe('juliet@capulet.example');
    expect(bareJid('capulet.example/x')).toBe('capulet.example');
  });
});

describe('internationalized domains (RFC 7622 §3.2.1)', () => {
  it('converts A-labels to U-labels, so both spellings are one address', () => {
    expect(normalizeJid('juliet@xn--garon-0ra.com')).toBe('juliet@garçon.com');
    expect(normalizeJid('juliet@garçon.com')).toBe(normalizeJid('juliet@xn--garon-0ra.com'));
    // RFC 3492 / IDNA examples: German, Greek, Chinese, mixed with ASCII labels.
    expect(normalizeJid('u@xn--bcher-kva.example')).toBe('u@bücher.example');
    expect(normalizeJid('u@XN--BCHER-KVA.Example/Res')).toBe('u@bücher.example/Res');
    expect(normalizeJid('u@xn--hxajbheg2az3al.xn--jxalpdlp')).toBe('u@παράδειγμα.δοκιμή');
    expect(normalizeJid('u@xn--fiqs8s.xn--fiqz9s')).toBe('u@中国.中國');
    expect(normalizeJid('conference.xn--mnchen-3ya.example')).toBe('conference.münchen.example');
  });

  it('converts the domain of a bare domain JID and keeps the resource untouched', () => {
    expect(parseJid('xn--garon-0ra.com/xn--garon-0ra')).toStrictEqual({ domain: 'garçon.com', resource: 'xn--garon-0ra' });
  });

  it('leaves the localpart alone even when it looks like an A-label', () => {
    expect(normalizeJid('xn--garon-0ra@example.com')).toBe('xn--garon-0ra@example.com');
  });

  it('rejects A-labels that are not valid punycode', () => {
    for (const d of ['xn--', 'xn--a-ecp.ru-', 'xn--zz-zzzzzzzzzzzz', 'xn--0.example']) {
      expectCode(() => parseJid(`u@${d}`), 'invalid-jid');
    }
  });

  it('rejects A-labels that are not the one spelling of their U-label', () => {
    // "xn--abc-" decodes to plain ASCII "abc": a fake A-label (RFC 5890 §2.3.2.1).
    expectCode(() => parseJid('u@xn--abc-.example'), 'invalid-jid');
    // Decodes to upper case "Ü": its lower-cased form has another A-label, so this one is not canonical.
    expectCode(() => parseJid('u@xn--wca.example'), 'invalid-jid');
  });

  it('rejects A-labels that decode to characters a domain may not hold', () => {
    expectCode(() => parseJid('u@xn--ls8h.example'), 'invalid-jid'); // 💩: not a letter, mark or digit
  });

  it('names the bad label in its message', () => {
    expect(expectCode(() => parseJid('u@xn--abc-.example'), 'invalid-jid').message).toContain('"xn--abc-"');
  });

  it('checks label length on the A-label form: 63 octets pass, 64 fail', () => {
    // "ü" + 55 × "a" is "xn--" + 55 "a"s + "-" + 3 characters: 63 octets. One more "a" is 64.
    const u55 = `ü${'a'.repeat(55)}`;
    expect(normalizeJid(`u@${u55}.example`)).toBe(`u@${u55}.example`);
    expect(normalizeJid(`u@xn--${'a'.repeat(55)}-oxf.example`)).toBe(`u@${u55}.example`);
    expectCode(() => parseJid(`u@${u55}a.example`), 'invalid-jid');
    // 60 characters of Unicode need more than 63 octets once encoded.
    expectCode(() => parseJid(`u@${'ü'.repeat(60)}.example`), 'invalid-jid');
    expectCode(() => parseJid(`u@${'😀'.repeat(70)}.example`), 'invalid-jid');
  });

  it('applies the same limit to an A-label as given; the message names the DNS form for a U-label', () => {
    expectCode(() => parseJid(`u@xn--${'a'.repeat(60)}.example`), 'invalid-jid');
    expect(expectCode(() => parseJid(`u@${'ü'.repeat(60)}.example`), 'invalid-jid').message).toContain('DNS form');
  });

  it('checks the 1023-byte limit on the converted domain too', () => {
    // 30 A-labels of 30 ASCII characters (930 bytes) that decode to 20 three-byte characters each.
    const cjk = '中国'.repeat(10);
    expect(normalizeJid(`u@xn--fiqaaaaaaaaa129vbabbbbbbbb.example`)).toBe(`u@${cjk}.example`);
    expectCode(() => parseJid(`u@${Array(30).fill('xn--fiqaaaaaaaaa129vbabbbbbbbb').join('.')}`), 'invalid-jid');
  });
});
