/**
 * Creating an account before any sign-in: XEP-0077 on an unauthenticated stream, with an invite's
 * token first when there is one (XEP-0401 easy onboarding, XEP-0445 pre-auth registration).
 *
 *   discovery (XEP-0156) → stream open → features → [`urn:xmpp:ibr-token:0` or legacy
 *   `urn:xmpp:invite` → `<preauth xmlns='urn:xmpp:pars:0' token/>` iq] → register get → set → close
 *
 * The stream ends right after the set: the caller then signs in as usual (openSession), which
 * stores SCRAM keys, never the password. Each attempt is a fresh stream: a token is used up only
 * by a registration that succeeded (Prosody mod_invites_register), so retrying after a taken name
 * sends it again.
 */
import { Client } from '@xmpp/client-core';
import iqCaller from '@xmpp/iq/caller.js';
import middleware from '@xmpp/middleware';
import xml, { type Element } from '@xmpp/xml';
import { NS_PARS } from './roster.ts';
import { type DiscoverOptions, DiscoveryError, discoverWebSocket } from './discovery.ts';
import { websocketTransport } from './early-socket.ts';
import type { FormValues } from './forms.ts';
import { NS_REGISTER, type Registration, buildRegisterQuery, parseRegistration, toRegisterError } from './register.ts';

export { NS_PARS } from './roster.ts';
export const NS_IBR_TOKEN = 'urn:xmpp:ibr-token:0';
/** The namespace Prosody advertised before XEP-0445 had one; still sent beside the new one. */
export const NS_INVITE_LEGACY = 'urn:xmpp:invite';
const NS_STREAM = 'http://etherx.jabber.org/streams';
const NS_IBR_FEATURE = 'http://jabber.org/features/iq-register';

export type CreateErrorCode =
  | 'conflict' // the name is taken
  | 'invalid-token' // the invite is expired, used up, or unknown
  | 'no-invites' // the server does not take invites
  | 'closed' // the server takes no registration without an invite (or none at all)
  | 'needs-web' // the server asks for more than a name and password (a CAPTCHA): its web page must be used
  | 'not-acceptable' // name or password refused (too short, bad characters)
  | 'unreachable' // discovery or connection failed
  | 'timeout'
  | 'failed';

export class CreateAccountError extends Error {
  override readonly name = 'CreateAccountError';
  constructor(
    readonly code: CreateErrorCode,
    message: string,
    /** The raw condition and the server's text, for a details line. */
    readonly detail?: string,
    /** A web page the server named for registering (XEP-0077 §5 redirection). */
    readonly url?: string,
  ) {
    super(message);
  }
}

/** XEP-0401 §4 / XEP-0445 §3: the token goes to the server in an iq set before registering. */
export function preauthIq(token: string): Element {
  return xml('iq', { type: 'set' }, xml('preauth', { xmlns: NS_PARS, token }));
}

/** Whether the (unauthenticated) stream features say the server redeems invite tokens. */
export function takesInvites(features: Element): boolean {
  return !!(features.getChild('register', NS_IBR_TOKEN) ?? features.getChild('register', NS_INVITE_LEGACY));
}

/** Whether the features offer in-band registration at all (XEP-0077 §8). */
export function offersRegistration(features: Element): boolean {
  return !!features.getChild('register', NS_IBR_FEATURE) || takesInvites(features);
}

const KNOWN = new Set(['username', 'password', 'FORM_TYPE']);

/**
 * The values to submit: the username and password, in the form's fields or the legacy ones.
 * A form that requires anything else (XEP-0158 CAPTCHA, an email) cannot be answered from our
 * two boxes: `needs-web`, with the server's web page if it named one.
 */
export function registrationValues(reg: Registration, username: string, password: string): FormValues | Record<string, string> {
  if (reg.kind === 'form') {
    const extra = reg.form.fields.find((f) => f.var && f.required && f.type !== 'hidden' && f.type !== 'fixed' && !KNOWN.has(f.var));
    if (extra) throw new CreateAccountError('needs-web', `The server also asks for ${extra.label ?? extra.var}`, extra.var, reg.url);
    return { username: [username], password: [password] };
  }
  const names = reg.fields.map((f) => f.name).filter((n) => n !== 'key');
  const extra = names.find((n) => n !== 'username' && n !== 'password');
  if (extra) throw new CreateAccountError('needs-web', `The server also asks for ${extra}`, extra, reg.url);
  return { username, password };
}

function fromStanzaError(err: unknown, step: 'preauth' | 'register'): CreateAccountError {
  if (err instanceof CreateAccountError) return err;
  const e = err as { name?: string; condition?: string; text?: string; message?: string };
  if (e?.name === 'StanzaError' && e.condition) {
    const detail = e.text ? `${e.condition}: ${e.text}` : e.condition;
    if (step === 'preauth') {
      // Prosody answers an unknown, used or expired token with forbidden (item-not-found elsewhere).
      const code = e.condition === 'service-unavailable' || e.condition === 'feature-not-implemented' ? 'no-invites' : 'invalid-token';
      return new CreateAccountError(code, 'The invite was refused', detail);
    }
    if (e.condition === 'conflict') return new CreateAccountError('conflict', 'That name is taken', detail);
    if (e.condition === 'not-acceptable' || e.condition === 'bad-request' || e.condition === 'jid-malformed') {
      return new CreateAccountError('not-acceptable', 'The server did not accept these values', detail);
    }
    if (e.condition === 'not-allowed' || e.condition === 'forbidden' || e.condition === 'service-unavailable' || e.condition === 'registration-required') {
      return new CreateAccountError('closed', 'The server does not let anyone register here', detail);
    }
    return new CreateAccountError('failed', `The server refused: ${detail}`, detail);
  }
  const reg = toRegisterError(err);
  return new CreateAccountError(reg.code === 'timeout' ? 'timeout' : 'failed', reg.message, reg.detail);
}

export interface CreateAccountOptions {
  /** The server's domain (the invite's JID domain). */
  domain: string;
  username: string;
  password: string;
  /** The invite's token; absent for open registration. */
  preauth?: string;
  /** Skips discovery (tests, or an endpoint the user typed). */
  websocketUrl?: string;
  timeoutMs?: number;
  fetch?: DiscoverOptions['fetch'];
}

/** Creates `username@domain`; resolves with its JID and the endpoint used, or rejects with a CreateAccountError. */
export async function createAccount(o: CreateAccountOptions): Promise<{ jid: string; endpoint: string }> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  let endpoint = o.websocketUrl?.trim() ?? '';
  if (!endpoint) {
    try {
      endpoint = await discoverWebSocket(o.domain, { timeoutMs, ...(o.fetch ? { fetch: o.fetch } : {}) });
    } catch (err) {
      throw new CreateAccountError('unreachable', err instanceof Error ? err.message : String(err), err instanceof DiscoveryError ? err.code : undefined);
    }
  }
  const entity = new Client({ service: endpoint, domain: o.domain, timeout: timeoutMs }) as unknown as InstanceType<typeof Client> & {
    on(e: string, fn: (x: never) => void): void;
    connect(s: string): Promise<unknown>;
    open(o: object): Promise<unknown>;
    stop(): Promise<unknown>;
  };
  (entity as unknown as { transports: unknown[] }).transports.push(websocketTransport());
  const mw = middleware({ entity } as never);
  const caller = iqCaller({ middleware: mw, entity } as never) as unknown as { request(iq: Element, timeoutMs?: number): Promise<Element> };
  let failed!: (err: unknown) => void;
  const broken = new Promise<never>((_r, reject) => (failed = reject));
  broken.catch(() => undefined);
  const features = new Promise<Element>((resolve) => {
    entity.on('nonza', (el: Element) => {
      if (el.is('features', NS_STREAM)) resolve(el);
    });
  });
  entity.on('error', (err: Error) => failed(err));
  entity.on('disconnect', () => failed(new CreateAccountError('unreachable', 'The server closed the connection', 'disconnect')));
  const timer = setTimeout(() => failed(new CreateAccountError('timeout', 'No answer from the server', 'timeout')), timeoutMs * 2);
  try {
    let feats: Element;
    try {
      await Promise.race([entity.connect(endpoint).then(() => entity.open({ domain: o.domain })), broken]);
      feats = await Promise.race([features, broken]);
    } catch (err) {
      if (err instanceof CreateAccountError) throw err;
      throw new CreateAccountError('unreachable', err instanceof Error ? err.message : String(err), (err as { condition?: string }).condition);
    }
    if (o.preauth) {
      if (!takesInvites(feats)) throw new CreateAccountError('no-invites', 'The server does not take invites', 'no ibr-token feature');
      try {
        await Promise.race([caller.request(preauthIq(o.preauth), timeoutMs), broken]);
      } catch (err) {
        throw fromStanzaError(err, 'preauth');
      }
    } else if (!offersRegistration(feats)) {
      throw new CreateAccountError('closed', 'The server offers no in-band registration', 'no iq-register feature');
    }
    let reg: Registration;
    try {
      const got = await Promise.race([caller.request(xml('iq', { type: 'get' }, xml('query', { xmlns: NS_REGISTER })), timeoutMs), broken]);
      const query = got.getChild('query', NS_REGISTER);
      if (!query) throw new CreateAccountError('closed', 'The server sent no registration fields', 'no query');
      reg = parseRegistration(query);
    } catch (err) {
      throw fromStanzaError(err, 'register');
    }
    const values = registrationValues(reg, o.username, o.password);
    const query = buildRegisterQuery(reg, values);
    try {
      await Promise.race([caller.request(xml('iq', { type: 'set' }, query), timeoutMs), broken]);
    } catch (err) {
      throw fromStanzaError(err, 'register');
    }
    return { jid: `${o.username}@${o.domain}`, endpoint };
  } finally {
    clearTimeout(timer);
    try {
      await Promise.race([entity.stop(), new Promise((r) => setTimeout(r, 2000))]);
    } catch {}
  }
}
