/**
 * Opens action windows: one per target (a repeat focuses the open one) and at most a few per
 * site a minute, so a page cannot flood the user. State sits in storage.session because the
 * service worker may be stopped between two requests.
 */
import browser from 'webextension-polyfill';
import type { ActionRequest } from '../shared/request.ts';
import { requestKey } from '../shared/request.ts';
import type { OpenResult } from './messages.ts';
import { t } from '../shared/i18n.ts';
import { earlyEndpoint } from './early-endpoint.ts';

export const WINDOWS_PER_SITE_PER_MINUTE = 5;
const WINDOW_SIZE = { width: 420, height: 600 };

interface WindowState {
  /** target key → window id */
  byTarget: Record<string, number>;
  /** window id → request id, to discard the request when its window closes */
  requestOf: Record<string, string>;
  /** site → times (ms) windows were opened for it in the last minute */
  opened: Record<string, number[]>;
  /** site → time the last "too many" notice was shown */
  noticed: Record<string, number>;
}
const STATE_KEY = 'windows';

async function loadState(): Promise<WindowState> {
  const got = (await browser.storage.session.get(STATE_KEY))[STATE_KEY] as WindowState | undefined;
  return got ?? { byTarget: {}, requestOf: {}, opened: {}, noticed: {} };
}
const saveState = (s: WindowState) => browser.storage.session.set({ [STATE_KEY]: s });

/** Requests race each other in one worker; run state changes one at a time. */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

export function targetKey(req: ActionRequest): string {
  return req.action ? `${req.action.kind}:${req.action.jid}` : `error:${req.raw}`;
}

export function siteOf(origin: string): string {
  try {
    return new URL(origin).host || origin;
  } catch {
    return origin;
  }
}

export function showRequest(req: ActionRequest, now = Date.now()): Promise<OpenResult> {
  return serial(async () => {
    const state = await loadState();
    const key = targetKey(req);
    const existing = state.byTarget[key];
    if (existing !== undefined) {
      try {
        await browser.windows.update(existing, { focused: true, drawAttention: true });
        return { outcome: 'focused' };
      } catch {
        delete state.byTarget[key]; // closed behind our back (e.g. the worker slept through onRemoved)
      }
    }
    const site = siteOf(req.origin);
    const recent = (state.opened[site] ?? []).filter((at) => now - at < 60_000);
    if (recent.length >= WINDOWS_PER_SITE_PER_MINUTE) {
      if (now - (state.noticed[site] ?? 0) >= 60_000) {
        state.noticed[site] = now;
        void browser.notifications.create(`flood:${site}`, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('icons/icon-48.png'),
          title: t('extName'),
          message: t('floodNotice', site),
        });
      }
      state.opened[site] = recent;
      await saveState(state);
      return { outcome: 'limited' };
    }
    const [, ws] = await Promise.all([browser.storage.session.set({ [requestKey(req.id)]: req }), earlyEndpoint(req)]);
    const query = new URLSearchParams({ id: req.id, ...(ws ? { ws } : {}) });
    const win = await browser.windows.create({
      url: browser.runtime.getURL(`src/popup/action.html?${query}`),
      type: 'popup',
      focused: true,
      ...WINDOW_SIZE,
    });
    if (win.id !== undefined) {
      state.byTarget[key] = win.id;
      state.requestOf[String(win.id)] = req.id;
    }
    state.opened[site] = [...recent, now];
    await saveState(state);
    return win.id === undefined ? { outcome: 'opened' } : { outcome: 'opened', windowId: win.id };
  });
}

/**
 * Resolves once the window's page has loaded (or after `timeoutMs`). The landing page waits for
 * this before sending its tab back: the tab's navigation would otherwise compete with the
 * window's first paint (measured: the window's script ran ~30 ms later).
 */
export async function untilWindowLoaded(windowId: number, timeoutMs = 1000): Promise<void> {
  const tabIds = new Set<number>();
  let onUpdated!: (tabId: number, info: browser.Tabs.OnUpdatedChangeInfoType) => void;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const loaded = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    onUpdated = (tabId, info) => {
      if (info.status === 'complete' && tabIds.has(tabId)) resolve();
    };
    browser.tabs.onUpdated.addListener(onUpdated);
  });
  // Listening first, then asking: a load that completes in between is not missed.
  try {
    const tabs = await browser.tabs.query({ windowId });
    for (const tab of tabs) if (tab.id !== undefined) tabIds.add(tab.id);
    if (tabs.every((tab) => tab.status === 'complete')) return;
    await loaded;
  } catch {
    // The window is gone already: nothing to wait for.
  } finally {
    clearTimeout(timer);
    browser.tabs.onUpdated.removeListener(onUpdated);
  }
}

/** A closed action window frees its target and discards its request. */
export function forgetWindow(windowId: number): Promise<void> {
  return serial(async () => {
    const state = await loadState();
    const reqId = state.requestOf[String(windowId)];
    if (reqId === undefined) return;
    delete state.requestOf[String(windowId)];
    for (const [k, id] of Object.entries(state.byTarget)) if (id === windowId) delete state.byTarget[k];
    await browser.storage.session.remove(requestKey(reqId));
    await saveState(state);
  });
}
