/**
 * XEP-0077 in-band registration with a service, after sign-in (a gateway, a component, a room's
 * nickname registration per XEP-0045 §7.10). xmpp.js has no helper for it: it is a plain iq
 * get (what to fill in) and iq set (the filled-in answer).
 *
 * A service answers the get with an XEP-0004 form, the older fixed "legacy" fields, or both; when
 * both are there the form wins (XEP-0077 §6: the form is the extensible way, and the legacy
 * fields are then only for old clients).
 */
import xml, { type Element } from '@xmpp/xml';
import { XmppError, toXmppError } from './errors.ts';
import { type DataForm, type FormValues, buildSubmit, findForm, parseForm } from './forms.ts';
import type { Session } from './session.ts';

export const NS_REGISTER = 'jabber:iq:register';
const NS_OOB = 'jabber:x:oob';

/** XEP-0077 §14.1: the fields a legacy `<query/>` may carry, in the schema's order. */
export const LEGACY_FIELDS = [
  'username',
  'nick',
  'password',
  'name',
  'first',
  'last',
  'email',
  'address',
  'city',
  'state',
  'zip',
  'phone',
  'url',
  'date',
  'misc',
  'text',
  'key',
] as const;
export type LegacyFieldName = (typeof LEGACY_FIELDS)[number];

export interface LegacyField {
  name: LegacyFieldName;
  /** What the service put in it: empty when asking, the current value when already registered. */
  value: string;
}

interface Common {
  /** `<registered/>`: this account is already registered (the form then updates it). */
  registered: boolean;
  /** The service's `<instructions/>` (legacy) — with a form, the form's own instructions count. */
  instructions?: string;
  /** XEP-0077 §5 redirection: a web page where registration happens instead (jabber:x:oob). */
  url?: string;
}
export type Registration =
  | (Common & { kind: 'form'; form: DataForm })
  | (Common & { kind: 'legacy'; fields: LegacyField[] });

export type RegisterErrorCode =
  | 'conflict' // the username or nickname is taken
  | 'not-acceptable' // required values missing or not acceptable
  | 'not-allowed' // registration is not allowed (or not now)
  | 'bad-request' // the request was malformed (e.g. a required field missing)
  | 'registration-required' // e.g. a room that only lets its members register a nickname
  | 'forbidden' // e.g. banned
  | 'unsupported' // the service does not do in-band registration
  | 'timeout'
  | 'failed'; // anything else

/** `detail`: the raw condition (and the service's text) for a details line. */
export class RegisterError extends XmppError<RegisterErrorCode> {
  override name = 'RegisterError';
  constructor(code: RegisterErrorCode, message: string, detail?: string, options?: { cause?: unknown }) {
    super('register', code, message, detail, options);
  }
}

/** Stanza error conditions (RFC 6120 §8.3.3), and toXmppError's 'timeout', as register codes; any other is 'failed'. */
const CODES: Record<string, RegisterErrorCode> = {
  conflict: 'conflict',
  'not-acceptable': 'not-acceptable',
  'not-allowed': 'not-allowed',
  'bad-request': 'bad-request',
  'registration-required': 'registration-required',
  forbidden: 'forbidden',
  'service-unavailable': 'unsupported',
  'feature-not-implemented': 'unsupported',
  timeout: 'timeout',
};

/**
 * Turns what `Session.iq` rejected with (an xmpp.js StanzaError, a TimeoutError, ...) into a
 * RegisterError; toXmppError reads the condition and the details line.
 */
export function toRegisterError(err: unknown): RegisterError {
  if (err instanceof RegisterError) return err;
  // Another coded failure (a stream that broke meanwhile) is 'failed' here, with its message.
  const x = err instanceof XmppError ? undefined : toXmppError(err, 'register');
  const detail = x?.detail ?? (err as Error).message;
  return new RegisterError((x && CODES[x.code]) || 'failed', detail, detail, { cause: err });
}

/** Reads the `<query xmlns='jabber:iq:register'/>` of a get result. */
export function parseRegistration(query: Element): Registration {
  const common: Common = {
    registered: !!query.getChild('registered'),
    instructions: query.getChildText('instructions')?.trim() || undefined,
    url: query.getChild('x', NS_OOB)?.getChildText('url')?.trim() || undefined,
  };
  const x = findForm(query);
  if (x) return { ...common, kind: 'form', form: parseForm(x) };
  const fields: LegacyField[] = [];
  for (const name of LEGACY_FIELDS) {
    const el = query.getChild(name);
    if (el) fields.push({ name, value: el.text() });
  }
  return { ...common, kind: 'legacy', fields };
}

/** The `<query/>` of the set: the submitted form, or the legacy fields with the user's values. */
export function buildRegisterQuery(reg: Registration, values: FormValues | Record<string, string>): Element {
  const query = xml('query', { xmlns: NS_REGISTER });
  if (reg.kind === 'form') {
    query.append(buildSubmit(reg.form, values as FormValues));
    return query;
  }
  for (const f of reg.fields) {
    // `key` (an old anti-replay token) goes back as the service gave it.
    const raw = f.name === 'key' ? f.value : (values as Record<string, string | string[]>)[f.name];
    const value = Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? f.value);
    query.append(xml(f.name, {}, value));
  }
  return query;
}

/** An iq of `type` to `service` carrying `query`; a refusal rejects as a RegisterError. */
async function registerIq(session: Pick<Session, 'iq'>, type: 'get' | 'set', service: string, query: Element, timeoutMs?: number): Promise<Element> {
  try {
    return await session.iq(xml('iq', { type, to: service }, query), timeoutMs);
  } catch (err) {
    throw toRegisterError(err);
  }
}

/** Asks `service` what registering takes. */
export async function getRegistration(session: Pick<Session, 'iq'>, service: string, timeoutMs?: number): Promise<Registration> {
  const result = await registerIq(session, 'get', service, xml('query', { xmlns: NS_REGISTER }), timeoutMs);
  const query = result.getChild('query', NS_REGISTER);
  if (!query) throw new RegisterError('unsupported', 'No <query/>', 'no query');
  return parseRegistration(query);
}

/** Sends the filled-in registration; resolves when the service accepted it. */
export async function submitRegistration(
  session: Pick<Session, 'iq'>,
  service: string,
  reg: Registration,
  values: FormValues | Record<string, string>,
  timeoutMs?: number,
): Promise<void> {
  await registerIq(session, 'set', service, buildRegisterQuery(reg, values), timeoutMs);
}

/**
 * Cancels the registration with `service` (XEP-0077 §3.2): `<remove/>` in an iq set. Resolves
 * when the service confirmed it.
 */
export async function cancelRegistration(session: Pick<Session, 'iq'>, service: string, timeoutMs?: number): Promise<void> {
  await registerIq(session, 'set', service, xml('query', { xmlns: NS_REGISTER }, xml('remove')), timeoutMs);
}
