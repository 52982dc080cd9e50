import { describe, expect, it } from 'vitest';
import { GROUP_MS, clock, dayLabel, grouped, newDay } from './timeline.ts';

const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const words = { today: 'Today', yesterday: 'Yesterday' };

describe('clock', () => {
  it('shows hours and minutes in the locale asked for', () => {
    expect(clock(at(2026, 12, 1, 14, 5), 'en-GB')).toBe('14:05');
    expect(clock(at(2026, 12, 1, 14, 5), 'en-US')).toMatch(/^2:05\sPM$/);
    expect(clock(at(2026, 12, 1, 9, 7), 'zh-CN')).toBe('9:07');
  });
});

describe('day separators', () => {
  it('puts one before the first line and where the local date changes', () => {
    expect(newDay(undefined, at(2026, 12, 1))).toBe(true);
    expect(newDay(at(2026, 12, 1, 0, 1), at(2026, 12, 1, 23, 59))).toBe(false);
    expect(newDay(at(2026, 11, 30, 23, 59), at(2026, 12, 1, 0, 1))).toBe(true);
  });

  it('says Today, Yesterday, or the date', () => {
    const now = at(2026, 12, 1, 9);
    expect(dayLabel(at(2026, 12, 1, 0, 0), now, words)).toBe('Today');
    expect(dayLabel(at(2026, 11, 30, 23, 59), now, words)).toBe('Yesterday');
    expect(dayLabel(at(2026, 11, 29, 12), now, words, 'en-GB')).toBe('29 Nov 2026');
    expect(dayLabel(at(2026, 1, 1, 12), at(2026, 1, 2, 12), words)).toBe('Yesterday');
    expect(dayLabel(at(2025, 12, 31, 12), at(2026, 1, 1, 12), words)).toBe('Yesterday');
  });

  it('counts yesterday by the calendar across a daylight-saving change', () => {
    // Whatever the test machine's zone: yesterday is the previous date, not now minus 24 hours.
    expect(dayLabel(at(2026, 3, 28, 23, 30), at(2026, 3, 29, 23, 30), words)).toBe('Yesterday');
    expect(dayLabel(at(2026, 10, 25, 0, 10), at(2026, 10, 26, 0, 5), words)).toBe('Yesterday');
  });
});

describe('grouping', () => {
  const t0 = at(2026, 12, 1, 10);
  it('groups the same sender within a few minutes', () => {
    expect(grouped({ from: 'bob', at: t0 }, { from: 'bob', at: t0 + 60_000 })).toBe(true);
    expect(grouped({ from: 'bob', at: t0 }, { from: 'bob', at: t0 + GROUP_MS })).toBe(true);
  });
  it('starts a new group for another sender, a long pause, a new day, or the first line', () => {
    expect(grouped(undefined, { from: 'bob', at: t0 })).toBe(false);
    expect(grouped({ from: 'bob', at: t0 }, { from: 'alice', at: t0 + 1000 })).toBe(false);
    expect(grouped({ from: 'bob', at: t0 }, { from: 'bob', at: t0 + GROUP_MS + 1 })).toBe(false);
    expect(grouped({ from: 'bob', at: at(2026, 11, 30, 23, 59) }, { from: 'bob', at: at(2026, 12, 1, 0, 1) })).toBe(false);
  });
  it('does not group a line dated before the one above it (a late archive stamp)', () => {
    expect(grouped({ from: 'bob', at: t0 }, { from: 'bob', at: t0 - 1000 })).toBe(false);
  });
});
