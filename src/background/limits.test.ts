import { describe, expect, it } from 'vitest';
import { admit, closed, emptyLimits, NOTICE_EVERY_MS, OPEN_PER_SITE, opened, PER_MINUTE } from './limits.ts';

/** Opens windows for `site` until refused; returns how many were let through. */
function flood(state = emptyLimits(), site = 'evil.example', tries = 20, now = 0, firstId = 1): number {
  let n = 0;
  for (let i = 0; i < tries; i++) {
    if (!admit(state, site, false, now).allow) continue;
    opened(state, firstId + i, site, false, now);
    n++;
  }
  return n;
}

describe('flood limits', () => {
  it(`lets a page keep at most ${OPEN_PER_SITE} windows open at once`, () => {
    expect(flood()).toBe(OPEN_PER_SITE);
  });

  it('frees a place when one of them closes', () => {
    const s = emptyLimits();
    flood(s);
    expect(admit(s, 'evil.example', false, 1).allow).toBe(false);
    closed(s, 1);
    expect(admit(s, 'evil.example', false, 1).allow).toBe(true);
  });

  it(`counts by site, and caps all sites together at ${PER_MINUTE} a minute`, () => {
    const s = emptyLimits();
    let total = 0;
    for (let i = 0; i < 20; i++) total += flood(s, `host${i}.example`, 1, 1000 + i, 100 + i);
    expect(total).toBe(PER_MINUTE);
    // A minute later the rate allows more again.
    expect(admit(s, 'host99.example', false, 1000 + 60_000 + 20).allow).toBe(true);
  });

  it("never limits the user's own gesture, but counts its windows for the site", () => {
    const s = emptyLimits();
    for (let i = 0; i < 12; i++) {
      expect(admit(s, 'chat.example', true, 0).allow).toBe(true);
      opened(s, i, 'chat.example', true, 0);
    }
    expect(s.recent).toEqual([]);
    expect(admit(s, 'chat.example', false, 0).allow).toBe(false);
  });

  it('asks to tell the user once per burst, not once per dropped request', () => {
    const s = emptyLimits();
    flood(s, 'evil.example', 3, 10_000);
    const verdicts = Array.from({ length: 5 }, () => admit(s, 'evil.example', false, 10_000));
    expect(verdicts.filter((v) => !v.allow && v.notify)).toHaveLength(1);
    expect(admit(s, 'evil.example', false, 10_000 + NOTICE_EVERY_MS)).toEqual({ allow: false, notify: true });
  });

  it('keeps its record bounded', () => {
    const s = emptyLimits();
    for (let i = 0; i < 500; i++) opened(s, i, `s${i}.example`, i % 2 === 0, i);
    expect(Object.keys(s.open).length).toBeLessThanOrEqual(50);
    expect(s.recent.length).toBeLessThanOrEqual(PER_MINUTE);
  });
});
