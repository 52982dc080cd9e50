/**
 * Firefox: blocking webRequest sees the Content-Type of a frame's response and redirects it to
 * our landing page, before Firefox would start a download. Event pages must register this at
 * every start, so it is a listener, not an install step. Each redirect carries a one-time token
 * (kept in memory: the landing page reports back within ~0.1 s, long before the event page could
 * be suspended), so only our own redirects are obeyed.
 *
 * Firefox's protocol handler (`manifest.protocol_handlers`) also lands here, as `?uri=…`: that
 * is honoured in a top-level frame only (a hidden frame cannot use it).
 */
import { browser } from '../shared/browser.ts';
import { isJabberContentType } from '../shared/content-type.ts';
import { LANDING_PATH } from '../shared/paths.ts';
import type { Landing } from './landing-claim.ts';
import { landingFragment, newToken, parseLandingHash } from './landing-token.ts';

const TOKEN_TTL_MS = 30_000;
/** token → the URL it was issued for, and until when it may be claimed */
const issued = new Map<string, { url: string; until: number }>();

export async function installInterception(): Promise<void> {}

export function registerInterceptionListeners(): void {
  browser.webRequest.onHeadersReceived.addListener(
    (details) => {
      const type = details.responseHeaders?.find((h) => h.name.toLowerCase() === 'content-type')?.value;
      if (!isJabberContentType(type)) return {};
      const now = Date.now();
      for (const [k, v] of issued) if (v.until < now) issued.delete(k);
      const token = newToken();
      issued.set(token, { url: details.url, until: now + TOKEN_TTL_MS });
      return { redirectUrl: `${browser.runtime.getURL(LANDING_PATH)}#${landingFragment(token, details.url)}` };
    },
    { urls: ['http://*/*', 'https://*/*'], types: ['main_frame', 'sub_frame'] },
    ['blocking', 'responseHeaders'],
  );
}

export async function claimLanding(url: URL, topFrame: boolean): Promise<Landing | undefined> {
  const got = parseLandingHash(url.hash);
  if (got) {
    const entry = issued.get(got.token);
    issued.delete(got.token);
    // The URL issued with the token, not the one read back: what the browser redirected is what we fetch.
    return entry && entry.until >= Date.now() ? { file: entry.url } : undefined;
  }
  const uri = url.searchParams.get('uri');
  return uri && topFrame ? { uri } : undefined;
}
