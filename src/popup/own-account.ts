/**
 * A link must never destroy or rewrite the account the window signs in with (DESIGN.md, Security
 * rules). XEP-0077 addressed to the user's own server — its domain, or the account's own bare JID,
 * which the server answers for (RFC 6120 §10.3.3) — is account management: `<remove/>` deletes
 * the account (§3.2), a register set changes its password (§3.3). Such links are refused; the
 * user's own XMPP client is the place for that.
 */
import { toASCII } from '../shared/scripts.ts';

/** The bare JID, lower-cased, without a trailing dot, its domain in ASCII (RFC 7622 §3.2). */
function normalBare(jid: string): string {
  const slash = jid.indexOf('/');
  const bare = (slash < 0 ? jid : jid.slice(0, slash)).toLowerCase();
  const at = bare.lastIndexOf('@');
  const written = bare.slice(at + 1).replace(/\.$/, '');
  const domain = toASCII(written) ?? written;
  return at < 0 ? domain : `${bare.slice(0, at)}@${domain}`;
}

/** True for `register` or `unregister` aimed at the account's own server or its own bare JID. */
export function touchesOwnAccount(kind: string, target: string, account: string): boolean {
  if (kind !== 'register' && kind !== 'unregister') return false;
  const own = normalBare(account);
  const domain = own.slice(own.lastIndexOf('@') + 1);
  const their = normalBare(target);
  return their === own || their === domain;
}
