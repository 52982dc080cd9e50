/**
 * Reads a jabber file again after its navigation was redirected: one GET of the very same URL,
 * never a re-POST. It only re-reads the file, so a page cannot use it as a relay: no cookies or
 * other credentials (the file names an action, it needs no session), no redirects (a redirect
 * to `http://192.168.1.1/…` reaches nothing), http(s) only, the jabber content type required
 * again, at most 64 KiB in at most 10 s.
 */
import { MAX_FILE_BYTES } from '../core/index.ts';
import { isJabberContentType } from '../shared/content-type.ts';

export const FETCH_FILE_ERROR_CODES = ['fetch-failed', 'too-large', 'http-error', 'not-web', 'redirected', 'wrong-type'] as const;

export class FetchFileError extends Error {
  constructor(
    readonly code: (typeof FETCH_FILE_ERROR_CODES)[number],
    message: string,
  ) {
    super(message);
  }
}

export async function fetchJabberFile(url: string, timeoutMs = 10_000): Promise<string> {
  if (!/^https?:\/\//i.test(url)) throw new FetchFileError('not-web', 'not an http(s) address');
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(url, { method: 'GET', credentials: 'omit', redirect: 'manual', cache: 'no-store', referrerPolicy: 'no-referrer', signal: ctl.signal });
    } catch (e) {
      throw new FetchFileError('fetch-failed', `${(e as Error).message}`);
    }
    // redirect: 'manual' turns any redirect into an opaque answer, refused here.
    if (res.type === 'opaqueredirect' || res.redirected || (res.status >= 300 && res.status < 400)) throw new FetchFileError('redirected', 'redirected on the second read');
    if (!res.ok) throw new FetchFileError('http-error', `HTTP ${res.status}`);
    if (!isJabberContentType(res.headers.get('content-type'))) {
      throw new FetchFileError('wrong-type', 'not application/jabber+xml');
    }
    // Stop reading past the size limit instead of buffering whatever a hostile server sends.
    const reader = res.body?.getReader();
    if (!reader) return '';
    // Decoded as it comes: a streaming TextDecoder joins a character split across chunks.
    const decoder = new TextDecoder();
    let text = '';
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      size += value.byteLength;
      if (size > MAX_FILE_BYTES) {
        await reader.cancel();
        throw new FetchFileError('too-large', 'over 64 KiB');
      }
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    clearTimeout(timer);
  }
}
