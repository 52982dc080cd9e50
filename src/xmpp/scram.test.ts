import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MIN_ITERATIONS,
  ScramClient,
  ScramError,
  deriveKeys,
  fromBase64,
  parseServerFirst,
  saltChanged,
  toBase64,
} from './scram.ts';

// RFC 5802 §5: user "user", password "pencil", SCRAM-SHA-1.
const SHA1 = {
  nonce: 'fyko+d2lbbFgONRv9qkxdawL',
  clientFirst: 'n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL',
  serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
  clientFinal:
    'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
  serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
};

// RFC 7677 §3: the same user and password, SCRAM-SHA-256.
const SHA256 = {
  nonce: 'rOprNGfwEbeRWgbNEkqO',
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverFirst:
    'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal:
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

async function rejects(p: Promise<unknown> | (() => unknown), code: string) {
  const err = await Promise.resolve()
    .then(typeof p === 'function' ? p : () => p)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(ScramError);
  expect((err as ScramError).code).toBe(code);
}

describe.each([
  ['SCRAM-SHA-1', SHA1],
  ['SCRAM-SHA-256', SHA256],
] as const)('%s RFC test vector', (mechanism, v) => {
  it('runs the full exchange with the password', async () => {
    const c = new ScramClient(mechanism, 'user', { password: 'pencil' }, v.nonce);
    expect(c.first()).toBe(v.clientFirst);
    expect(await c.final(v.serverFirst)).toBe(v.clientFinal);
    expect(() => c.verify(v.serverFinal)).not.toThrow();
    expect(c.keys?.iterations).toBe(4096);
  });

  it('logs in from stored keys with the same proof as from the password', async () => {
    const sf = parseServerFirst(v.serverFirst, v.nonce);
    const keys = await deriveKeys(mechanism, 'pencil', sf.salt, sf.iterations);
    // What a caller would store: base64 strings, then read back.
    const stored = {
      clientKey: fromBase64(toBase64(keys.clientKey))!,
      serverKey: fromBase64(toBase64(keys.serverKey))!,
      salt: fromBase64(toBase64(keys.salt))!,
      iterations: keys.iterations,
    };
    const c = new ScramClient(mechanism, 'user', { keys: stored }, v.nonce);
    expect(await c.final(v.serverFirst)).toBe(v.clientFinal);
    expect(() => c.verify(v.serverFinal)).not.toThrow();
  });

  it('rejects a server signature that does not match', async () => {
    const c = new ScramClient(mechanism, 'user', { password: 'pencil' }, v.nonce);
    await c.final(v.serverFirst);
    const sig = fromBase64(v.serverFinal.slice(2))!;
    sig[0] = (sig[0] ?? 0) ^ 1;
    await rejects(() => c.verify(`v=${toBase64(sig)}`), 'bad-signature');
    await rejects(() => c.verify('v=not base64!'), 'bad-server-final');
    await rejects(() => c.verify(''), 'bad-server-final');
  });

  it('gives a wrong password a different proof', async () => {
    const c = new ScramClient(mechanism, 'user', { password: 'pencil2' }, v.nonce);
    expect(await c.final(v.serverFirst)).not.toBe(v.clientFinal);
  });

  it('rejects a server nonce that does not extend ours', async () => {
    const c = new ScramClient(mechanism, 'user', { password: 'pencil' }, v.nonce);
    await rejects(c.final(v.serverFirst.replace(`r=${v.nonce}`, 'r=X')), 'nonce-mismatch');
    // The server must add something of its own.
    const bare = v.serverFirst.replace(/^r=[^,]*/, `r=${v.nonce}`);
    await rejects(c.final(bare), 'nonce-mismatch');
  });

  it('refuses stored keys when the server changed salt or iteration count', async () => {
    const sf = parseServerFirst(v.serverFirst, v.nonce);
    const keys = await deriveKeys(mechanism, 'pencil', sf.salt, sf.iterations);
    const moreIterations = v.serverFirst.replace('i=4096', 'i=10000');
    await rejects(
      new ScramClient(mechanism, 'user', { keys }, v.nonce).final(moreIterations),
      'salt-changed',
    );
    const otherSalt = v.serverFirst.replace(/s=[^,]*/, 's=AAAAAAAAAAAAAAAA');
    await rejects(
      new ScramClient(mechanism, 'user', { keys }, v.nonce).final(otherSalt),
      'salt-changed',
    );
  });
});

/**
 * SCRAM-SHA-512 has no RFC test vector: this one is computed with Node's crypto (OpenSSL) as the
 * reference, the RFC 5802 §3 formulas written out, for the RFC's user and password.
 */
function nodeVector(algo: 'sha512', nonce: string, saltB64: string, iterations: number, serverPart: string) {
  const len = 64;
  const clientFirstBare = `n=user,r=${nonce}`;
  const serverFirst = `r=${nonce}${serverPart},s=${saltB64},i=${iterations}`;
  const withoutProof = `c=biws,r=${nonce}${serverPart}`;
  const auth = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const salted = pbkdf2Sync('pencil', Buffer.from(saltB64, 'base64'), iterations, len, algo);
  const clientKey = createHmac(algo, salted).update('Client Key').digest();
  const serverKey = createHmac(algo, salted).update('Server Key').digest();
  const storedKey = createHash(algo).update(clientKey).digest();
  const clientSignature = createHmac(algo, storedKey).update(auth).digest();
  const proof = Buffer.from(clientKey.map((b, i) => b ^ clientSignature[i]!));
  const serverSignature = createHmac(algo, serverKey).update(auth).digest();
  return {
    clientFirst: `n,,${clientFirstBare}`,
    serverFirst,
    clientFinal: `${withoutProof},p=${proof.toString('base64')}`,
    serverFinal: `v=${serverSignature.toString('base64')}`,
    clientKey: clientKey.toString('base64'),
    serverKey: serverKey.toString('base64'),
  };
}

describe('SCRAM-SHA-512 (reference: Node crypto)', () => {
  const nonce = 'rOprNGfwEbeRWgbNEkqO';
  const v = nodeVector('sha512', nonce, 'W22ZaJ0SNY7soEsUEjb6gQ==', 4096, '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0');

  it('runs the full exchange: client-first, proof, server signature', async () => {
    const c = new ScramClient('SCRAM-SHA-512', 'user', { password: 'pencil' }, nonce);
    expect(c.first()).toBe(v.clientFirst);
    expect(await c.final(v.serverFirst)).toBe(v.clientFinal);
    expect(() => c.verify(v.serverFinal)).not.toThrow();
    expect(toBase64(c.keys!.clientKey)).toBe(v.clientKey);
    expect(toBase64(c.keys!.serverKey)).toBe(v.serverKey);
    expect(c.keys!.clientKey).toHaveLength(64);
  });

  it('signs in from the stored keys with the same proof, and rejects a wrong signature', async () => {
    const sf = parseServerFirst(v.serverFirst, nonce);
    const keys = await deriveKeys('SCRAM-SHA-512', 'pencil', sf.salt, sf.iterations);
    const c = new ScramClient('SCRAM-SHA-512', 'user', { keys }, nonce);
    expect(await c.final(v.serverFirst)).toBe(v.clientFinal);
    const sig = fromBase64(v.serverFinal.slice(2))!;
    sig[63] = (sig[63] ?? 0) ^ 0x80;
    await rejects(() => c.verify(`v=${toBase64(sig)}`), 'bad-signature');
    expect(() => c.verify(v.serverFinal)).not.toThrow();
  });

  it('matches Node at another salt and iteration count', async () => {
    const w = nodeVector('sha512', 'abcDEF123', 'c2FsdHNhbHRzYWx0', 10000, 'XYZ');
    const c = new ScramClient('SCRAM-SHA-512', 'user', { password: 'pencil' }, 'abcDEF123');
    expect(await c.final(w.serverFirst)).toBe(w.clientFinal);
    expect(() => c.verify(w.serverFinal)).not.toThrow();
  });
});

describe('salt change detection (saltChanged)', () => {
  const first = 'r=abc123srvA,s=QSXCR+Q6sek8bf92,i=4096';
  it('sees the same salt and count as unchanged, whatever the nonces', () => {
    expect(saltChanged(first, 'r=xyz789srvB,s=QSXCR+Q6sek8bf92,i=4096')).toBe(false);
    expect(saltChanged(first, 'r=xyz789srvB,s=QSXCR+Q6sek8bf92,i=4096,x=ext')).toBe(false);
  });
  it('sees a new salt or a new iteration count as changed (ejabberd with plain passwords)', () => {
    expect(saltChanged(first, 'r=xyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096')).toBe(true);
    expect(saltChanged(first, 'r=xyz,s=QSXCR+Q6sek8bf92,i=10000')).toBe(true);
  });
  it('counts an unreadable answer as changed', () => {
    expect(saltChanged(first, 'r=xyz,i=4096')).toBe(true);
    expect(saltChanged(first, 'r=xyz,s=***,i=4096')).toBe(true);
    expect(saltChanged('', first)).toBe(true);
  });
});

describe('server-first validation', () => {
  const n = 'abc';
  it('accepts a well-formed message and extensions after i=', () => {
    const sf = parseServerFirst('r=abcdef,s=QSXCR+Q6sek8bf92,i=10000,x=y', n);
    expect(sf.iterations).toBe(10000);
    expect(sf.nonce).toBe('abcdef');
  });
  it.each([
    ['m=ext,r=abcdef,s=QSXCR+Q6sek8bf92,i=4096', 'bad-server-first'],
    ['r=abcdef,i=4096,s=QSXCR+Q6sek8bf92', 'bad-server-first'],
    ['r=abcdef,s=not*base64,i=4096', 'bad-server-first'],
    ['r=abcdef,s=,i=4096', 'bad-server-first'],
    ['r=abcdef,s=QSXCR+Q6sek8bf92,i=0', 'bad-server-first'],
    ['r=abcdef,s=QSXCR+Q6sek8bf92,i=4096x', 'bad-server-first'],
    ['r=abcdef,s=QSXCR+Q6sek8bf92,i=-1', 'bad-server-first'],
    [`r=abcdef,s=QSXCR+Q6sek8bf92,i=${MIN_ITERATIONS - 1}`, 'bad-iterations'],
    ['r=abcdef,s=QSXCR+Q6sek8bf92,i=1000001', 'bad-iterations'],
    ['', 'bad-server-first'],
  ])('rejects %j', async (msg, code) => {
    await rejects(() => parseServerFirst(msg, n), code);
  });

  it('reports a server e= as a server error', async () => {
    const c = new ScramClient('SCRAM-SHA-1', 'user', { password: 'pencil' }, SHA1.nonce);
    await c.final(SHA1.serverFirst);
    await rejects(() => c.verify('e=invalid-proof'), 'server-error');
  });
});

describe('client-first', () => {
  it('escapes , and = in the user name', () => {
    const c = new ScramClient('SCRAM-SHA-1', 'a,b=c', { password: 'x' }, 'nonce');
    expect(c.first()).toBe('n,,n=a=2Cb=3Dc,r=nonce');
  });
  it('makes a fresh printable nonce each time', () => {
    const a = new ScramClient('SCRAM-SHA-1', 'u', { password: 'x' });
    const b = new ScramClient('SCRAM-SHA-1', 'u', { password: 'x' });
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.nonce).toMatch(/^[A-Za-z0-9+/=]{24}$/);
  });
});
