import { afterEach, describe, expect, it, vi } from 'vitest';

type Listener = (tabId: number, info: { status?: string }) => void;
const fake = vi.hoisted(() => ({
  listeners: new Set<(tabId: number, info: { status?: string }) => void>(),
  tabs: [] as Array<{ id: number; status: string }>,
}));
vi.mock('webextension-polyfill', () => ({
  default: {
    tabs: {
      query: async () => fake.tabs.map((t) => ({ ...t })),
      onUpdated: {
        addListener: (fn: Listener) => fake.listeners.add(fn),
        removeListener: (fn: Listener) => fake.listeners.delete(fn),
      },
    },
  },
}));
const { untilWindowLoaded } = await import('./windows.ts');

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
