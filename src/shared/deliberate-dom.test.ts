import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Gate, bindGate } from './deliberate-dom.ts';

/** window and document as plain EventTargets, on vitest's fake clock. */
function host(opts: { focused?: boolean; visible?: boolean } = {}) {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), {
    focused: opts.focused ?? true,
    visibilityState: opts.visible === false ? 'hidden' : 'visible',
    hasFocus() {
      return this.focused;
    },
  });
  return { win, doc, now: () => Date.now() };
}

/** A key event as the browser dispatches it at a target (only what the binding reads). */
function key(win: EventTarget, type: 'keydown' | 'keyup', k: string, opts: { repeat?: boolean; tag?: string } = {}) {
  const e = Object.assign(new Event(type, { cancelable: true }), { key: k, code: k === ' ' ? 'Space' : k, repeat: !!opts.repeat });
  Object.defineProperty(e, 'target', { value: { tagName: opts.tag ?? 'BUTTON', type: 'submit' } });
  win.dispatchEvent(e);
  return e;
}

/** A control as far as `acting` needs it. */
function control() {
  const attrs = new Map<string, string>();
  return {
    attrs,
    setAttribute: (k: string, v: string) => attrs.set(k, v),
    removeAttribute: (k: string) => attrs.delete(k),
  } as unknown as Element & { attrs: Map<string, string> };
}

describe('bindGate', () => {
  let gate: Gate | undefined;
  beforeEach(() => vi.useFakeTimers({ now: 10_000 }));
  afterEach(() => {
    gate?.stop();
    vi.useRealTimers();
  });

  it('marks acting controls aria-disabled until 800 ms after opening, then clears it on its own', () => {
    const h = host();
    gate = bindGate(h);
    const button = gate.acting(control());
    expect(button.attrs.get('aria-disabled')).toBe('true');
    expect(button.attrs.has('data-acting')).toBe(true);
    expect(gate.mayAct()).toBe(false);
    vi.advanceTimersByTime(799);
    expect(gate.mayAct()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(gate.mayAct()).toBe(true);
    expect(button.attrs.has('aria-disabled')).toBe(false);
  });

  it('a control added later (a form shown after sign-in) waits its own 800 ms, and so do the others', () => {
    const h = host();
    gate = bindGate(h);
    const first = gate.acting(control());
    vi.advanceTimersByTime(2000);
    expect(first.attrs.has('aria-disabled')).toBe(false);
    const second = gate.acting(control());
    expect(gate.mayAct()).toBe(false);
    expect(first.attrs.get('aria-disabled')).toBe('true');
    expect(second.attrs.get('aria-disabled')).toBe('true');
    vi.advanceTimersByTime(800);
    expect(gate.mayAct()).toBe(true);
    expect(second.attrs.has('aria-disabled')).toBe(false);
  });

  it('a window that opens unfocused waits for focus, then 800 ms', () => {
    const h = host({ focused: false });
    gate = bindGate(h);
    vi.advanceTimersByTime(5000);
    expect(gate.mayAct()).toBe(false);
    h.win.dispatchEvent(new Event('focus'));
    vi.advanceTimersByTime(799);
    expect(gate.mayAct()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(gate.mayAct()).toBe(true);
  });

  it('blur, focus and visibilitychange disarm it for another 800 ms', () => {
    const h = host();
    gate = bindGate(h);
    const button = gate.acting(control());
    vi.advanceTimersByTime(1000);
    expect(gate.mayAct()).toBe(true);
    h.win.dispatchEvent(new Event('blur'));
    expect(gate.mayAct()).toBe(false);
    expect(button.attrs.get('aria-disabled')).toBe('true');
    h.win.dispatchEvent(new Event('focus'));
    vi.advanceTimersByTime(700);
    expect(gate.mayAct()).toBe(false);
    vi.advanceTimersByTime(100);
    expect(gate.mayAct()).toBe(true);

    h.doc.visibilityState = 'hidden';
    h.doc.dispatchEvent(new Event('visibilitychange'));
    expect(gate.mayAct()).toBe(false);
    h.doc.visibilityState = 'visible';
    h.doc.dispatchEvent(new Event('visibilitychange'));
    vi.advanceTimersByTime(799);
    expect(gate.mayAct()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(gate.mayAct()).toBe(true);
  });

  it('Enter pressed at once has its default prevented; held into the armed window it still does nothing', () => {
    const h = host();
    gate = bindGate(h);
    expect(key(h.win, 'keydown', 'Enter').defaultPrevented).toBe(true);
    vi.advanceTimersByTime(1000);
    const repeat = key(h.win, 'keydown', 'Enter', { repeat: true });
    expect(repeat.defaultPrevented).toBe(true);
    // In the same task as the repeat (where a browser would submit the form), nothing may act.
    expect(gate.mayAct()).toBe(false);
    vi.advanceTimersByTime(0);
    expect(key(h.win, 'keyup', 'Enter').defaultPrevented).toBe(true);
    vi.advanceTimersByTime(0);
    expect(gate.mayAct()).toBe(true);
    // A fresh press after arming acts.
    expect(key(h.win, 'keydown', 'Enter').defaultPrevented).toBe(false);
    expect(gate.mayAct()).toBe(true);
  });

  it('Space pressed on a button before arming and released after does not click it', () => {
    const h = host();
    gate = bindGate(h);
    key(h.win, 'keydown', ' ');
    vi.advanceTimersByTime(1000);
    expect(key(h.win, 'keyup', ' ').defaultPrevented).toBe(true);
    expect(gate.mayAct()).toBe(false);
  });

  it('typing into a text field before arming is left alone (only acting keys are stopped)', () => {
    const h = host();
    gate = bindGate(h);
    expect(key(h.win, 'keydown', 'a', { tag: 'INPUT' }).defaultPrevented).toBe(false);
    expect(key(h.win, 'keydown', ' ', { tag: 'TEXTAREA' }).defaultPrevented).toBe(false);
    expect(key(h.win, 'keydown', 'Enter', { tag: 'TEXTAREA' }).defaultPrevented).toBe(false);
    expect(key(h.win, 'keydown', 'Enter', { tag: 'INPUT' }).defaultPrevented).toBe(true);
  });

  it('a pointer pressed before arming and released after does not act', () => {
    const h = host();
    gate = bindGate(h);
    h.win.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(1000);
    h.win.dispatchEvent(new Event('pointerup'));
    expect(gate.mayAct()).toBe(false);
    vi.advanceTimersByTime(0);
    h.win.dispatchEvent(new Event('pointerdown'));
    h.win.dispatchEvent(new Event('pointerup'));
    expect(gate.mayAct()).toBe(true);
  });
});
