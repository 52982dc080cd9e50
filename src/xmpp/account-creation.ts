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
import xml, { type Element } from '@xmpp/xml';
import type { DiscoverOptions } from './discovery.ts';
import { SessionError, XmppError, classifySessionError } from './errors.ts';
import type { FormValues } from './forms.ts';
import { NS_REGISTER, type Registration, buildRegisterQuery, parseRegistration, toRegisterError } from './register.ts';
import { NS_PARS } from './roster.ts';
import { composeClient, endpointFor } from './session.ts';

export { NS_PARS } from './roster.ts';
export const NS_IBR_TOKEN = 'urn:xmpp:ibr-token:0';
/** The namespace Prosody advertised before XEP-0445 had one; still sent beside the new one. */
export const NS_INVITE_LEGACY = 'urn:xmpp:invite';
const NS_STREAM = 'http://etherx.jabber.org/streams';
const NS_IBR_FEATURE = 'http://jabber.org/features/iq-register';

/**
 * What only account creation can meet. A refused name or password is a RegisterError (conflict,
 * not-acceptable, ...: register.ts), and a server not reached a SessionError, as when signing in.
 */
export type CreateErrorCode =
  | 'invalid-token' // the invite is expired, used up, or unknown
  | 'no-invites' // the server does not take invites
  | 'closed' // the server takes no registration without an invite (or none at all)
  | 'needs-web'; // the server asks for more than a name and password (a CAPTCHA): its web page must be used

/** One of the coded failures (errors.ts), in the registration area. */
export class CreateAccountError extends XmppError<CreateErrorCode> {
  override name = 'CreateAccountError';
  constructor(
    code: CreateErrorCode,
    message: string,
    /** The raw condition and the server's text, for a details line. */
    detail?: string,
    /** A web page the server named for registering (XEP-0077 §5 redirection). */
    readonly url?: string,
  ) {
    super('register', code, message, detail);
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
 * A service that requires anything else (XEP-0158 CAPTCHA, an email) cannot be answered from our
 * two boxes: `needs-web`, with the server's web page if it named one.
 */
export function registrationValues(reg: Registration, username: string, password: string): FormValues | Record<string, string> {
  const asked =
    reg.kind === 'form'
      ? reg.form.fields.flatMap((f) => (f.var && f.required && f.type !== 'hidden' && f.type !== 'fixed' ? [f.var] : []))
      : reg.fields.map((f) => f.name).filter((n) => n !== 'key');
  const extra = asked.find((n) => !KNOWN.has(n));
  if (extra) throw new CreateAccountError('needs-web', `The server also asks for ${extra}`, extra, reg.url);
  return reg.kind === 'form' ? { username: [username], password: [password] } : { username, password };
}

/**
 * The preauth iq refused: Prosody answers an unknown, used or expired token with forbidden
 * (item-not-found elsewhere); a server without XEP-0401 with service-unavailable.
 */
function refusedToken(err: unknown): XmppError {
  // A stream that broke or timed out meanwhile says so itself.
  if (err instanceof XmppError) return err;
  const reg = toRegisterError(err);
  if (reg.code === 'timeout' || reg.code === 'failed') return reg;
  return new CreateAccountError(reg.code === 'unsupported' ? 'no-invites' : 'invalid-token', 'The invite was refused', reg.detail);
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

/**
 * Creates `username@domain`; resolves with its JID and the endpoint used. Rejects with a
 * CreateAccountError, a RegisterError (the name or password refused) or a SessionError (the
 * server not reached).
 */
export async function createAccount(o: CreateAccountOptions): Promise<{ jid: string; endpoint: string }> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const endpoint = await endpointFor(o.domain, o.websocketUrl, timeoutMs, o.fetch);
  const { entity, caller, connect } = composeClient(endpoint, o.domain, timeoutMs);
  let failed!: (err: unknown) => void;
  const broken = new Promise<never>((_r, reject) => (failed = reject));
  broken.catch(() => undefined);
  const race = <T>(p: Promise<T>) => Promise.race([p, broken]);
  const features = new Promise<Element>((resolve) => {
    entity.on('nonza', (el: Element) => {
      if (el.is('features', NS_STREAM)) resolve(el);
    });
  });
  entity.on('error', (err: Error) => failed(err));
  entity.on('disconnect', () => failed(new SessionError('refused', 'Closed', 'disconnect')));
  const timer = setTimeout(() => failed(new SessionError('timeout', 'No answer', 'timeout')), timeoutMs * 2);
  const ask = (iq: Element) => race(caller.request(iq, timeoutMs));
  try {
    let feats: Element;
    try {
      await race(connect());
      feats = await race(features);
    } catch (err) {
      throw classifySessionError(err, 'connecting');
    }
    if (o.preauth) {
      if (!takesInvites(feats)) throw new CreateAccountError('no-invites', 'The server does not take invites', 'no ibr-token feature');
      await ask(preauthIq(o.preauth)).catch((err) => {
        throw refusedToken(err);
      });
    } else if (!offersRegistration(feats)) {
      throw new CreateAccountError('closed', 'The server offers no in-band registration', 'no iq-register feature');
    }
    try {
      const query = (await ask(xml('iq', { type: 'get' }, xml('query', { xmlns: NS_REGISTER })))).getChild('query', NS_REGISTER);
      if (!query) throw new CreateAccountError('closed', 'The server sent no registration fields', 'no query');
      const reg = parseRegistration(query);
      await ask(xml('iq', { type: 'set' }, buildRegisterQuery(reg, registrationValues(reg, o.username, o.password))));
    } catch (err) {
      throw err instanceof XmppError ? err : toRegisterError(err);
    }
    return { jid: `${o.username}@${o.domain}`, endpoint };
  } finally {
    clearTimeout(timer);
    try {
      await Promise.race([(entity as unknown as { stop(): Promise<unknown> }).stop(), new Promise((r) => setTimeout(r, 2000))]);
    } catch {}
  }
}
