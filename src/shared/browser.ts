/**
 * The extension APIs, one explicit module: Firefox has `browser.*` natively, and Chrome's MV3
 * `chrome.*` returns promises, so webextension-polyfill's 10 KB shim would only cost zip budget.
 * Its types are still the ones we program against. The one API difference, onMessage replies,
 * uses sendResponse + `return true`, which both browsers accept (background/index.ts).
 * Unit tests replace this module with a fake (`vi.mock('…/shared/browser.ts')`).
 */
const g = globalThis as unknown as { browser?: unknown; chrome?: unknown };
export const browser = (g.browser ?? g.chrome) as typeof import('webextension-polyfill');
export type { Runtime, Storage, Tabs } from 'webextension-polyfill';
