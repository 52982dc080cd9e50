/** Turns what a page handed us (a URI, a file URL, pasted text) into an ActionRequest and shows it. */
import { ParseError, parseJabberFile, parseXmppUri, type Action } from '../core/index.ts';
import type { ActionRequest, RequestError } from '../shared/request.ts';
import { fetchJabberFile, FetchFileError } from './fetch-file.ts';
import type { OpenResult, Source } from './messages.ts';
import { showRequest } from './windows.ts';

function toError(e: unknown): RequestError {
  if (e instanceof ParseError || e instanceof FetchFileError) return { code: e.code, message: e.message };
  return { code: 'internal', message: String((e as Error)?.message ?? e) };
}

function newRequest(raw: string, origin: string, source: Source, parse: () => Action): ActionRequest {
  const base = { id: crypto.randomUUID(), origin, source, raw, createdAt: Date.now() };
  // parse() may throw a fetch failure or a ParseError; both become the request's error.
  try {
    return { ...base, action: parse() };
  } catch (e) {
    return { ...base, error: toError(e) };
  }
}

export function openUri(uri: string, origin: string, source: Source): Promise<OpenResult> {
  return showRequest(newRequest(uri, origin, source, () => parseXmppUri(uri)));
}

export function openText(text: string, origin: string): Promise<OpenResult> {
  return showRequest(newRequest(text.slice(0, 200), origin, 'paste', () => parseJabberFile(text)));
}

export async function openFile(url: string, source: Source): Promise<OpenResult> {
  let origin = url;
  try {
    origin = new URL(url).origin;
  } catch {
    /* keep the raw text */
  }
  let fetched: { text: string } | { error: unknown };
  try {
    fetched = { text: await fetchJabberFile(url) };
  } catch (error) {
    fetched = { error };
  }
  return showRequest(
    newRequest(url, origin, source, () => {
      if ('error' in fetched) throw fetched.error;
      return parseJabberFile(fetched.text);
    }),
  );
}
