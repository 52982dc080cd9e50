import { describe, expect, it } from 'vitest';
import * as core from './index';
import { PARSE_ERROR_CODES, ParseError, parseXmppUri } from './index';

describe('core contract surface', () => {
  it('exports the functions DESIGN.md names', () => {
    for (const name of ['parseJabberFile', 'parseXmppUri', 'formatXmppUri', 'ParseError', 'parseJid', 'normalizeJid', 'bareJid']) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('a ParseError is an Error with a stable code, and serialises for message passing', () => {
    let err: unknown;
    try {
      parseXmppUri('xmpp:a@b.example?vcard');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(ParseError);
    const pe = err as ParseError;
    expect(pe.name).toBe('ParseError');
    expect(PARSE_ERROR_CODES).toContain(pe.code);
    expect(JSON.parse(JSON.stringify(pe))).toStrictEqual({ code: 'unsupported-action', message: pe.message, detail: 'vcard' });
  });

  it('an Action survives structured cloning unchanged', () => {
    const a = parseXmppUri('xmpp://me@example.org/coven@chat.shakespeare.lit?invite;jid=a@b.example;password=x');
    expect(structuredClone(a)).toStrictEqual(a);
  });
});
