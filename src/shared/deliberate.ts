/**
 * When a click or key press in a window counts as the user's decision: like a browser's permission
 * prompt, acting controls stay inert until the window has been shown and focused for a moment, and
 * again after every focus change, so a page that opens a window under the user's pointer or while
 * they type cannot borrow a click or an Enter meant for something else (DESIGN.md, Security rules).
 *
 * Pure timing logic (no DOM, no clock): the DOM binding feeds it events with their time.
 */

/**
 * 800 ms: longer than a double click (Windows' default 500 ms) and a burst of typing, the same
 * order as Chromium's permission prompt and Firefox's popup security delay (dom.security
 * .notification_enable_delay / security.dialog_enable_delay, 1000 ms and 500 ms).
 */
export const ARM_DELAY_MS = 800;

export interface Arming {
  /** The window gained focus / lost it. */
  focus(now: number): void;
  blur(now: number): void;
  /** The page became visible / hidden (visibilitychange). */
  visible(now: number): void;
  hidden(now: number): void;
  /** New acting controls appeared (a form after sign-in, "Create the room?"): they wait their own delay. */
  restart(now: number): void;
  /**
   * A key (or the pointer) went down. True when this press may act: the window is armed and it is
   * not an auto-repeat of a key held from before.
   */
  press(id: string, now: number, repeat: boolean): boolean;
  /** That key (or the pointer) came up: true only if its press counted and the window is still armed. */
  release(id: string, now: number): boolean;
  /** Whether acting controls work at `now`. */
  armed(now: number): boolean;
  /** When the window arms, if it is waiting to (undefined while unfocused or hidden). */
  armsAt(): number | undefined;
}

export function createArming(opts: { focused: boolean; visible: boolean; now: number; delayMs?: number }): Arming {
  const delay = opts.delayMs ?? ARM_DELAY_MS;
  let focused = opts.focused;
  let shown = opts.visible;
  /** When the window last became both focused and visible; undefined while it is not. */
  let since: number | undefined = focused && shown ? opts.now : undefined;
  /** Keys down now, and whether their press counted. */
  const down = new Map<string, boolean>();

  const armed = (now: number) => since !== undefined && now - since >= delay;
  const update = (now: number) => {
    const ready = focused && shown;
    if (ready && since === undefined) since = now;
    if (!ready) {
      since = undefined;
      // A key held across a focus change was meant for where the focus was: it never acts here.
      for (const id of down.keys()) down.set(id, false);
    }
  };

  /** Starts the wait again (if focused and visible); keys held now were meant for something else. */
  const restart = (now: number) => {
    since = undefined;
    for (const id of down.keys()) down.set(id, false);
    update(now);
  };

  return {
    focus(now) {
      // A focus event without a blur before it (some browsers repeat it) restarts the wait too.
      focused = true;
      restart(now);
    },
    restart,
    blur(now) {
      focused = false;
      update(now);
    },
    visible(now) {
      shown = true;
      restart(now);
    },
    hidden(now) {
      shown = false;
      update(now);
    },
    press(id, now, repeat) {
      if (repeat) {
        // Auto-repeat never acts; a key we never saw go down was held from before the window.
        if (!down.has(id)) down.set(id, false);
        return false;
      }
      const ok = armed(now);
      down.set(id, ok);
      return ok;
    },
    release(id, now) {
      const ok = down.get(id) ?? false;
      down.delete(id);
      return ok && armed(now);
    },
    armed,
    armsAt: () => (since === undefined ? undefined : since + delay),
  };
}
