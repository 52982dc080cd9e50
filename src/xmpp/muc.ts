/**
 * Multi-User Chat (XEP-0045): room discovery, joining, the room's presence and messages, leaving.
 * Builders and parsers are pure; `roomInfo` and `joinRoom` are small steps over a Session.
 */
import xml, { type Element } from '@xmpp/xml';
import { XmppError, stanzaErrorOf } from './errors.ts';
import type { Session } from './session.ts';
import { bareOf as bare, resourceOf } from '../shared/wire-jid.ts';

export const NS_MUC = 'http://jabber.org/protocol/muc';
export const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
export const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
const NS_DELAY = 'urn:xmpp:delay';

/** XEP-0045 §15.6 suggests asking for a little history; enough to see what the room is about. */
export const DEFAULT_HISTORY = 20;


export const occupantJid = (room: string, nick: string): string => `${bare(room)}/${nick}`;

// --- discovery (XEP-0045 §6.4) ------------------------------------------------------------------

export interface RoomInfo {
  /** False when the service answered item-not-found: joining would create the room. */
  exists: boolean;
  /** The entity says it is a MUC room (identity conference/text). */
  isRoom: boolean;
  name?: string;
  passwordProtected: boolean;
  membersOnly: boolean;
  features: string[];
}

export function discoInfo(room: string): Element {
  return xml('iq', { type: 'get', to: bare(room) }, xml('query', { xmlns: NS_DISCO_INFO }));
}

/** A disco#info result; `undefined` for a room that does not exist (nothing known about it). */
export function parseRoomInfo(result: Element | undefined): RoomInfo {
  const query = result?.getChild('query', NS_DISCO_INFO);
  const features = (query?.getChildren('feature') ?? []).map((f) => f.attrs.var as string).filter(Boolean);
  const identities = query?.getChildren('identity') ?? [];
  const room = identities.find((i) => i.attrs.category === 'conference');
  const info: RoomInfo = {
    exists: !!result,
    isRoom: !!room || features.includes(NS_MUC),
    passwordProtected: features.includes('muc_passwordprotected'),
    membersOnly: features.includes('muc_membersonly'),
    features,
    name: (room?.attrs.name as string | undefined)?.trim() || undefined,
  };
  return info;
}

/** disco#info of a room; a room that does not exist (item-not-found) is `exists: false`. */
export async function roomInfo(session: Session, room: string): Promise<RoomInfo> {
  try {
    return parseRoomInfo(await session.iq(discoInfo(room)));
  } catch (err) {
    if ((err as { condition?: string }).condition === 'item-not-found') return parseRoomInfo(undefined);
    throw err;
  }
}

// --- entering and leaving (XEP-0045 §7.2, §7.14) ------------------------------------------------

export function joinPresence(room: string, nick: string, opts: { password?: string; maxHistory?: number } = {}): Element {
  const x = xml('x', { xmlns: NS_MUC });
  if (opts.password) x.append(xml('password', {}, opts.password));
  x.append(xml('history', { maxstanzas: String(opts.maxHistory ?? DEFAULT_HISTORY) }));
  // A guest's priority (RFC 6121 §4.7.2.3, see presence.ts): the window takes nothing meant for the user's clients.
  return xml('presence', { to: occupantJid(room, nick) }, x, xml('priority', {}, '-1'));
}

export function leavePresence(room: string, nick: string): Element {
  return xml('presence', { to: occupantJid(room, nick), type: 'unavailable' });
}

/** Why a join failed, as XEP-0045 §7.2 spells the conditions; views turn these into sentences. */
export type JoinErrorCode =
  | 'conflict' // nickname in use (§7.2.9)
  | 'not-authorized' // password wrong or missing (§7.2.5)
  | 'registration-required' // members-only and we are not a member (§7.2.6)
  | 'forbidden' // banned (§7.2.7)
  | 'service-unavailable' // room full (§7.2.10)
  | 'item-not-found' // locked room / not allowed to create (§7.2.11)
  | 'not-allowed' // room creation restricted (§10.1.1)
  | 'not-acceptable' // nickname rules (§7.2.8)
  | 'jid-malformed' // no nickname (§7.2.4)
  | 'timeout'
  | 'other';

const JOIN_CODES: readonly JoinErrorCode[] = [
  'conflict',
  'not-authorized',
  'registration-required',
  'forbidden',
  'service-unavailable',
  'item-not-found',
  'not-allowed',
  'not-acceptable',
  'jid-malformed',
];

export class MucError extends XmppError<JoinErrorCode> {
  override name = 'MucError';
  /** The raw condition and any server text, for a details line. */
  declare readonly detail: string;
  constructor(code: JoinErrorCode, detail: string) {
    super('muc', code, `Joining the room failed: ${detail}`, detail);
  }
}

export function joinErrorOf(stanza: Element): MucError {
  const err = stanzaErrorOf(stanza);
  const code = (JOIN_CODES as readonly string[]).includes(err.condition) ? (err.condition as JoinErrorCode) : 'other';
  return new MucError(code, err.text ? `${err.condition}: ${err.text}` : err.condition);
}

/** A different nickname to offer after a conflict (XEP-0045 §7.2.9). */
export function alternativeNick(nick: string): string {
  return `${nick}_`;
}

// --- what the room sends ------------------------------------------------------------------------

export type Role = 'moderator' | 'participant' | 'visitor' | 'none';
export type Affiliation = 'owner' | 'admin' | 'member' | 'outcast' | 'none';

export interface OccupantPresence {
  nick: string;
  role: Role;
  affiliation: Affiliation;
  /** Real JID, in non-anonymous rooms or for moderators. */
  jid?: string;
  available: boolean;
  /** Status 110: this is us. */
  self: boolean;
  /** Status 303 on unavailable: the occupant changed nickname to this one. */
  newNick?: string;
  statuses: string[];
}

/** An occupant's presence from the room (XEP-0045 §7.2.3), or undefined for anything else. */
export function parseOccupant(stanza: Element, room: string): OccupantPresence | undefined {
  if (!stanza.is('presence') || stanza.attrs.type === 'error') return undefined;
  const from = stanza.attrs.from as string | undefined;
  if (bare(from) !== bare(room)) return undefined;
  const nick = resourceOf(from);
  if (!nick) return undefined;
  const x = stanza.getChild('x', NS_MUC_USER);
  const item = x?.getChild('item');
  const statuses = (x?.getChildren('status') ?? []).map((s) => s.attrs.code as string).filter(Boolean);
  const occupant: OccupantPresence = {
    nick,
    role: ((item?.attrs.role as Role | undefined) ?? 'none') as Role,
    affiliation: ((item?.attrs.affiliation as Affiliation | undefined) ?? 'none') as Affiliation,
    available: stanza.attrs.type !== 'unavailable',
    self: statuses.includes('110'),
    statuses,
    jid: item?.attrs.jid,
    newNick: statuses.includes('303') ? item?.attrs.nick : undefined,
  };
  return occupant;
}

export type RoomMessage =
  | { type: 'message'; nick: string; body: string; id?: string; delayed?: Date }
  | { type: 'subject'; nick: string; subject: string }
  | { type: 'error'; condition: string; text?: string };

/**
 * A groupchat message, the subject (a message with <subject/> and no body, XEP-0045 §8.1), or
 * an error bounced back from the room; undefined for anything else.
 */
export function parseRoomMessage(stanza: Element, room: string): RoomMessage | undefined {
  if (!stanza.is('message')) return undefined;
  const from = stanza.attrs.from as string | undefined;
  if (bare(from) !== bare(room)) return undefined;
  if (stanza.attrs.type === 'error') {
    return { type: 'error', ...stanzaErrorOf(stanza) };
  }
  if (stanza.attrs.type !== 'groupchat') return undefined;
  const nick = resourceOf(from);
  const body = stanza.getChildText('body');
  const subject = stanza.getChild('subject');
  if (subject && body === null) return { type: 'subject', nick, subject: subject.text() };
  if (body === null) return undefined;
  const msg: RoomMessage = { type: 'message', nick, body, id: stanza.attrs.id };
  const stamp = stanza.getChild('delay', NS_DELAY)?.attrs.stamp as string | undefined;
  const when = stamp ? new Date(stamp) : undefined;
  if (when && !Number.isNaN(when.getTime())) msg.delayed = when;
  return msg;
}

let counter = 0;
export function groupchatMessage(room: string, body: string): Element {
  return xml('message', { to: bare(room), type: 'groupchat', id: `gc-${Date.now().toString(36)}-${++counter}` }, xml('body', {}, body));
}

// --- with a session -----------------------------------------------------------------------------

/**
 * A mediated invitation (XEP-0045 §7.8.2): sent to the room, which forwards it to the invitee
 * (adding the password if the room has one). One invitee per message: older services read only
 * one `<invite/>` per `<x/>`, and each invitation then succeeds or fails on its own.
 */
export function mediatedInvite(room: string, invitee: string, reason?: string): Element {
  const invite = xml('invite', { to: invitee });
  if (reason?.trim()) invite.append(xml('reason', {}, reason.trim()));
  return xml('message', { to: bare(room) }, xml('x', { xmlns: NS_MUC_USER }, invite));
}

/**
 * Sends the join presence and waits for our own presence (status 110; its nick may differ when
 * the service changes it, status 210) or the room's error. Listen with `session.onStanza` before
 * calling this: occupants' presence arrives before ours, history and subject after it.
 */
export function joinRoom(
  session: Session,
  room: string,
  nick: string,
  opts: { password?: string; maxHistory?: number; timeoutMs?: number } = {},
): Promise<OccupantPresence> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new MucError('timeout', 'no answer from the room'));
    }, opts.timeoutMs ?? 15_000);
    const off = session.onStanza((stanza) => {
      if (!stanza.is('presence') || bare(stanza.attrs.from as string) !== bare(room)) return;
      if (stanza.attrs.type === 'error') {
        // From the occupant JID we asked for (XEP-0045 §7.2.5–7.2.11); the service may have
        // prepped the nick, so any error presence from the room answers our one pending join.
        clearTimeout(timer);
        off();
        reject(joinErrorOf(stanza));
        return;
      }
      const occupant = parseOccupant(stanza, room);
      if (occupant?.self && occupant.available) {
        clearTimeout(timer);
        off();
        resolve(occupant);
      }
    });
    session.send(joinPresence(room, nick, opts)).catch((err: unknown) => {
      clearTimeout(timer);
      off();
      reject(err);
    });
  });
}
