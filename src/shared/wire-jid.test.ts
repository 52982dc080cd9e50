import { describe, expect, it } from 'vitest';
import { bareOf, domainOf, localOf, resourceOf, splitJid } from './wire-jid.ts';

describe('wire JIDs', () => {
  it('splits at the first slash, then the first @ (RFC 7622 §3.2)', () => {
    expect(splitJid('alice@example.org/phone/2@x')).toEqual({ local: 'alice', domain: 'example.org', resource: 'phone/2@x' });
    expect(splitJid('example.org')).toEqual({ local: '', domain: 'example.org', resource: '' });
    expect(splitJid('room@muc.example.org/Nick With Space')).toEqual({ local: 'room', domain: 'muc.example.org', resource: 'Nick With Space' });
    expect(splitJid(undefined)).toEqual({ local: '', domain: '', resource: '' });
  });

  it('keeps case as sent when splitting, lower-cases a bare JID for comparison', () => {
    expect(splitJid('Alice@Example.org/Phone').local).toBe('Alice');
    expect(bareOf('Alice@Example.org/Phone')).toBe('alice@example.org');
    expect(bareOf('example.org/x')).toBe('example.org');
    expect(bareOf(undefined)).toBe('');
  });

  // Moved here with the helper from xmpp/message.ts.
  it('bareJid drops the resource and lower-cases', () => {
    expect(bareOf('Juliet@Capulet.example/balcony/x')).toBe('juliet@capulet.example');
  });

  it('answers each part alone', () => {
    expect(localOf('Room@muc.example.org/nick')).toBe('room');
    expect(localOf('muc.example.org')).toBe('');
    expect(domainOf('alice@Example.org/phone')).toBe('example.org');
    expect(domainOf('example.org')).toBe('example.org');
    expect(resourceOf('room@muc/Nick')).toBe('Nick');
    expect(resourceOf('room@muc')).toBe('');
  });
});
