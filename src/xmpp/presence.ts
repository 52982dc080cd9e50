/**
 * A window is a guest on the account (DESIGN.md, security rules): it takes no offline messages,
 * gets no bare-JID traffic meant for the user's clients, and announces nothing to the roster.
 *
 * - No broadcast presence ever: Prosody hands offline messages to the first resource with
 *   available presence and priority >= 0 (mod_offline), and routes bare-JID messages only to
 *   such resources (RFC 6121 §8.5.2.1.1).
 * - After the user's first click only, directed presence with priority -1 (RFC 6121 §4.6,
 *   §4.7.2.3) to the one party the window talks to, so it knows where to answer.
 * - Message Carbons (XEP-0280) so the window still sees the contact's replies that the server
 *   routes to another client of the user's (or stores offline); enabling them is an iq to the
 *   user's own server, so it may happen before the click.
 */
import xml, { type Element } from '@xmpp/xml';
import { bareOf } from '../shared/wire-jid.ts';
import type { Session } from './session.ts';

const NS_CARBONS = 'urn:xmpp:carbons:2';
const NS_FORWARD = 'urn:xmpp:forward:0';

/** Directed presence to `to` with a negative priority: available to that party only. */
export function guestPresence(to: string): Element {
  return xml('presence', { to }, xml('priority', {}, '-1'));
}

/**
 * The message inside a `<received/>` carbon; `null` for one not from our own bare JID (XEP-0280
 * §11: anyone else's is forged); undefined when the stanza is no such carbon (a `<sent/>` one
 * has no body of its own, so it shows as nothing).
 */
export function unwrapCarbon(stanza: Element, ownJid: string): Element | null | undefined {
  const wrapper = stanza.getChild('received', NS_CARBONS);
  if (!wrapper) return undefined;
  if (String(stanza.attrs.from).toLowerCase() !== bareOf(ownJid)) return null;
  return wrapper.getChild('forwarded', NS_FORWARD)?.getChild('message') ?? null;
}

export interface Guest {
  /** Directed guest presence to `to` (call it on the user's click); sent again after a rebind. */
  announce(to: string): void;
  stop(): void;
}

/**
 * Makes `session` a guest: enables carbons (again after a rebind: a new session has none) and
 * hands every message meant for the window to `onMessage`, carbons unwrapped.
 */
export function guestOn(session: Session, onMessage: (message: Element) => void): Guest {
  const to = new Set<string>();
  const enable = () => session.iq(xml('iq', { type: 'set' }, xml('enable', { xmlns: NS_CARBONS }))).catch(() => undefined);
  const offStanza = session.onStanza((stanza) => {
    const inner = unwrapCarbon(stanza, session.jid);
    if (inner) onMessage(inner);
    else if (inner === undefined && stanza.name === 'message') onMessage(stanza);
  });
  const offLink = session.onLink((state) => {
    if (state !== 'rebound') return;
    void enable();
    for (const jid of to) session.send(guestPresence(jid)).catch(() => undefined);
  });
  void enable();
  return {
    announce(jid) {
      if (to.has(jid)) return;
      to.add(jid);
      session.send(guestPresence(jid)).catch(() => undefined);
    },
    stop() {
      offStanza();
      offLink();
    },
  };
}
