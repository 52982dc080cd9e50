/**
 * The landing page obeys only redirects the extension made itself: each redirect puts a token
 * in the URL's fragment (`#<token>~<original URL>`), which a web page cannot know, and the
 * background checks it against what it issued (intercept.<browser>.ts keeps the tokens).
 *
 * The fragment is read exactly as the browser serialised it, never percent-decoded: decoding
 * would turn an escaped `%23` or `%2F` in the file's URL into a different URL.
 */
const TOKEN = /^[0-9a-f]{32}$/;

export function newToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const landingFragment = (token: string, url: string) => `${token}~${url}`;

/** `{token, url}` from a landing URL's hash (with or without '#'); undefined unless well-formed and http(s). */
export function parseLandingHash(hash: string): { token: string; url: string } | undefined {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const cut = body.indexOf('~');
  if (cut < 0) return undefined;
  const token = body.slice(0, cut);
  const url = body.slice(cut + 1);
  if (!TOKEN.test(token) || !/^https?:\/\//i.test(url)) return undefined;
  return { token, url };
}
