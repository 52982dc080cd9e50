/**
 * How many action windows the web may open: the flood rule, as pure bookkeeping (windows.ts
 * keeps the state in storage.session and acts on the verdict).
 *
 * Decisions a caller should know:
 * - A request backed by the user's own gesture (a trusted click on a link, the context menu, the
 *   toolbar) is never limited: the user is the authority, and each click is one request.
 * - Everything else (a frame serving a jabber file, a script navigating to an xmpp: URI, a
 *   download) is counted against the page that asked, keyed by the top-level site of its tab
 *   (host name, any port), never the file's host, which the page chooses: at most
 *   `OPEN_PER_SITE` of that site's windows open at once, and at most `PER_MINUTE` such windows a
 *   minute across all sites, so 20 hidden frames on 20 host names still get few windows.
 * - When requests are dropped, the user is told once per `NOTICE_EVERY_MS`, not once per drop.
 * - The state is bounded: open windows are forgotten when they close (and capped), times older
 *   than a minute are pruned.
 */
export const OPEN_PER_SITE = 3;
export const PER_MINUTE = 10;
export const NOTICE_EVERY_MS = 60_000;
const MINUTE = 60_000;
/** More open windows than a person could use; a cap so a missed onRemoved cannot grow the record. */
const MAX_TRACKED = 50;

export interface LimitState {
  /** window id → site it was opened for */
  open: Record<string, string>;
  /** When gesture-less windows were opened, newest last (last minute only). */
  recent: number[];
  /** When the user was last told about dropped requests (never: absent). */
  noticed?: number;
}

export const emptyLimits = (): LimitState => ({ open: {}, recent: [] });

export type Verdict = { allow: true } | { allow: false; notify: boolean };

/** May a window be opened for `site` now? Updates `state.noticed` when the verdict is to notify. */
export function admit(state: LimitState, site: string, gesture: boolean, now: number): Verdict {
  if (gesture) return { allow: true };
  state.recent = state.recent.filter((at) => now - at < MINUTE);
  const openForSite = Object.values(state.open).filter((s) => s === site).length;
  if (openForSite < OPEN_PER_SITE && state.recent.length < PER_MINUTE) return { allow: true };
  const notify = state.noticed === undefined || now - state.noticed >= NOTICE_EVERY_MS;
  if (notify) state.noticed = now;
  return { allow: false, notify };
}

/** Records a window opened for `site`. */
export function opened(state: LimitState, windowId: number, site: string, gesture: boolean, now: number): void {
  state.open[windowId] = site;
  // All but the last MAX_TRACKED ids (window ids grow, so the newest stay; none while fewer).
  for (const id of Object.keys(state.open).slice(0, -MAX_TRACKED)) delete state.open[id];
  if (!gesture) state.recent = [...state.recent.filter((at) => now - at < MINUTE), now].slice(-PER_MINUTE);
}

export function closed(state: LimitState, windowId: number): void {
  delete state.open[windowId];
}
