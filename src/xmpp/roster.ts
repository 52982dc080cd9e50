/**
 * Roster and presence subscription (RFC 6121 §2 and §3): stanza builders and parsers, plus the
 * few async steps the subscribe view needs. Pure where it can be; the helpers only take a Session.
 */
import xml, { type Element } from '@xmpp/xml';
import type { Session } from './session.ts';
import { bareOf } from '../shared/wire-jid.ts';

export const NS_ROSTER = 'jabber:iq:roster';

export type Subscription = 'none' | 'to' | 'from' | 'both' | 'remove';

export interface RosterItem {
  /** Bare JID, as the server stores it. */
  jid: string;
  name?: string;
  subscription: Subscription;
  /** `ask='subscribe'`: our request is pending (RFC 6121 §2.1.2.2). */
  pending: boolean;
  groups: string[];
}

const SUBSCRIPTIONS: readonly Subscription[] = ['none', 'to', 'from', 'both', 'remove'];

/** `<iq type='get'><query xmlns='jabber:iq:roster'/></iq>` (RFC 6121 §2.1.3). */
export function rosterGet(): Element {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: NS_ROSTER }));
}

/**
 * Roster set for one item (RFC 6121 §2.1.5). No `subscription` attribute: the client must not
 * set it (other than "remove"), the server owns it.
 */
export function rosterSet(item: { jid: string; name?: string; groups?: readonly string[] }): Element {
  const attrs = { jid: item.jid, name: item.name?.trim() || undefined };
  const groups = [...new Set((item.groups ?? []).map((g) => g.trim()).filter(Boolean))];
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS_ROSTER }, xml('item', attrs, ...groups.map((g) => xml('group', {}, g)))));
}

export const NS_PARS = 'urn:xmpp:pars:0';

/**
 * `<presence type='subscribe' to='…'/>` (RFC 6121 §3.1.1), always to the bare JID; with the
 * link's `preauth` token as XEP-0379 asks, so a contact's server that knows it approves at once
 * (servers that do not simply ignore the element).
 */
export function subscribePresence(jid: string, preauth?: string): Element {
  const presence = xml('presence', { type: 'subscribe', to: bareOf(jid) });
  if (preauth) presence.append(xml('preauth', { xmlns: NS_PARS, token: preauth }));
  return presence;
}

/**
 * XEP-0147 `?unsubscribe` means "unsubscribe from the entity's presence": we stop receiving
 * theirs, `<presence type='unsubscribe'/>` (RFC 6121 §3.3.1) — not `unsubscribed`, which would
 * cancel *their* subscription to us (§3.2).
 */
export function unsubscribePresence(jid: string): Element {
  return xml('presence', { type: 'unsubscribe', to: bareOf(jid) });
}

/** Roster removal (RFC 6121 §2.5): the one case where the client sets `subscription`. */
export function rosterRemove(jid: string): Element {
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS_ROSTER }, xml('item', { jid: bareOf(jid), subscription: 'remove' })));
}

function parseItem(el: Element): RosterItem | undefined {
  const jid = el.attrs.jid as string | undefined;
  if (!jid) return undefined;
  const sub = el.attrs.subscription as Subscription | undefined;
  const item: RosterItem = {
    jid: bareOf(jid),
    subscription: sub && SUBSCRIPTIONS.includes(sub) ? sub : 'none',
    pending: el.attrs.ask === 'subscribe',
    groups: el
      .getChildren('group')
      .map((g) => g.text().trim())
      .filter(Boolean),
    name: (el.attrs.name as string | undefined)?.trim() || undefined,
  };
  return item;
}

/** Items of a roster result or push (`<iq>` or its `<query>`); unusable items are skipped. */
export function parseRoster(stanza: Element): RosterItem[] {
  const query = stanza.is('query', NS_ROSTER) ? stanza : stanza.getChild('query', NS_ROSTER);
  if (!query) return [];
  return query
    .getChildren('item')
    .map(parseItem)
    .filter((i): i is RosterItem => !!i);
}

/**
 * A roster push (RFC 6121 §2.1.6): an iq set with a roster query, from nobody or from our own
 * bare JID. Anything else claiming to be a push is a spoof the client must ignore.
 */
export function isRosterPush(stanza: Element, ownJid: string): boolean {
  if (!stanza.is('iq') || stanza.attrs.type !== 'set' || !stanza.getChild('query', NS_ROSTER)) return false;
  const from = stanza.attrs.from as string | undefined;
  return !from || from.toLowerCase() === bareOf(ownJid);
}

/** We receive their presence: they approved us (RFC 6121 §2.1.2.1 "to"/"both"). */
export function isSubscribedTo(item: RosterItem | undefined): boolean {
  return item?.subscription === 'to' || item?.subscription === 'both';
}

/** Every group named in the roster, sorted, once each (for the "Group" suggestions). */
export function rosterGroups(items: readonly RosterItem[]): string[] {
  return [...new Set(items.flatMap((i) => i.groups))].sort((a, b) => a.localeCompare(b));
}

export type SubscriptionAnswer = 'approved' | 'declined';

/**
 * The contact's answer to our request, if this stanza is one: `<presence type='subscribed'>` or a
 * roster push that shows "to"/"both" → approved; `<presence type='unsubscribed'>` → declined
 * (RFC 6121 §3.1.5, §3.1.6). Pushes must come from our server (see isRosterPush).
 */
export function subscriptionAnswer(stanza: Element, contact: string, ownJid: string): SubscriptionAnswer | undefined {
  const want = bareOf(contact);
  if (stanza.is('presence') && bareOf((stanza.attrs.from as string | undefined) ?? '') === want) {
    if (stanza.attrs.type === 'subscribed') return 'approved';
    if (stanza.attrs.type === 'unsubscribed') return 'declined';
    return undefined;
  }
  if (isRosterPush(stanza, ownJid)) {
    const item = parseRoster(stanza).find((i) => i.jid === want);
    if (isSubscribedTo(item)) return 'approved';
  }
  return undefined;
}

// --- with a session ---------------------------------------------------------------------------

/**
 * Fetches the roster. Also what makes Prosody send this session roster pushes and the contact's
 * `subscribed` at all: it only does so to sessions that fetched the roster (RFC 6121 §2.1.6
 * "interested resource").
 */
export async function fetchRoster(session: Session): Promise<RosterItem[]> {
  return parseRoster(await session.iq(rosterGet()));
}

export async function setRosterItem(session: Session, item: { jid: string; name?: string; groups?: readonly string[] }): Promise<void> {
  await session.iq(rosterSet(item));
}

const answering = new WeakSet<object>();
/**
 * Acknowledges roster pushes with an empty result, as RFC 6121 §2.1.6 requires of the client;
 * spoofed pushes (from someone else) get service-unavailable. Once per session.
 */
export function acknowledgeRosterPushes(session: Session): void {
  if (answering.has(session.client)) return;
  answering.add(session.client);
  session.client.iqCallee.set(NS_ROSTER, 'query', (ctx: unknown) => {
    const { stanza } = ctx as { stanza: Element };
    return isRosterPush(stanza, session.jid) ? true : undefined;
  });
}

/**
 * Add a contact the way XEP-0081 and RFC 6121 ask: roster set first (with name and group),
 * then the subscription request.
 */
export async function addContact(
  session: Session,
  contact: { jid: string; name?: string; group?: string; preauth?: string },
): Promise<void> {
  // rosterSet trims the name and the group, and leaves out an empty one.
  await setRosterItem(session, { jid: contact.jid, name: contact.name, groups: contact.group ? [contact.group] : [] });
  // An invite means both ways (XEP-0379): pre-approve the inviter's request back (RFC 6121 §3.4),
  // which their server sends once it approved ours; the window announces no presence to get it.
  // Only where the server says it takes pre-approvals (§3.4.1: a client MUST NOT send one otherwise).
  if (contact.preauth && session.preApproval) await session.send(xml('presence', { type: 'subscribed', to: bareOf(contact.jid) }));
  await session.send(subscribePresence(contact.jid, contact.preauth));
}

/**
 * Removes a contact (RFC 6121 §2.5): roster get first (so this session is an interested resource
 * and we know whether there is anything to remove), then the set. Resolves false when the contact
 * was not in the roster; the server also cancels the subscriptions both ways (§2.5.2).
 */
export async function removeContact(session: Session, jid: string): Promise<boolean> {
  const contact = bareOf(jid);
  const items = await fetchRoster(session);
  if (!items.some((i) => i.jid === contact)) return false;
  await session.iq(rosterRemove(contact));
  return true;
}

/**
 * Calls `fn` once with the contact's answer; returns a function that stops listening. Start it
 * before the request is sent. A refusal is seen in `unsubscribed` presence, or in the roster:
 * a push that drops our pending request (no `ask`, no "to") after one that showed it. The push
 * is what ejabberd sends a session that has announced no presence (as the action window does):
 * it routes the `unsubscribed` presence to available resources only.
 */
export function watchSubscription(session: Session, contact: string, fn: (answer: SubscriptionAnswer) => void): () => void {
  let done = false;
  let pendingSeen = false;
  const want = bareOf(contact);
  const off = session.onStanza((stanza) => {
    if (done) return;
    let answer = subscriptionAnswer(stanza, contact, session.jid);
    if (!answer && isRosterPush(stanza, session.jid)) {
      const item = parseRoster(stanza).find((i) => i.jid === want);
      if (item?.pending) pendingSeen = true;
      else if (item && pendingSeen && item.subscription !== 'remove') answer = 'declined';
    }
    if (!answer) return;
    done = true;
    off();
    fn(answer);
  });
  return () => {
    done = true;
    off();
  };
}
