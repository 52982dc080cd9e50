/**
 * Stands in for @xmpp/jid in the bundles (vite alias): xmpp.js only parses JIDs with it (the
 * bound JID in @xmpp/connection, each stanza's to/from in @xmpp/middleware) and reads them back
 * with toString(), bare() and local/domain/resource; the package's class, escaping helpers and
 * exports cost ~1 KiB of each zip. Same results for those calls: domain and localpart
 * lower-cased, a localpart holding a character XEP-0106 escapes gets escaped (and trimmed), an
 * empty domain throws a TypeError. Callable with or without `new`, like the package's default.
 */
export interface XmppJid {
  local: string;
  domain: string;
  resource: string;
  toString(): string;
  bare(): XmppJid;
}

// XEP-0106 §3.1: the escapes a localpart may already hold, removed one after another (as the package does) before looking for what still needs one.
const ESCAPES = ['20', '22', '26', '27', '2f', '3a', '3c', '3e', '40', '5c'];

function make(local: string, domain: string, resource: string): XmppJid {
  if (!domain) throw new TypeError('Invalid domain.');
  let rest = local;
  for (const e of ESCAPES) rest = rest.replaceAll(`\\${e}`, '');
  if (/[ "&'/:<>@\\]/.test(rest)) local = local.trim().replace(/[ "&'/:<>@\\]/g, (c) => `\\${c.charCodeAt(0).toString(16)}`);
  local = local.toLowerCase();
  domain = domain.toLowerCase();
  return {
    local,
    domain,
    resource,
    toString: () => (local ? `${local}@` : '') + domain + (resource ? `/${resource}` : ''),
    bare() {
      return resource ? make(local, domain, '') : this;
    },
  };
}

/** RFC 7622 §3.2: the first "/" starts the resource, then the first "@" ends the localpart. */
export default function jid(s: string): XmppJid {
  const slash = s.indexOf('/');
  const bare = slash < 0 ? s : s.slice(0, slash);
  const at = bare.indexOf('@');
  return make(at < 0 ? '' : bare.slice(0, at), bare.slice(at + 1), slash < 0 ? '' : s.slice(slash + 1));
}
