/**
 * Property tests: on any input both parsers return a plain-JSON Action or throw a ParseError,
 * quickly; whatever they accept formats and parses back to itself; generated valid Actions
 * round-trip through formatXmppUri.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from './action';
import { ParseError } from './errors';
import { parseJabberFile } from './jabber-file';
import { normalizeJid, parseJid } from './jid';
import { expectPlainJson } from './test-helpers';
import { formatXmppUri, parseXmppUri } from './uri';

const BUDGET_MS = 10;
// FUZZ_RUNS=50000 npx vitest run src/core/fuzz.test.ts for a longer soak.
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

/** Run fn; allow only ParseError; require it to finish within budget (re-timed once for GC). */
function safely<T>(fn: () => T): T | ParseError {
  const run = (): [T | ParseError, number] => {
    const t0 = performance.now();
    let out: T | ParseError;
    try {
      out = fn();
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      expect(typeof e.code).toBe('string');
      expect(e.message.length).toBeGreaterThan(10);
      out = e;
    }
    return [out, performance.now() - t0];
  };
  // A hang is slow every time; a busy machine (other processes, GC) only now and then: the best
  // of three runs is what counts.
  let [out, ms] = run();
  for (let i = 0; i < 2 && ms > BUDGET_MS; i++) [out, ms] = run();
  expect(ms).toBeLessThan(BUDGET_MS);
  return out;
}

const SEED_URIS = [
  'xmpp:romeo@montague.net?message;subject=Test%20Message;body=Here%27s%20a%20test%20message',
  'xmpp:darkcave@macbeth.shakespeare.lit?join;password=cauldronburn',
  'xmpp:romeo@montague.net?roster;name=Romeo%20Montague;group=Friends;preauth=x+y',
  'xmpp:coven@chat.shakespeare.lit?invite;jid=hecate@shakespeare.lit;jid=a@b;password=cauldronburn',
  'xmpp:marlowe.shakespeare.lit?register;preauth=abc;ibr=y',
  'xmpp://guest@example.com/support@example.com?message;type=chat;thread=t1',
  'xmpp:ji%C5%99i@%C4%8Dechy.example/v%20Praze',
  'xmpp:nasty!%23$%25()*+,-.;=%3F%5B%5C%5D%5E_%60%7B%7C%7D~node@example.com?unsubscribe#frag',
];
const SEED_FILES = [
  "<?xml version='1.0' encoding='UTF-8'?>\n<jabber>\n  <message jid='stpeter@jabber.org'/>\n</jabber>\n",
  "\ufeff<jabber xmlns='http://jabber.org/protocol/mimetype'><!-- c --><groupchat jid='jdev@conference.jabber.org'></groupchat></jabber>",
  '<jabber><register jid="Ann@B.example/R&amp;&#x52;"/></jabber>',
];

/** Characters that matter to either grammar, plus some that must never matter. */
const SPICY = fc.constantFrom(
  ...'<>&;=%#?/@+"\'![]-:.\\ \t\n\r\u0000\u0085\u00e9\u202e\ud800\ufeff\uffff'.split(''),
  '%C3%28', '%FF', '%E2%82', '%00', '&amp;', '&foo;', '&#0;', '<!--', '-->', '<![CDATA[', '<!DOCTYPE', '<!ENTITY', '<?xml', '?>',
  '<a>', '</a>', '/>', 'jid=', '?message', ';type=chat', 'xmpp:', 'xmpp://', '€', '😀',
);

type Edit = { at: number; del: number; insert: string };
const EDIT: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  del: fc.nat({ max: 8 }),
  insert: fc.oneof(fc.string({ maxLength: 6 }), SPICY, fc.array(SPICY, { maxLength: 4 }).map((a) => a.join(''))),
});

function mutate(seed: string, edits: Edit[]): string {
  let s = seed;
  for (const { at, del, insert } of edits) {
    const i = s.length === 0 ? 0 : at % (s.length + 1);
    s = s.slice(0, i) + insert + s.slice(i + del);
  }
  return s;
}

/** Anything a parser accepted must be plain JSON and survive format → parse unchanged. */
function checkAccepted(a: Action): void {
  expectPlainJson(a);
  const uri = formatXmppUri(a);
  expect(parseXmppUri(uri)).toStrictEqual(a);
}

describe('fuzz: parsers never throw anything but ParseError, and stay fast', { timeout: 120_000 }, () => {
  it('parseXmppUri on random strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => `xmpp:${s}`)), (s) => {
        const out = safely(() => parseXmppUri(s));
        if (!(out instanceof ParseError)) checkAccepted(out);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseXmppUri on mutations of valid URIs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEED_URIS), fc.array(EDIT, { minLength: 1, maxLength: 5 }), (seed, edits) => {
        const out = safely(() => parseXmppUri(mutate(seed, edits)));
        if (!(out instanceof ParseError)) checkAccepted(out);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseJabberFile on random strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.array(SPICY, { maxLength: 40 }).map((a) => a.join(''))), (s) => {
        const out = safely(() => parseJabberFile(s));
        if (!(out instanceof ParseError)) checkAccepted(out);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseJabberFile on mutations of valid files', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEED_FILES), fc.array(EDIT, { minLength: 1, maxLength: 5 }), (seed, edits) => {
        const out = safely(() => parseJabberFile(mutate(seed, edits)));
        if (!(out instanceof ParseError)) checkAccepted(out);
      }),
      { numRuns: RUNS },
    );
  });

  it('both parsers on large hostile repetitions', () => {
    const units = ['<a>', '&', '<!--', '<!-- -- ', ' ', 'a="', '%', '%C3', ';', '?', '@', '/', '<jabber ', 'x="1" ', '\u00e9'];
    fc.assert(
      fc.property(fc.constantFrom(...units), fc.integer({ min: 1000, max: 70_000 }), fc.constantFrom('', '<jabber>', 'xmpp:a@b?message;body='), (unit, n, prefix) => {
        const s = prefix + unit.repeat(Math.ceil(n / unit.length));
        safely(() => parseJabberFile(s));
        safely(() => parseXmppUri(s));
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Generated valid Actions

const localChar = fc.oneof(
  fc.constantFrom(...'abcxyz0189!#$%()*+,-.;=?[\\]^_`{|}~ABCZ'.split('')),
  fc.constantFrom('é', 'ř', 'ß', 'ж', 'λ', '中', 'ا', 'ü', '\u0301'),
);
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9_-]{0,10}[a-z0-9])?$/);
const domain = fc.oneof(
  fc.array(fc.oneof(label, fc.constantFrom('čechy', 'bücher', 'пример', '例え')), { minLength: 1, maxLength: 4 }).map((l) => l.join('.')),
  fc.constantFrom('[2001:db8::1]', '192.0.2.1', 'EXAMPLE.COM.'),
);
const resource = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
const rawJid = fc
  .tuple(fc.option(fc.array(localChar, { minLength: 1, maxLength: 12 }).map((a) => a.join('')), { nil: undefined }), domain, fc.option(resource, { nil: undefined }))
  .map(([l, d, r]) => `${l !== undefined ? `${l}@` : ''}${d}${r !== undefined ? `/${r}` : ''}`);
/** Normalised JIDs only: an Action from the parsers never holds anything else. */
const jid = rawJid.filter((s) => {
  try {
    normalizeJid(s);
    return true;
  } catch {
    return false;
  }
}).map(normalizeJid);
const text = fc
  .oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.array(fc.constantFrom(...Array.from('+;&#%= \n\t?/@€😀'), 'a b', '%20', '+'), { maxLength: 10 }).map((a) => a.join('')))
  .filter((s) => !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(s));
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const bareAccount = jid.map((j) => {
  const { local, domain: d } = parseJid(j);
  return `${local !== undefined ? `${local}@` : ''}${d}`;
});

const action: fc.Arbitrary<Action> = fc
  .tuple(
    jid,
    opt(bareAccount),
    fc.oneof(
      fc.record({ kind: fc.constantFrom('message', 'chat'), subject: opt(text), body: opt(text), thread: opt(text) }),
      fc.record({ kind: fc.constant('roster'), name: opt(text), group: opt(text), preauth: opt(text), ibr: opt(text) }),
      fc.record({ kind: fc.constant('join'), password: opt(text) }),
      fc.record({ kind: fc.constant('invite'), invitees: fc.array(jid, { minLength: 1, maxLength: 3 }), password: opt(text) }),
      fc.record({ kind: fc.constant('register'), preauth: opt(text), ibr: opt(text) }),
      fc.record({ kind: fc.constantFrom('subscribe', 'unsubscribe', 'remove', 'unregister', 'open') }),
    ),
  )
  .map(([j, account, fields]) => strip({ ...fields, jid: j, account }) as unknown as Action);

describe('fuzz: round trips', { timeout: 120_000 }, () => {
  it('normalizeJid is idempotent', () => {
    fc.assert(
      fc.property(jid, (j) => {
        expect(normalizeJid(j)).toBe(j);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseXmppUri(formatXmppUri(a)) deep-equals every generated valid Action', () => {
    fc.assert(
      fc.property(action, (a) => {
        const uri = formatXmppUri(a);
        expect(uri).toMatch(/^xmpp:[\x21-\x7e]*$/);
        const back = parseXmppUri(uri);
        expect(back).toStrictEqual(a);
        expectPlainJson(back);
        expect(formatXmppUri(back)).toBe(uri);
      }),
      { numRuns: RUNS },
    );
  });
});
