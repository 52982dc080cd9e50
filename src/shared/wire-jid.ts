/**
 * Splitting JIDs that are already trusted: from the server's stanzas, from a validated action
 * or a saved account. No validation and no normalisation beyond lower-casing a bare JID for
 * comparison (servers send them normalised; RFC 7622 §3.2: the first "/" starts the resource,
 * then the first "@" ends the localpart). Input from a person goes through core/jid.ts's
 * validBareJid instead, which throws on anything invalid.
 */

export interface WireJid {
  /** '' for a server or service address. */
  local: string;
  domain: string;
  /** '' when there is none. */
  resource: string;
}

export function splitJid(jid: string | undefined): WireJid {
  const s = jid ?? '';
  const slash = s.indexOf('/');
  const bare = slash < 0 ? s : s.slice(0, slash);
  const at = bare.indexOf('@');
  return { local: at < 0 ? '' : bare.slice(0, at), domain: bare.slice(at + 1), resource: slash < 0 ? '' : s.slice(slash + 1) };
}

/** The bare JID, lower-cased: what two addresses are compared by. */
export function bareOf(jid: string | undefined): string {
  const s = jid ?? '';
  const slash = s.indexOf('/');
  return (slash < 0 ? s : s.slice(0, slash)).toLowerCase();
}

export const localOf = (jid: string | undefined): string => splitJid(bareOf(jid)).local;
export const domainOf = (jid: string | undefined): string => splitJid(bareOf(jid)).domain;
export const resourceOf = (jid: string | undefined): string => splitJid(jid).resource;
