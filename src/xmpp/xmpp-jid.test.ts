// The package itself, past the alias to the stand-in (vitest.config.ts).
import original from '@xmpp/jid/index.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import jid from './xmpp-jid.ts';

type Seen = { threw: string } | { local: string; domain: string; resource: string; text: string; bare: string; bareText: string };

function seen(make: (s: string) => { local: string; domain: string; resource: string; toString(): string; bare(): { toString(): string } }, s: string): Seen {
  try {
    const j = make(s);
    const b = j.bare();
    return { local: j.local, domain: j.domain, resource: j.resource, text: j.toString(), bare: `${b}`, bareText: b.toString() };
  } catch (err) {
    return { threw: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

// What xmpp.js calls: jid(s) (@xmpp/connection) and new JID(s) (@xmpp/middleware).
const check = (s: string) => {
  const ours = seen(jid, s);
  expect(ours).toEqual(seen(original as never, s));
  expect(seen((x) => new (jid as unknown as new (x: string) => ReturnType<typeof jid>)(x), s)).toEqual(ours);
  return ours;
};

describe('the @xmpp/jid stand-in', () => {
  it('is compared with the package, not with itself', () => {
    expect(typeof (original as unknown as { JID: unknown }).JID).toBe('function');
  });

  it('splits and normalises what servers send, like the package', () => {
    expect(check('Juliet@Capulet.Example/Balcony/Window')).toEqual({
      local: 'juliet',
      domain: 'capulet.example',
      resource: 'Balcony/Window',
      text: 'juliet@capulet.example/Balcony/Window',
      bare: 'juliet@capulet.example',
      bareText: 'juliet@capulet.example',
    });
    for (const s of ['capulet.example', 'room@conference.example/nick@home', 'a@b/', 'a@b@c', 'x@Ünïcode.example/R', 'ROOM@muc.example/Nick Name']) check(s);
  });

  it('throws on an empty domain, like the package', () => {
    for (const s of ['', '/res', 'user@', 'user@/res']) expect(check(s)).toEqual({ threw: 'TypeError: Invalid domain.' });
  });

  it('escapes a localpart the way XEP-0106 and the package do', () => {
    for (const s of [' d\'artagnan @example.com', 'c:\\net@example.com', 'a"b&c<d>e@example.com', 'space\\20ok@example.com', 'space\\20 mixed@example.com', '\\2\\20f@x.example', '\\5C@x.example', 'tab\tx@y']) check(s);
  });

  // 800 comparisons with the package: over vitest's 5 s when the machine is loaded (seen at a load of 13).
  it('agrees with the package on any string', () => {
    const chars = fc.constantFrom(...'aZ@/\\ "&\'/:<>205cfF.\tÜ'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }).map((a) => a.join('')), (s) => {
        check(s);
      }),
      { numRuns: 500 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => void check(s)), { numRuns: 300 });
  }, 30_000);
});
