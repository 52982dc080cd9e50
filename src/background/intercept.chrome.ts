/**
 * Chrome: a declarativeNetRequest rule matches the response's Content-Type before Chrome decides
 * to download, and redirects the frame to our landing page with the original URL after '#'.
 * Dynamic rules persist, so this runs on install/update only, not at every browser start.
 */
import { LANDING_PATH } from '../shared/paths.ts';

const RULE_ID = 1;

export async function installInterception(): Promise<void> {
  const landing = chrome.runtime.getURL(LANDING_PATH);
  await chrome.declarativeNetRequest.updateDynamicRules({
    removeRuleIds: [RULE_ID],
    addRules: [
      {
        id: RULE_ID,
        priority: 1,
        action: {
          type: chrome.declarativeNetRequest.RuleActionType.REDIRECT,
          redirect: { regexSubstitution: `${landing}#\\0` },
        },
        condition: {
          regexFilter: '^https?://.*$',
          resourceTypes: [
            chrome.declarativeNetRequest.ResourceType.MAIN_FRAME,
            chrome.declarativeNetRequest.ResourceType.SUB_FRAME,
          ],
          // Header value matching is case-insensitive; '*' covers parameters such as charset.
          responseHeaders: [{ header: 'content-type', values: ['application/jabber+xml', 'application/jabber+xml;*', 'application/jabber+xml *'] }],
        },
      },
    ],
  });
}

/** Nothing to register at start: the rule lives in the browser. */
export function registerInterceptionListeners(): void {}
