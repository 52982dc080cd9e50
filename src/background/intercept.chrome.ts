/**
 * Chrome: a declarativeNetRequest rule matches the response's Content-Type before Chrome decides
 * to download, and redirects the frame to our landing page with a token and the original URL
 * after '#'. Dynamic rules persist, so the rule is written on install and again whenever its
 * token is used: the token rotates at every use (a replayed or leaked landing URL is dead), with
 * the retired ones honoured for a short grace so a burst of frames redirected together still
 * lands. Chrome has no protocol handler for extensions: a `?uri=` on the landing page is ignored.
 */
import { LANDING_PATH } from '../shared/paths.ts';
import { landingFragment, newToken, parseLandingHash } from './landing-token.ts';
import type { Landing } from './landing-claim.ts';
import { local } from '../shared/storage.ts';
import { serialQueue } from './serial.ts';

const RULE_ID = 1;
/** Frames redirected by the same rule before a rotation land within this time (measured ~0.1 s). */
const GRACE_MS = 30_000;

/** Retired tokens still honoured, newest last: a burst of frames can outrun several rotations. */
const MAX_RETIRED = 20;

interface SecretState {
  current: string;
  retired?: Array<{ token: string; until: number }>;
}

async function writeRule(token: string): Promise<void> {
  const landing = chrome.runtime.getURL(LANDING_PATH);
  await chrome.declarativeNetRequest.updateDynamicRules({
    removeRuleIds: [RULE_ID],
    addRules: [
      {
        id: RULE_ID,
        priority: 1,
        action: {
          type: 'redirect',
          redirect: { regexSubstitution: `${landing}#${landingFragment(token, '\\0')}` },
        },
        condition: {
          regexFilter: '^https?://.*$',
          resourceTypes: ['main_frame', 'sub_frame'],
          // Header value matching is case-insensitive; '*' covers parameters such as charset.
          responseHeaders: [{ header: 'content-type', values: ['application/jabber+xml', 'application/jabber+xml;*', 'application/jabber+xml *'] }],
        },
      },
    ],
  });
}

async function rotate(old?: SecretState, now = Date.now()): Promise<void> {
  const retired = [...(old?.retired ?? []).filter((r) => r.until > now), ...(old ? [{ token: old.current, until: now + GRACE_MS }] : [])];
  const state: SecretState = { current: newToken(), retired: retired.slice(-MAX_RETIRED) };
  await local.set('landingSecret', state);
  await writeRule(state.current);
}

export function installInterception(): Promise<void> {
  return rotate();
}

/** Nothing to register at start: the rule lives in the browser. */
export function registerInterceptionListeners(): void {}

/** Serialised: two landings at once must not both rotate from the same state. */
const serial = serialQueue();

/** What a landing URL asks for, if the extension's own rule put it there. */
export function claimLanding(url: URL, _topFrame: boolean): Promise<Landing | undefined> {
  return serial(async (): Promise<Landing | undefined> => {
    const got = parseLandingHash(url.hash);
    if (!got) return undefined;
    const state = (await local.get('landingSecret')) as SecretState | undefined;
    if (!state) return undefined;
    const now = Date.now();
    if (got.token === state.current) await rotate(state, now);
    else if (!state.retired?.some((r) => r.token === got.token && now < r.until)) return undefined;
    return { file: got.url };
  });
}
