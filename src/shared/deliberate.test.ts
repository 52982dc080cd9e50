import { describe, expect, it } from 'vitest';
import { ARM_DELAY_MS, createArming } from './deliberate.ts';

const shownAt = (now: number) => createArming({ focused: true, visible: true, now });

describe('createArming', () => {
  it('arms 800 ms after the window is shown and focused, not before', () => {
    expect(ARM_DELAY_MS).toBe(800);
    const a = shownAt(1000);
    expect(a.armed(1000)).toBe(false);
    expect(a.armed(1799)).toBe(false);
    expect(a.armed(1800)).toBe(true);
    expect(a.armsAt()).toBe(1800);
  });

  it('does not arm while unfocused or hidden; starts counting when both hold', () => {
    const a = createArming({ focused: false, visible: true, now: 0 });
    expect(a.armed(10_000)).toBe(false);
    expect(a.armsAt()).toBeUndefined();
    a.hidden(10_000);
    a.focus(10_100);
    expect(a.armed(20_000)).toBe(false);
    a.visible(20_000);
    expect(a.armed(20_799)).toBe(false);
    expect(a.armed(20_800)).toBe(true);
  });

  it('disarms on blur and waits the full delay again after focus returns', () => {
    const a = shownAt(0);
    expect(a.armed(5000)).toBe(true);
    a.blur(5000);
    expect(a.armed(5001)).toBe(false);
    a.focus(5100);
    expect(a.armed(5899)).toBe(false);
    expect(a.armed(5900)).toBe(true);
  });

  it('disarms when the page is hidden and re-arms only 800 ms after it is visible again', () => {
    const a = shownAt(0);
    a.hidden(2000);
    expect(a.armed(2000)).toBe(false);
    a.visible(3000);
    expect(a.armed(3700)).toBe(false);
    expect(a.armed(3800)).toBe(true);
  });

  it('a repeated focus event restarts the wait', () => {
    const a = shownAt(0);
    a.focus(5000);
    expect(a.armed(5500)).toBe(false);
    expect(a.armed(5800)).toBe(true);
  });

  it('a key pressed before arming does nothing, not even when released after arming', () => {
    const a = shownAt(0);
    expect(a.press('Enter', 100, false)).toBe(false);
    expect(a.press('Enter', 900, true)).toBe(false); // held: auto-repeat after arming
    expect(a.release('Enter', 1000)).toBe(false);
  });

  it('auto-repeat never acts, even of a key first pressed after arming', () => {
    const a = shownAt(0);
    expect(a.press('Enter', 1000, false)).toBe(true);
    expect(a.press('Enter', 1030, true)).toBe(false);
  });

  it('a key held since before the window (only its repeats and release are seen) never acts', () => {
    const a = shownAt(0);
    expect(a.press('Space', 2000, true)).toBe(false);
    expect(a.release('Space', 2100)).toBe(false);
    // A fresh press after that counts.
    expect(a.press('Space', 2200, false)).toBe(true);
    expect(a.release('Space', 2250)).toBe(true);
  });

  it('a release without a press seen here does not act', () => {
    const a = shownAt(0);
    expect(a.release('Space', 5000)).toBe(false);
  });

  it('a press that counted no longer counts once focus moved away while it was held', () => {
    const a = shownAt(0);
    expect(a.press('Space', 1000, false)).toBe(true);
    a.blur(1100);
    a.focus(1200);
    expect(a.release('Space', 2500)).toBe(false);
  });

  it('keys are tracked one by one', () => {
    const a = shownAt(0);
    expect(a.press('ShiftLeft', 100, false)).toBe(false);
    expect(a.press('Enter', 900, false)).toBe(true);
    expect(a.release('Enter', 950)).toBe(true);
    expect(a.release('ShiftLeft', 960)).toBe(false);
  });

  it('restart (new controls shown) waits the full delay again and voids keys held until then', () => {
    const a = shownAt(0);
    expect(a.press('Enter', 1000, false)).toBe(true);
    a.restart(1500);
    expect(a.armed(2299)).toBe(false);
    expect(a.armed(2300)).toBe(true);
    expect(a.release('Enter', 2400)).toBe(false);
  });

  it('restart while unfocused does not start the clock', () => {
    const a = createArming({ focused: false, visible: true, now: 0 });
    a.restart(100);
    expect(a.armsAt()).toBeUndefined();
    a.focus(200);
    expect(a.armed(1000)).toBe(true);
  });

  it('takes another delay when asked', () => {
    const a = createArming({ focused: true, visible: true, now: 0, delayMs: 50 });
    expect(a.armed(49)).toBe(false);
    expect(a.armed(50)).toBe(true);
  });
});
