/**
 * SCRAM-SHA-1 (RFC 5802), SCRAM-SHA-256 (RFC 7677) and SCRAM-SHA-512 (same construction with
 * SHA-512, as ejabberd and others offer it) on WebCrypto, no dependencies.
 *
 * Two ways to log in:
 * - with the password: PBKDF2 → SaltedPassword → ClientKey / ServerKey (kept by the caller so
 *   that no plaintext password has to be stored);
 * - with stored ClientKey / ServerKey: RFC 5802 §3 needs only those two for the proof and the
 *   server signature, as long as the server still uses the same salt and iteration count.
 *   When it does not, `ScramError('salt-changed')`.
 *
 * No channel binding: a browser cannot read TLS channel-binding data, so the GS2 header is
 * always "n,,".
 */

export type ScramMechanism = 'SCRAM-SHA-512' | 'SCRAM-SHA-256' | 'SCRAM-SHA-1';
type Hash = 'SHA-512' | 'SHA-256' | 'SHA-1';

/** The WebCrypto hash is the mechanism name without "SCRAM-"; its output size in bits follows. */
const hashOf = (m: ScramMechanism) => m.slice(6) as Hash;
const bitsOf = (h: Hash) => (h === 'SHA-1' ? 160 : Number(h.slice(4)));

/**
 * RFC 5802 §5.1 and RFC 7677 §4 ask for at least 4096 iterations. A lower count would let a
 * rogue or downgraded server obtain a proof that is cheap to brute-force, so it is refused.
 * The upper cap keeps a hostile server from freezing the window in PBKDF2 (Prosody uses
 * 10,000; 1,000,000 takes around a second of CPU).
 */
export const MIN_ITERATIONS = 4096;
export const MAX_ITERATIONS = 1_000_000;

export type ScramErrorCode =
  | 'bad-server-first' // malformed server-first-message (or a mandatory extension)
  | 'nonce-mismatch' // the server nonce does not extend ours
  | 'bad-iterations' // i below MIN_ITERATIONS or above MAX_ITERATIONS
  | 'bad-server-final' // malformed server-final-message
  | 'server-error' // server-final carried e=...
  | 'bad-signature' // v= does not match: the server does not know our keys (or is not the server)
  | 'salt-changed'; // stored keys belong to another salt / iteration count

/** The message is a details line under the code: it says what, briefly (the code is the category). */
export class ScramError extends Error {
  override readonly name = 'ScramError';
  constructor(
    readonly code: ScramErrorCode,
    message: string = code,
  ) {
    super(message);
  }
}

/** Keys derived from a password; enough to log in again without it. */
export interface ScramKeys {
  clientKey: Uint8Array;
  serverKey: Uint8Array;
  salt: Uint8Array;
  iterations: number;
}

export interface ServerFirst {
  message: string;
  nonce: string;
  salt: Uint8Array;
  iterations: number;
}

type Bytes = Uint8Array<ArrayBuffer>;
const subtle = () => globalThis.crypto.subtle;
const utf8 = (s: string): Bytes => new TextEncoder().encode(s) as Bytes;
const own = (b: Uint8Array): Bytes => new Uint8Array(b) as Bytes;

// --- base64 (atob/btoa exist in browsers and Node ≥ 16) ----------------------------------

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Strict base64: returns undefined for anything that is not canonical padded base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!B64.test(text)) return undefined;
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

// --- primitives -----------------------------------------------------------------------------

async function hmac(hash: Hash, key: Uint8Array, data: Uint8Array): Promise<Bytes> {
  const k = await subtle().importKey('raw', own(key), { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', k, own(data))) as Bytes;
}

async function digest(hash: Hash, data: Uint8Array): Promise<Bytes> {
  return new Uint8Array(await subtle().digest(hash, own(data))) as Bytes;
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

/** Compares without an early exit, so timing does not reveal how much of a signature matched. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * SASLprep (RFC 4013), approximated: non-ASCII spaces map to U+0020, "commonly mapped to
 * nothing" characters are dropped, then NFKC. Prosody and ejabberd prepare stored passwords
 * the same way, so for every password a person can type the result is identical; the
 * prohibited-character and bidi checks are left to the server.
 */
export function saslprep(s: string): string {
  return s
    .replace(/[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u00AD\u034F\u1806\u180B-\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g, '')
    .normalize('NFKC');
}

/** RFC 5802 §5.1: in `n=` a ',' becomes '=2C' and '=' becomes '=3D'. */
function escapeUsername(name: string): string {
  return saslprep(name).replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/** 18 random bytes as base64: printable, never ',' (RFC 5802 `nonce`). */
export function makeNonce(): string {
  return toBase64(globalThis.crypto.getRandomValues(new Uint8Array(18)));
}

// --- the steps ------------------------------------------------------------------------------

/** SaltedPassword := Hi(Normalize(password), salt, i); ClientKey and ServerKey from it. */
export async function deriveKeys(
  mechanism: ScramMechanism,
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<ScramKeys> {
  const hash = hashOf(mechanism);
  const base = await subtle().importKey('raw', utf8(saslprep(password)), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const salted = new Uint8Array(
    await subtle().deriveBits({ name: 'PBKDF2', hash, salt: own(salt), iterations }, base, bitsOf(hash)),
  );
  const [clientKey, serverKey] = await Promise.all([
    hmac(hash, salted, utf8('Client Key')),
    hmac(hash, salted, utf8('Server Key')),
  ]);
  return { clientKey, serverKey, salt: own(salt), iterations };
}

/** client-first-message-bare: `n=<user>,r=<nonce>` (the GS2 header "n,," goes in front). */
export function clientFirstBare(username: string, nonce: string): string {
  return `n=${escapeUsername(username)},r=${nonce}`;
}

export const GS2_HEADER = 'n,,';

export function parseServerFirst(message: string, clientNonce: string): ServerFirst {
  const bad = (why: string) => new ScramError('bad-server-first', why);
  if (message.startsWith('m=')) throw bad('m=');
  const parts = message.split(',');
  const [r, s, i] = parts;
  if (!r?.startsWith('r=') || !s?.startsWith('s=') || !i?.startsWith('i=')) {
    throw bad('no r=, s=, i=');
  }
  const nonce = r.slice(2);
  // RFC 5802: the server appends its own part; an equal nonce means the server added nothing.
  if (!nonce.startsWith(clientNonce) || nonce.length === clientNonce.length) {
    throw new ScramError('nonce-mismatch');
  }
  const salt = fromBase64(s.slice(2));
  if (!salt || salt.length === 0) throw bad('s=');
  if (!/^[1-9][0-9]{0,9}$/.test(i.slice(2))) throw bad('i=');
  const iterations = Number(i.slice(2));
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new ScramError('bad-iterations', `i=${iterations}`);
  }
  return { message, nonce, salt, iterations };
}

/**
 * The `s=` and `i=` of a server-first-message, without checking the nonce: enough to compare
 * two answers to the same user. Undefined if either is missing.
 */
export function saltOf(serverFirst: string): { salt: string; iterations: string } | undefined {
  const attr = (k: string) => serverFirst.split(',').find((p) => p.startsWith(`${k}=`))?.slice(2);
  const salt = attr('s');
  const iterations = attr('i');
  return salt && iterations ? { salt, iterations } : undefined;
}

/**
 * True when two server-first-messages for the same user name different salts or iteration
 * counts. A server that stores SCRAM hashes answers with the same salt every time; one that
 * keeps the plain password (ejabberd with `auth_password_format: plain`, measured) makes up a
 * new salt per sign-in, so keys derived once never fit again. A message that cannot be read
 * counts as changed: the caller must not trust keys it cannot compare.
 */
export function saltChanged(first: string, second: string): boolean {
  const a = saltOf(first);
  const b = saltOf(second);
  if (!a || !b) return true;
  const sa = fromBase64(a.salt);
  const sb = fromBase64(b.salt);
  return !sa || !sb || !equalBytes(sa, sb) || Number(a.iterations) !== Number(b.iterations);
}

export interface ClientFinal {
  /** client-final-message, to send. */
  message: string;
  /** What `v=` must carry. */
  serverSignature: Uint8Array;
}

/**
 * client-final-message from the keys (no password needed): RFC 5802 §3.
 *   StoredKey := H(ClientKey); AuthMessage := client-first-bare + "," + server-first + "," +
 *   client-final-without-proof; ClientProof := ClientKey XOR HMAC(StoredKey, AuthMessage);
 *   ServerSignature := HMAC(ServerKey, AuthMessage)
 */
export async function clientFinal(
  mechanism: ScramMechanism,
  keys: Pick<ScramKeys, 'clientKey' | 'serverKey'>,
  firstBare: string,
  serverFirst: ServerFirst,
): Promise<ClientFinal> {
  const hash = hashOf(mechanism);
  const withoutProof = `c=${btoa(GS2_HEADER)},r=${serverFirst.nonce}`;
  const authMessage = utf8(`${firstBare},${serverFirst.message},${withoutProof}`);
  const storedKey = await digest(hash, keys.clientKey);
  const [clientSignature, serverSignature] = await Promise.all([
    hmac(hash, storedKey, authMessage),
    hmac(hash, keys.serverKey, authMessage),
  ]);
  const proof = xor(keys.clientKey, clientSignature);
  return { message: `${withoutProof},p=${toBase64(proof)}`, serverSignature };
}

/** Checks server-final-message (`v=` or `e=`); throws ScramError unless the signature matches. */
export function verifyServerFinal(message: string, expected: Uint8Array): void {
  if (message.startsWith('e=')) {
    const reason = message.slice(2).split(',')[0] ?? '';
    throw new ScramError('server-error', `e=${reason}`);
  }
  // Not v=, or v= not base64.
  const sig = message.startsWith('v=') && fromBase64(message.slice(2).split(',')[0] ?? '');
  if (!sig) throw new ScramError('bad-server-final');
  if (!equalBytes(sig, expected)) throw new ScramError('bad-signature');
}

export type ScramSecret =
  | { password: string }
  | { keys: ScramKeys };

/**
 * One SCRAM exchange, step by step:
 *   const c = new ScramClient('SCRAM-SHA-1', 'user', { password });
 *   send(c.first()); send(await c.final(serverFirst)); c.verify(serverFinal); save(c.keys)
 */
export class ScramClient {
  readonly nonce: string;
  #firstBare: string;
  readonly #secret: ScramSecret;
  #serverSignature: Uint8Array | undefined;
  /** The keys used (derived or given); set once `final()` has run. */
  keys: ScramKeys | undefined;
  /** The server-first-message `final()` answered (salt detection compares two of them). */
  serverFirst: string | undefined;

  constructor(
    readonly mechanism: ScramMechanism,
    username: string,
    secret: ScramSecret,
    nonce: string = makeNonce(),
  ) {
    this.#secret = secret;
    this.nonce = nonce;
    this.#firstBare = clientFirstBare(username, nonce);
  }

  /** client-first-message, GS2 header included. */
  first(): string {
    return GS2_HEADER + this.#firstBare;
  }

  async final(serverFirstMessage: string): Promise<string> {
    const sf = parseServerFirst(serverFirstMessage, this.nonce);
    this.serverFirst = serverFirstMessage;
    let keys: ScramKeys;
    if ('password' in this.#secret) {
      keys = await deriveKeys(this.mechanism, this.#secret.password, sf.salt, sf.iterations);
    } else {
      keys = this.#secret.keys;
      if (keys.iterations !== sf.iterations || !equalBytes(keys.salt, sf.salt)) {
        throw new ScramError('salt-changed');
      }
    }
    const cf = await clientFinal(this.mechanism, keys, this.#firstBare, sf);
    this.keys = keys;
    this.#serverSignature = cf.serverSignature;
    return cf.message;
  }

  verify(serverFinalMessage: string): void {
    if (!this.#serverSignature) {
      throw new ScramError('bad-server-final', 'before client-final');
    }
    verifyServerFinal(serverFinalMessage, this.#serverSignature);
  }
}
