/**
 * Making an invitation (XEP-0401 §6): the user's own server runs the XEP-0050 command
 * `urn:xmpp:invite#invite` (a contact invite, which also creates an account when the server lets
 * the user invite new users) and answers with a form holding the xmpp: URI, the invite page and
 * the expiry. Prosody's mod_invites_adhoc names the page `url`; XEP-0401 names it `landing-url`.
 */
import xml, { type Element } from '@xmpp/xml';
import { findForm, parseForm } from './forms.ts';
import { XmppError } from './errors.ts';
import { domainOf } from '../shared/wire-jid.ts';
import type { Session } from './session.ts';

export const NS_COMMANDS = 'http://jabber.org/protocol/commands';
export const NODE_INVITE = 'urn:xmpp:invite#invite';

export interface Invitation {
  uri: string;
  /** The https invite page, when the server has one. */
  url?: string;
  /** XEP-0082 date-time, as the server gave it. */
  expires?: string;
}

export type InviteErrorCode = 'unsupported' | 'failed';
export class InviteError extends XmppError<InviteErrorCode> {
  override name = 'InviteError';
  constructor(code: InviteErrorCode, message: string, detail?: string) {
    super('other', code, message, detail);
  }
}

export function inviteCommand(domain: string): Element {
  return xml('iq', { type: 'set', to: domain }, xml('command', { xmlns: NS_COMMANDS, node: NODE_INVITE, action: 'execute' }));
}

/** Reads the completed command's form. */
export function parseInvitation(command: Element): Invitation {
  const x = findForm(command);
  const values = new Map((x ? parseForm(x).fields : []).map((f) => [f.var, f.values[0]?.trim() ?? '']));
  const uri = values.get('uri');
  if (!uri?.startsWith('xmpp:')) {
    const note = command.getChildText('note');
    throw new InviteError('failed', note || 'The server sent no invitation link', note ?? 'no uri');
  }
  const url = values.get('landing-url') || values.get('url');
  const expires = values.get('expire') || values.get('expires');
  return { uri, url: url && /^https:\/\//i.test(url) ? url : undefined, expires: expires || undefined };
}

const UNSUPPORTED = new Set(['item-not-found', 'service-unavailable', 'feature-not-implemented', 'forbidden', 'not-allowed']);

export async function createInvitation(session: Pick<Session, 'iq' | 'jid'>): Promise<Invitation> {
  const domain = domainOf(session.jid);
  let result: Element;
  try {
    result = await session.iq(inviteCommand(domain));
  } catch (err) {
    const e = err as { name?: string; condition?: string; message?: string };
    if (e.name === 'StanzaError' && e.condition && UNSUPPORTED.has(e.condition)) throw new InviteError('unsupported', 'No invitations here', e.condition);
    throw new InviteError('failed', e.message ?? String(err), e.condition ?? e.message);
  }
  const command = result.getChild('command', NS_COMMANDS);
  if (!command) throw new InviteError('unsupported', 'No command result', 'no command');
  return parseInvitation(command);
}
