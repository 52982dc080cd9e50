import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionRequest } from '../shared/request.ts';

type Listener = (tabId: number, info: { status?: string }) => void;
const fake = vi.hoisted(() => ({
  listeners: new Set<(tabId: number, info: { status?: string }) => void>(),
  tabs: [] as Array<{ id: number; status: string }>,
  session: {} as Record<string, unknown>,
  updates: [] as Array<[number, unknown]>,
  created: 0,
  notices: 0,
}));
vi.mock('../shared/browser.ts', () => ({
  browser: {
    tabs: {
      query: async () => fake.tabs.map((t) => ({ ...t })),
      onUpdated: {
        addListener: (fn: Listener) => fake.listeners.add(fn),
        removeListener: (fn: Listener) => fake.listeners.delete(fn),
      },
    },
    windows: {
      create: async () => ({ id: 100 + ++fake.created }),
      update: async (id: number, props: unknown) => {
        fake.updates.push([id, props]);
      },
    },
    storage: {
      session: {
        get: async (k?: string | null) => (typeof k === 'string' ? { [k]: fake.session[k] } : { ...fake.session }),
        set: async (o: Record<string, unknown>) => Object.assign(fake.session, structuredClone(o)),
        remove: async (k: string) => delete fake.session[k],
      },
      local: { get: async () => ({}) },
    },
    notifications: { create: async () => fake.notices++ },
    runtime: { getURL: (p: string) => `ext://id/${p}` },
    i18n: { getMessage: (k: string) => k },
  },
}));
const { showRequest, untilWindowLoaded } = await import('./windows.ts');

const fire = (tabId: number, status: string) => {
  for (const fn of [...fake.listeners]) fn(tabId, { status });
};
const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

afterEach(() => {
  fake.listeners.clear();
  vi.useRealTimers();
});

describe('untilWindowLoaded', () => {
  it("waits for the window's tab to finish loading, ignoring other tabs, then stops listening", async () => {
    fake.tabs = [{ id: 7, status: 'loading' }];
    const p = untilWindowLoaded(1);
    expect(await settled(p)).toBe(false);
    fire(8, 'complete');
    fire(7, 'loading');
    expect(await settled(p)).toBe(false);
    fire(7, 'complete');
    expect(await settled(p)).toBe(true);
    expect(fake.listeners.size).toBe(0);
  });

  it('returns at once when the page has loaded already', async () => {
    fake.tabs = [{ id: 7, status: 'complete' }];
    expect(await settled(untilWindowLoaded(1))).toBe(true);
    expect(fake.listeners.size).toBe(0);
  });

  it('gives up after the time limit (a window that never reports)', async () => {
    vi.useFakeTimers();
    fake.tabs = [{ id: 7, status: 'loading' }];
    const p = untilWindowLoaded(1, 1000);
    expect(await settled(p)).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await settled(p)).toBe(true);
    expect(fake.listeners.size).toBe(0);
  });
});

describe('showRequest', () => {
  const req = (jid: string): ActionRequest => ({
    id: `r-${jid}-${Math.random()}`,
    origin: 'https://evil.example',
    source: 'file',
    raw: jid,
    createdAt: 0,
    action: { kind: 'chat', jid },
  });
  beforeEach(() => {
    fake.session = {};
    fake.updates = [];
    fake.created = 0;
    fake.notices = 0;
  });

  it("never brings a window forward for a page's repeat, only for the user's gesture", async () => {
    expect(await showRequest(req('juliet@capulet.example'), 'evil.example', false)).toMatchObject({ outcome: 'opened' });
    expect(await showRequest(req('juliet@capulet.example'), 'evil.example', false)).toEqual({ outcome: 'focused' });
    expect(await showRequest(req('juliet@capulet.example'), 'evil.example', true)).toEqual({ outcome: 'focused' });
    expect(fake.updates).toEqual([
      [101, { drawAttention: true }],
      [101, { focused: true }],
    ]);
    expect(fake.created).toBe(1);
  });

  it('opens three windows for a page that asks for ten, and tells the user once', async () => {
    const outcomes = [];
    for (let i = 0; i < 10; i++) outcomes.push((await showRequest(req(`flood${i}@capulet.example`), 'evil.example', false, 1000)).outcome);
    expect(outcomes.filter((o) => o === 'opened')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'limited')).toHaveLength(7);
    expect(fake.notices).toBe(1);
  });
});
