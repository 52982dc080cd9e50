/**
 * Opens action windows: one per target (a repeat points at the open one) and no more than the
 * flood rule allows (limits.ts). State sits in storage.session because the service worker may be
 * stopped between two requests.
 */
import { browser, type Tabs } from '../shared/browser.ts';
import type { ActionRequest } from '../shared/request.ts';
import { ACTION_PATH } from '../shared/paths.ts';
import { requestKey, session } from '../shared/storage.ts';
import type { Asker } from './asker.ts';
import type { OpenResult } from '../shared/messages.ts';
import { t } from '../shared/i18n.ts';
import { windowHints } from './early-endpoint.ts';
import { admit, closed, emptyLimits, type LimitState, opened } from './limits.ts';
import { serialQueue } from './serial.ts';

const WINDOW_SIZE = { width: 420, height: 600 };

/** The toolbar popup asks as the user themself. */
export const TOOLBAR: Asker = { origin: 'toolbar', site: 'toolbar' };

interface WindowState {
  /** target key → window id */
  byTarget: Record<string, number>;
  /** window id → request id, to discard the request when its window closes */
  requestOf: Record<string, string>;
  limits: LimitState;
}

async function loadState(): Promise<WindowState> {
  const got = (await session.get('windows')) as WindowState | undefined;
  return got?.limits ? got : { byTarget: {}, requestOf: {}, limits: emptyLimits() };
}
const saveState = (s: WindowState) => session.set('windows', s);

/** Requests race each other in one worker; run state changes one at a time. */
const serial = serialQueue();

export function targetKey(req: ActionRequest): string {
  return req.action ? `${req.action.kind}:${req.action.jid}` : `error:${req.raw}`;
}

/**
 * Shows `req` in a window, as asked by `site` (the flood rule's key). A repeat of an open target
 * brings that window forward only for the user's own gesture; otherwise it only asks for
 * attention (the taskbar flashes): a page never steals focus.
 */
export function showRequest(req: ActionRequest, site: string, gesture: boolean, now = Date.now()): Promise<OpenResult> {
  return serial(async () => {
    const state = await loadState();
    const key = targetKey(req);
    const existing = state.byTarget[key];
    if (existing !== undefined) {
      try {
        await browser.windows.update(existing, gesture ? { focused: true } : { drawAttention: true });
        return { outcome: 'focused' };
      } catch {
        delete state.byTarget[key]; // closed behind our back (e.g. the worker slept through onRemoved)
        closed(state.limits, existing);
      }
    }
    const verdict = admit(state.limits, site, gesture, now);
    if (!verdict.allow) {
      if (verdict.notify) {
        void browser.notifications.create('flood', {
          type: 'basic',
          iconUrl: browser.runtime.getURL('icons/icon.png'),
          title: t('extName'),
          message: t('floodNotice', site),
        });
      }
      await saveState(state);
      return { outcome: 'limited' };
    }
    const [, hints] = await Promise.all([session.set(requestKey(req.id), req), windowHints(req)]);
    const query = new URLSearchParams({ id: req.id, ...hints });
    const win = await browser.windows.create({
      url: browser.runtime.getURL(`${ACTION_PATH}?${query}`),
      type: 'popup',
      focused: true,
      ...WINDOW_SIZE,
    });
    if (win.id !== undefined) {
      state.byTarget[key] = win.id;
      state.requestOf[win.id] = req.id;
      opened(state.limits, win.id, site, gesture, now);
    }
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
  let onUpdated!: (tabId: number, info: Tabs.OnUpdatedChangeInfoType) => void;
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
    const reqId = state.requestOf[windowId];
    if (reqId === undefined) return;
    delete state.requestOf[windowId];
    closed(state.limits, windowId);
    for (const [k, id] of Object.entries(state.byTarget)) if (id === windowId) delete state.byTarget[k];
    await session.remove(requestKey(reqId));
    await saveState(state);
  });
}
