/** Reads a jabber file again after its navigation was redirected: one GET, never a re-POST. */
export const MAX_FILE_BYTES = 64 * 1024;

export class FetchFileError extends Error {
  constructor(
    readonly code: 'fetch-failed' | 'too-large' | 'http-error',
    message: string,
  ) {
    super(message);
  }
}

export async function fetchJabberFile(url: string, timeoutMs = 10_000): Promise<string> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      // credentials: the page's cookies go along where the browser allows, as for the original click.
      res = await fetch(url, { method: 'GET', credentials: 'include', cache: 'no-store', signal: ctl.signal });
    } catch (e) {
      throw new FetchFileError('fetch-failed', `Could not read the file: ${(e as Error).message}`);
    }
    if (!res.ok) throw new FetchFileError('http-error', `The server answered ${res.status} when the file was read again.`);
    // Stop reading past the size limit instead of buffering whatever a hostile server sends.
    const reader = res.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_FILE_BYTES) {
        await reader.cancel();
        throw new FetchFileError('too-large', 'The file is larger than 64 KiB, which no jabber file needs.');
      }
      chunks.push(value);
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    return new TextDecoder().decode(all);
  } finally {
    clearTimeout(timer);
  }
}
