import { describe, expect, it } from 'vitest';
import { guestPresence, unwrapCarbon } from './presence.ts';
import { parseStanza } from './test-xml.ts';

const carbon = (from: string, kind = 'received') =>
  parseStanza(`<message from='${from}' to='alice@localhost/win' type='chat'><${kind} xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message from='bob@localhost/desk' to='alice@localhost' type='chat'><body>hi</body></message></forwarded></${kind}></message>`);

describe('guest presence', () => {
  it('is directed, with priority -1 (RFC 6121 §4.7.2.3), so no offline messages or bare-JID traffic', () => {
    const p = guestPresence('bob@localhost');
    expect(p.attrs).toEqual({ to: 'bob@localhost' });
    expect(p.getChildText('priority')).toBe('-1');
  });
});

describe('unwrapCarbon (XEP-0280)', () => {
  it('unwraps a received carbon from our own bare JID', () => {
    const inner = unwrapCarbon(carbon('Alice@localhost'), 'alice@localhost/win');
    expect(inner?.attrs.from).toBe('bob@localhost/desk');
    expect(inner?.getChildText('body')).toBe('hi');
  });
  it('rejects forged carbons: from someone else, or from a full JID (§11)', () => {
    expect(unwrapCarbon(carbon('mallory@evil.example'), 'alice@localhost/win')).toBeNull();
    expect(unwrapCarbon(carbon('alice@localhost/other'), 'alice@localhost/win')).toBeNull();
  });
  it('leaves sent carbons and ordinary messages alone', () => {
    expect(unwrapCarbon(carbon('alice@localhost', 'sent'), 'alice@localhost/win')).toBeUndefined();
    expect(unwrapCarbon(parseStanza("<message from='bob@localhost/d'><body>x</body></message>"), 'alice@localhost/win')).toBeUndefined();
  });
});
