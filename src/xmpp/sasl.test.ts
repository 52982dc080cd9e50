import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { SessionError } from './errors.ts';
import { NS_SASL, type SaslEntity, SaslFailure, type Secret, authenticate, chooseMechanism, toSessionError } from './sasl.ts';
import { ScramError } from './scram.ts';
import { isSecureEndpoint } from './session.ts';

const pw: Secret = { kind: 'password', password: 'x' };
const keys: Secret = { kind: 'scram-keys', mechanism: 'SCRAM-SHA-1', clientKey: '', serverKey: '', salt: '', iterations: 4096 };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SessionError);
    return (e as SessionError).code;
  }
  return undefined;
}

describe('mechanism choice', () => {
  it('prefers SCRAM-SHA-512, then SCRAM-SHA-256, then SCRAM-SHA-1, then PLAIN', () => {
    expect(chooseMechanism(['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-512', 'SCRAM-SHA-256'], pw, true)).toBe('SCRAM-SHA-512');
    expect(chooseMechanism(['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256'], pw, true)).toBe('SCRAM-SHA-256');
    expect(chooseMechanism(['PLAIN', 'SCRAM-SHA-1'], pw, false)).toBe('SCRAM-SHA-1');
    expect(chooseMechanism(['PLAIN'], pw, true)).toBe('PLAIN');
  });
  it('refuses PLAIN over an insecure transport', () => {
    expect(codeOf(() => chooseMechanism(['PLAIN'], pw, false))).toBe('insecure-plain');
  });
  it('uses stored keys only with their own mechanism', () => {
    expect(chooseMechanism(['SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1'], keys, false)).toBe('SCRAM-SHA-1');
  });
  it('never falls back from stored keys: no PLAIN, no other mechanism, no password prompt', () => {
    expect(codeOf(() => chooseMechanism(['PLAIN'], keys, true))).toBe('server-unproven');
    expect(codeOf(() => chooseMechanism(['SCRAM-SHA-256', 'PLAIN'], keys, true))).toBe('server-unproven');
    expect(codeOf(() => chooseMechanism([], keys, true))).toBe('server-unproven');
  });
  it('never sends a typed password as PLAIN for an account pinned to SCRAM', () => {
    expect(codeOf(() => chooseMechanism(['PLAIN'], pw, true, true))).toBe('server-unproven');
    expect(chooseMechanism(['PLAIN', 'SCRAM-SHA-256'], pw, true, true)).toBe('SCRAM-SHA-256');
  });
  it('refuses a server with no known mechanism', () => {
    expect(codeOf(() => chooseMechanism(['EXTERNAL'], pw, true))).toBe('refused');
  });
});

describe('what a failed exchange means (toSessionError)', () => {
  const code = (err: unknown, fromKeys: boolean) => (toSessionError(err, fromKeys) as SessionError).code;
  it('a wrong or missing server signature: the server is unproven, with keys or a password', () => {
    for (const fromKeys of [true, false]) {
      expect(code(new ScramError('bad-signature', 'x'), fromKeys)).toBe('server-unproven');
      expect(code(new ScramError('bad-server-final', 'x'), fromKeys)).toBe('server-unproven');
      expect(code(new ScramError('nonce-mismatch', 'x'), fromKeys)).toBe('server-unproven');
      expect(code(new ScramError('bad-iterations', 'x'), fromKeys)).toBe('server-unproven');
    }
  });
  it('a new salt for stored keys: the server keys changed (no prompt)', () => {
    expect(code(new ScramError('salt-changed', 'x'), true)).toBe('server-keys-changed');
  });
  it('stored keys refused: keys-rejected (explained); a password refused: auth-failed', () => {
    expect(code(new SaslFailure('not-authorized', ''), true)).toBe('keys-rejected');
    expect(code(new SaslFailure('credentials-expired', ''), true)).toBe('keys-rejected');
    expect(code(new ScramError('server-error', 'e=invalid-proof'), true)).toBe('keys-rejected');
    expect(code(new SaslFailure('not-authorized', ''), false)).toBe('auth-failed');
    expect(code(new ScramError('server-error', 'e=invalid-proof'), false)).toBe('auth-failed');
  });
  it('other SASL conditions with keys end without asking for a password', () => {
    expect(code(new SaslFailure('account-disabled', ''), true)).toBe('refused');
    expect(code(new SaslFailure('temporary-auth-failure', ''), true)).toBe('refused');
  });
});

describe('secure endpoints for PLAIN', () => {
  it('accepts wss: anywhere and ws: only on local hosts', () => {
    expect(isSecureEndpoint('wss://example.org/ws')).toBe(true);
    expect(isSecureEndpoint('ws://localhost:5280/ws')).toBe(true);
    expect(isSecureEndpoint('ws://127.0.0.1:5280/ws')).toBe(true);
    expect(isSecureEndpoint('ws://chat.localhost/ws')).toBe(true);
    expect(isSecureEndpoint('ws://chat.test/ws')).toBe(false);
    expect(isSecureEndpoint('ws://example.org/ws')).toBe(false);
    expect(isSecureEndpoint('nonsense')).toBe(false);
  });
  it('does not take a look-alike of a local name or address for a local host', () => {
    expect(isSecureEndpoint('ws://[::1]:5280/ws')).toBe(true);
    expect(isSecureEndpoint('ws://localhost.example.org/ws')).toBe(false);
    expect(isSecureEndpoint('ws://127.0.0.1.example.org/ws')).toBe(false);
    expect(isSecureEndpoint('ws://user@example.org/ws')).toBe(false);
    expect(isSecureEndpoint('ws://10.0.0.1:5280/ws')).toBe(false);
    expect(isSecureEndpoint('http://localhost:5280/ws')).toBe(false);
  });
  it('never sends a PLAIN password to a PLAIN-only server over ws: to a non-local host', async () => {
    const server = fakeServer({ offer: ['PLAIN'] });
    const attempt = authenticate(server.entity, ['PLAIN'], {
      username: 'juliet',
      secret: { kind: 'password', password: 'r0m30' },
      secure: isSecureEndpoint('ws://xmpp.example.org:5280/xmpp-websocket'),
    });
    await expect(attempt).rejects.toMatchObject({ code: 'insecure-plain' });
    expect(server.sent).toEqual([]);
  });
});

// --- a scripted SCRAM server, computed with Node's crypto (the reference for WebCrypto) ---------

type Algo = 'sha1' | 'sha256' | 'sha512';
const ALGO: Record<string, Algo> = { 'SCRAM-SHA-1': 'sha1', 'SCRAM-SHA-256': 'sha256', 'SCRAM-SHA-512': 'sha512' };
const LEN: Record<Algo, number> = { sha1: 20, sha256: 32, sha512: 64 };

interface ServerScript {
  offer: string[];
  password?: string;
  salt?: Buffer;
  iterations?: number;
  /** Answer the client-final with <failure> of this condition. */
  fail?: string;
  /** What goes into <success/>: the right v=, a wrong one, or nothing. */
  signature?: 'right' | 'wrong' | 'missing';
}

/** Plays the server side of one SASL exchange against `authenticate`, recording what it got. */
function fakeServer(script: ServerScript) {
  const sent: Element[] = [];
  const listeners = new Set<(el: Element) => void>();
  const reply = (el: Element) => queueMicrotask(() => {
      for (const fn of listeners) fn(el);
    });
  const salt = script.salt ?? Buffer.from('QSXCR+Q6sek8bf92', 'base64');
  const iterations = script.iterations ?? 4096;
  let mechanism = '';
  let firstBare = '';
  let serverFirst = '';
  const entity: SaslEntity = {
    async send(el) {
      sent.push(el);
      const data = Buffer.from(el.text(), 'base64').toString();
      if (el.name === 'auth') {
        mechanism = el.attrs.mechanism;
        if (mechanism === 'PLAIN') return reply(xml('success', { xmlns: NS_SASL }));
        firstBare = data.slice(3);
        const nonce = /r=([^,]*)/.exec(firstBare)![1];
        serverFirst = `r=${nonce}srv${randomBytes(6).toString('hex')},s=${salt.toString('base64')},i=${iterations}`;
        return reply(xml('challenge', { xmlns: NS_SASL }, Buffer.from(serverFirst).toString('base64')));
      }
      if (el.name === 'response') {
        if (script.fail) return reply(xml('failure', { xmlns: NS_SASL }, xml(script.fail)));
        const algo = ALGO[mechanism]!;
        const salted = pbkdf2Sync(script.password ?? 'pencil', salt, iterations, LEN[algo], algo);
        const clientKey = createHmac(algo, salted).update('Client Key').digest();
        const serverKey = createHmac(algo, salted).update('Server Key').digest();
        const withoutProof = data.slice(0, data.indexOf(',p='));
        const auth = `${firstBare},${serverFirst},${withoutProof}`;
        const storedKey = createHash(algo).update(clientKey).digest();
        const signature = createHmac(algo, storedKey).update(auth).digest();
        const proof = Buffer.from(data.slice(data.indexOf(',p=') + 3), 'base64');
        const recovered = Buffer.from(proof.map((b, i) => b ^ signature[i]!));
        if (createHash(algo).update(recovered).digest().compare(storedKey) !== 0) {
          return reply(xml('failure', { xmlns: NS_SASL }, xml('not-authorized')));
        }
        const v = createHmac(algo, serverKey).update(auth).digest();
        if (script.signature === 'wrong') v[0]! ^= 1;
        const final = script.signature === 'missing' ? [] : [Buffer.from(`v=${v.toString('base64')}`).toString('base64')];
        return reply(xml('success', { xmlns: NS_SASL }, ...final));
      }
    },
    on: (_event, fn) => listeners.add(fn),
    removeListener: (_event, fn) => listeners.delete(fn),
  };
  const names = () => sent.map((el) => `${el.name}${el.attrs.mechanism ? `:${el.attrs.mechanism}` : ''}`);
  return { entity, sent, names };
}

const signIn = (server: ReturnType<typeof fakeServer>, offered: string[], secret: Secret, opts: { scramOnly?: boolean } = {}) =>
  authenticate(server.entity, offered, { username: 'user', secret, secure: true, ...opts });

async function failure(p: Promise<unknown>): Promise<SessionError> {
  const err = await p.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SessionError);
  return err as SessionError;
}

/** Keys as a first sign-in with the password stores them. */
async function storedKeys(mechanism: string, script: Partial<ServerScript> = {}) {
  const server = fakeServer({ offer: [mechanism], ...script });
  const outcome = await signIn(server, [mechanism], { kind: 'password', password: 'pencil' });
  expect(outcome.derived).toBeDefined();
  return outcome.derived!;
}

describe('SCRAM sign-in against a server computed with Node crypto', () => {
  it.each(['SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1'])('%s: signs in with the password, then with the derived keys alone', async (m) => {
    const derived = await storedKeys(m);
    expect(derived.mechanism).toBe(m);
    const server = fakeServer({ offer: [m, 'PLAIN'] });
    const outcome = await signIn(server, [m, 'PLAIN'], derived);
    expect(outcome.mechanism).toBe(m);
    expect(outcome.derived).toBeUndefined(); // nothing new to store
    expect(outcome.serverFirst).toMatch(/^r=.*,s=QSXCR\+Q6sek8bf92,i=4096$/);
    expect(server.names()).toEqual([`auth:${m}`, 'response']);
  });

  it('with stored keys, a server offering only PLAIN gets nothing at all', async () => {
    const derived = await storedKeys('SCRAM-SHA-256');
    const server = fakeServer({ offer: ['PLAIN'] });
    const err = await failure(signIn(server, ['PLAIN'], derived));
    expect(err.code).toBe('server-unproven');
    expect(server.sent).toEqual([]);
  });

  it('with stored keys, a wrong server signature is server-unproven, never a password prompt', async () => {
    const derived = await storedKeys('SCRAM-SHA-256');
    const err = await failure(signIn(fakeServer({ offer: ['SCRAM-SHA-256'], signature: 'wrong' }), ['SCRAM-SHA-256'], derived));
    expect(err.code).toBe('server-unproven');
    expect(err.detail).toBe('bad-signature');
  });

  it('with stored keys, a <success/> without v= is server-unproven', async () => {
    const derived = await storedKeys('SCRAM-SHA-1');
    const err = await failure(signIn(fakeServer({ offer: ['SCRAM-SHA-1'], signature: 'missing' }), ['SCRAM-SHA-1'], derived));
    expect(err.code).toBe('server-unproven');
  });

  it('with a password, a wrong server signature is server-unproven too, and no keys come out', async () => {
    const err = await failure(
      signIn(fakeServer({ offer: ['SCRAM-SHA-512'], signature: 'wrong' }), ['SCRAM-SHA-512'], { kind: 'password', password: 'pencil' }),
    );
    expect(err.code).toBe('server-unproven');
  });

  it('with stored keys, a new salt ends before any proof is sent (server-keys-changed)', async () => {
    const derived = await storedKeys('SCRAM-SHA-256');
    const server = fakeServer({ offer: ['SCRAM-SHA-256'], salt: randomBytes(16) });
    const err = await failure(signIn(server, ['SCRAM-SHA-256'], derived));
    expect(err.code).toBe('server-keys-changed');
    expect(server.names()).toEqual(['auth:SCRAM-SHA-256']);
  });

  it('with stored keys, a new iteration count is server-keys-changed as well', async () => {
    const derived = await storedKeys('SCRAM-SHA-1');
    const err = await failure(signIn(fakeServer({ offer: ['SCRAM-SHA-1'], iterations: 10000 }), ['SCRAM-SHA-1'], derived));
    expect(err.code).toBe('server-keys-changed');
  });

  it('stored keys refused with not-authorized: keys-rejected; a wrong password: auth-failed', async () => {
    const derived = await storedKeys('SCRAM-SHA-256');
    const changed = fakeServer({ offer: ['SCRAM-SHA-256'], password: 'a new password' });
    expect((await failure(signIn(changed, ['SCRAM-SHA-256'], derived))).code).toBe('keys-rejected');
    const wrong = fakeServer({ offer: ['SCRAM-SHA-256'] });
    expect((await failure(signIn(wrong, ['SCRAM-SHA-256'], { kind: 'password', password: 'nope' }))).code).toBe('auth-failed');
  });

  it('pinned to SCRAM, a typed password never goes out as PLAIN', async () => {
    const server = fakeServer({ offer: ['PLAIN'] });
    const err = await failure(signIn(server, ['PLAIN'], { kind: 'password', password: 'pencil' }, { scramOnly: true }));
    expect(err.code).toBe('server-unproven');
    expect(server.sent).toEqual([]);
  });
});
