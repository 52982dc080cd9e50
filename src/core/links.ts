/**
 * Finding web links in a message body: only http and https (never javascript:, data:, xmpp:…),
 * with trailing punctuation left out as people write it ("see https://x.org/a.").
 */
export interface Piece {
  text: string;
  /** Set when the piece is a link to open. */
  href?: string;
}

const URL_RE = /\bhttps?:\/\/[^\s<>"]+/gi;

export function splitLinks(text: string): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    const trail = /[.,;:!?)\]}'’]+$/.exec(url);
    if (trail && !(trail[0].startsWith(')') && url.includes('('))) url = url.slice(0, -trail[0].length);
    let href: string | undefined;
    try {
      const u = new URL(url);
      if (u.protocol === 'http:' || u.protocol === 'https:') href = u.href;
    } catch {}
    if (!href) continue;
    if (m.index > at) out.push({ text: text.slice(at, m.index) });
    out.push({ text: url, href });
    at = m.index + url.length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}
