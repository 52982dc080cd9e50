/**
 * Stands in for webextension-polyfill in the bundles (vite alias): Firefox has `browser.*`
 * natively, and Chrome's MV3 `chrome.*` returns promises, so the 10 KB shim only cost zip
 * budget. Types still come from webextension-polyfill. The one API difference, onMessage
 * replies, uses sendResponse + `return true`, which both browsers accept.
 */
const g = globalThis as unknown as { browser?: unknown; chrome?: unknown };
export default (g.browser ?? g.chrome) as typeof import('webextension-polyfill');
