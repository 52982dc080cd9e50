/** Turns what a page handed us (a URI, a file URL, pasted text) into an ActionRequest and shows it. */
import { ParseError, parseJabberFile, parseXmppUri, type Action } from '../core/index.ts';
import type { ActionRequest, RequestError } from '../shared/request.ts';
import type { Asker } from './asker.ts';
import { fetchJabberFile, FetchFileError } from './fetch-file.ts';
import type { OpenResult, Source } from '../shared/messages.ts';
import { showRequest, TOOLBAR } from './windows.ts';

function toError(e: unknown): RequestError {
  if (e instanceof ParseError || e instanceof FetchFileError) return { code: e.code, message: e.message };
  return { code: 'internal', message: String((e as Error)?.message ?? e) };
}

function newRequest(raw: string, origin: string, source: Source, parse: () => Action): ActionRequest {
  // raw is only shown: a data: URL or a pasted file need not be kept whole.
  const base = { id: crypto.randomUUID(), origin, source, raw: raw.slice(0, 2048), createdAt: Date.now() };
  // parse() may throw a fetch failure or a ParseError; both become the request's error.
  try {
    return { ...base, action: parse() };
  } catch (e) {
    return { ...base, error: toError(e) };
  }
}

/** `gesture`: the user's own click asked for it (see limits.ts). */
export function openUri(uri: string, asker: Asker, source: Source, gesture: boolean): Promise<OpenResult> {
  return showRequest(newRequest(uri, asker.origin, source, () => parseXmppUri(uri)), asker.site, gesture);
}

export function openText(text: string): Promise<OpenResult> {
  return showRequest(newRequest(text.slice(0, 200), TOOLBAR.origin, 'paste', () => parseJabberFile(text)), TOOLBAR.site, true);
}

export async function openFile(url: string, asker: Asker, source: Source, gesture: boolean): Promise<OpenResult> {
  let fetched: { text: string } | { error: unknown };
  try {
    fetched = { text: await fetchJabberFile(url) };
  } catch (error) {
    fetched = { error };
  }
  return showRequest(
    newRequest(url, asker.origin, source, () => {
      if ('error' in fetched) throw fetched.error;
      return parseJabberFile(fetched.text);
    }),
    asker.site,
    gesture,
  );
}
