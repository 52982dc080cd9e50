/**
 * Message Archive Management (XEP-0313, urn:xmpp:mam:2) with Result Set Management paging
 * (XEP-0059): the last messages with one contact, or of one room, newest page first.
 *
 * Reading the archive is read-only on the server: MAM has no "read" state and takes nothing out
 * of offline storage, so the user's other clients get exactly what they got before.
 */
import xml, { type Element } from '@xmpp/xml';
import { bareOf } from '../shared/wire-jid.ts';
import { newId } from './message.ts';
import type { Session } from './session.ts';

export const NS_MAM = 'urn:xmpp:mam:2';
const NS_RSM = 'http://jabber.org/protocol/rsm';
const NS_DATA = 'jabber:x:data';
const NS_FORWARD = 'urn:xmpp:forward:0';
const NS_DELAY = 'urn:xmpp:delay';

export interface ArchivedMessage {
  /** The archive's id for it: the same as the live copy's `<stanza-id by=archive>` (XEP-0359). */
  archiveId: string;
  /** The forwarded `<message/>` as it was sent. */
  message: Element;
  /** When the archive stored it (XEP-0203 stamp), ms since the epoch; undefined if missing or unreadable. */
  stamp: number | undefined;
}

export interface ArchivePage {
  /** Oldest first. */
  messages: ArchivedMessage[];
  /** RSM `<first/>`: pass as `before` for the page before this one. */
  first?: string;
  /** The archive has nothing older than this page (`<fin complete='true'/>`). */
  complete: boolean;
}

/**
 * `<iq type='set'><query queryid><x>FORM_TYPE, with</x><set><max/><before/></set></query></iq>`:
 * `before` empty asks for the last page (XEP-0059 §2.5); `to` is a room for its archive.
 */
export function archiveQuery(opts: { queryId: string; with?: string; max: number; before?: string; to?: string }): Element {
  const fields = [xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, NS_MAM))];
  if (opts.with) fields.push(xml('field', { var: 'with' }, xml('value', {}, opts.with)));
  return xml(
    'iq',
    { type: 'set', id: newId(), to: opts.to },
    xml(
      'query',
      { xmlns: NS_MAM, queryid: opts.queryId },
      xml('x', { xmlns: NS_DATA, type: 'submit' }, ...fields),
      xml('set', { xmlns: NS_RSM }, xml('max', {}, String(opts.max)), xml('before', {}, opts.before ?? '')),
    ),
  );
}

/**
 * One `<message><result queryid id><forwarded><delay/><message/></forwarded></result></message>`,
 * or undefined if it is not a result of query `queryId` from `archive` (the user's own bare JID,
 * or the room): results from anyone else are forged (XEP-0313 §8).
 */
export function parseResult(stanza: Element, queryId: string, archive: string): ArchivedMessage | undefined {
  if (stanza.name !== 'message') return undefined;
  const result = stanza.getChild('result', NS_MAM);
  if (!result || result.attrs.queryid !== queryId || !result.attrs.id) return undefined;
  const from = String(stanza.attrs.from ?? archive).toLowerCase();
  if (from !== archive.toLowerCase()) return undefined;
  const forwarded = result.getChild('forwarded', NS_FORWARD);
  const message = forwarded?.getChild('message');
  if (!message) return undefined;
  const stamp = Date.parse(forwarded?.getChild('delay', NS_DELAY)?.attrs.stamp);
  return { archiveId: String(result.attrs.id), message, stamp: Number.isNaN(stamp) ? undefined : stamp };
}

/** The `<fin/>` of a query's result iq: where the page starts and whether it is the oldest. */
export function parseFin(iq: Element): { first?: string; complete: boolean } {
  const fin = iq.getChild('fin', NS_MAM);
  const first = fin?.getChild('set', NS_RSM)?.getChildText('first') || undefined;
  return { first, complete: fin?.attrs.complete === 'true' || fin?.attrs.complete === '1' };
}

/** The server (or room) announces MAM in its disco#info features. */
export function offersArchive(features: readonly string[]): boolean {
  return features.includes(NS_MAM);
}

/**
 * Runs one query and gathers its results (they arrive as messages before the result iq).
 * Rejects with the iq's error when there is no archive (feature-not-implemented and the like).
 */
export async function fetchPage(
  session: Session,
  opts: { with?: string; max: number; before?: string; room?: string },
): Promise<ArchivePage> {
  const queryId = newId();
  const archive = opts.room ?? bareOf(session.jid);
  const messages: ArchivedMessage[] = [];
  const off = session.onStanza((s) => {
    const r = parseResult(s, queryId, archive);
    if (r) messages.push(r);
  });
  try {
    const iq = await session.iq(archiveQuery({ queryId, max: opts.max, with: opts.with, before: opts.before, to: opts.room }), 15_000);
    return { messages, ...parseFin(iq) };
  } finally {
    off();
  }
}
