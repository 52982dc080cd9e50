/**
 * The DOM side of `deliberate.ts`: feeds it the window's focus, visibility, key and pointer
 * events, and answers `mayAct()` for the handlers of acting controls (submitForm, sendOnEnter,
 * single buttons). Acting controls show they are not ready yet with `aria-disabled`, not
 * `disabled`: a disabled button drops out of the tab order and throws focus back to the body
 * every time the window re-arms, and the views already use `disabled` for "busy" and "done".
 *
 * Key presses that do not count (started before arming, or auto-repeat) have their default
 * prevented when it would activate something (Enter anywhere but a text area, Space on a control
 * that is not a text field), and mark the rest of the current task as "not deliberate", so a
 * click or submit the browser synthesises from them is refused too.
 */
import { ARM_DELAY_MS, createArming } from './deliberate.ts';

/** What the binding needs from `window` and `document`; Node tests pass plain EventTargets. */
export interface GateHost {
  win: EventTarget;
  doc: EventTarget & { hasFocus(): boolean; visibilityState: string };
  now?: () => number;
  delayMs?: number;
}

export interface Gate {
  /** True when an acting control may act now. */
  mayAct(): boolean;
  /**
   * Marks a control as acting: `aria-disabled` until the window is armed. A new control restarts
   * the delay for all of them, as a permission prompt's buttons wait from when it is shown.
   */
  acting<T extends Element>(el: T): T;
  /** Removes every listener (tests). */
  stop(): void;
}

interface KeyLike extends Event {
  key?: string;
  code?: string;
  repeat?: boolean;
}

const TEXT_INPUT = /^(text|search|email|url|tel|password|number)$/;

/** Would this key's default action activate a control or submit a form? */
function activates(e: KeyLike): boolean {
  const target = e.target as { tagName?: string; type?: string; isContentEditable?: boolean } | null;
  const tag = target?.tagName?.toLowerCase();
  if (e.key === 'Enter') return tag !== 'textarea' && !target?.isContentEditable;
  if (e.key === ' ' || e.key === 'Spacebar') {
    const textual = tag === 'textarea' || (tag === 'input' && TEXT_INPUT.test(target?.type ?? 'text')) || !!target?.isContentEditable;
    return !textual;
  }
  return false;
}

export function bindGate(host: GateHost): Gate {
  const now = host.now ?? (() => performance.now());
  const { win, doc } = host;
  const arming = createArming({
    focused: doc.hasFocus(),
    visible: doc.visibilityState === 'visible',
    now: now(),
    delayMs: host.delayMs ?? ARM_DELAY_MS,
  });
  const controls = new Set<Element>();
  let shown = arming.armed(now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Set for the rest of the task that saw a key or pointer event that does not count. */
  let tainted = false;

  const paint = (el: Element) => {
    if (shown) el.removeAttribute('aria-disabled');
    else el.setAttribute('aria-disabled', 'true');
  };
  const refresh = () => {
    const armed = arming.armed(now());
    if (armed !== shown) {
      shown = armed;
      for (const el of controls) paint(el);
    }
    clearTimeout(timer);
    timer = undefined;
    const at = arming.armsAt();
    if (!armed && at !== undefined) timer = setTimeout(refresh, Math.max(0, at - now()));
  };
  const taint = () => {
    if (tainted) return;
    tainted = true;
    setTimeout(() => (tainted = false), 0);
  };
  const keyId = (e: KeyLike) => e.code || e.key || '?';

  /** A window (not element) focus change, or a visibility change: the state changes, then the look. */
  const windowEvent = (e: Event) => {
    if (e.type === 'visibilitychange') {
      if (doc.visibilityState === 'visible') arming.visible(now());
      else arming.hidden(now());
    } else if (e.target === win) {
      if (e.type === 'focus') arming.focus(now());
      else arming.blur(now());
    }
    refresh();
  };
  const on: Array<[EventTarget, string, (e: Event) => void, boolean]> = [
    [win, 'focus', windowEvent, false],
    [win, 'blur', windowEvent, false],
    [doc, 'visibilitychange', windowEvent, false],
    [
      win,
      'keydown',
      (e) => {
        const k = e as KeyLike;
        if (arming.press(keyId(k), now(), !!k.repeat)) return;
        taint();
        if (activates(k)) e.preventDefault();
      },
      true,
    ],
    [
      win,
      'keyup',
      (e) => {
        const k = e as KeyLike;
        if (arming.release(keyId(k), now())) return;
        taint();
        if (activates(k)) e.preventDefault();
      },
      true,
    ],
    [win, 'pointerdown', () => void (arming.press('pointer', now(), false) || taint()), true],
    [win, 'pointerup', () => void (arming.release('pointer', now()) || taint()), true],
  ];
  for (const [target, type, fn, capture] of on) target.addEventListener(type, fn, capture);
  refresh();

  return {
    mayAct: () => !tainted && arming.armed(now()),
    acting(el) {
      controls.add(el);
      el.setAttribute('data-acting', '');
      arming.restart(now());
      refresh();
      paint(el);
      return el;
    },
    stop() {
      clearTimeout(timer);
      for (const [target, type, fn, capture] of on) target.removeEventListener(type, fn, capture);
    },
  };
}

let shared: Gate | undefined;
/** The page's one gate, bound on first use: the action window binds it as its script starts. */
export function gate(): Gate {
  shared ??= bindGate({ win: window, doc: document });
  return shared;
}
