/**
 * A link must never destroy or rewrite the account the window signs in with (DESIGN.md, Security
 * rules). XEP-0077 addressed to the user's own server — its domain, or the account's own bare JID,
 * which the server answers for (RFC 6120 §10.3.3) — is account management: `<remove/>` deletes
 * the account (§3.2), a register set changes its password (§3.3). Such links are refused; the
 * user's own XMPP client is the place for that.
 */
import { toASCII } from '../shared/scripts.ts';
import { bareOf, splitJid } from '../shared/wire-jid.ts';

/** The bare JID, lower-cased, without a trailing dot, its domain in ASCII (RFC 7622 §3.2). */
function normalBare(jid: string): string {
  const { local, domain: raw } = splitJid(bareOf(jid));
  const written = raw.replace(/\.$/, '');
  const domain = toASCII(written) ?? written;
  return local ? `${local}@${domain}` : domain;
}

/** True for `register` or `unregister` aimed at the account's own server or its own bare JID. */
export function touchesOwnAccount(kind: string, target: string, account: string): boolean {
  if (kind !== 'register' && kind !== 'unregister') return false;
  const own = normalBare(account);
  const domain = splitJid(own).domain;
  const their = normalBare(target);
  return their === own || their === domain;
}
