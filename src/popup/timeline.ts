/**
 * How a conversation is laid out in time, without any DOM: clock times, where a new day starts,
 * and which lines share one name (the same sender, within a few minutes, on the same day).
 */

/** Lines from one sender this close together show the name once, as chat clients do. */
export const GROUP_MS = 5 * 60_000;

export interface Said {
  /** Who wrote it (a JID or a nick); compared as is. */
  from: string;
  /** When, in ms since the epoch. */
  at: number;
}

/** The start of the local day `at` falls on. */
const dayOf = (at: number, back = 0): number => {
  const d = new Date(at);
  // Built from the date parts, not by subtracting 24 h: a DST day is 23 or 25 hours long.
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - back).getTime();
};

/** The clock time, hours and minutes, in the user's locale (14:05, 2:05 PM, 9:07: a leading zero only where the locale writes one). */
export function clock(at: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(at);
}

/** A separator goes before `cur`: it is the first line, or on another local day than `prev`. */
export function newDay(prev: number | undefined, cur: number): boolean {
  return prev === undefined || dayOf(prev) !== dayOf(cur);
}

/** What a day separator says: "Today", "Yesterday", or the date in the user's locale. */
export function dayLabel(at: number, now: number, words: { today: string; yesterday: string }, locale?: string): string {
  const day = dayOf(at);
  if (day === dayOf(now)) return words.today;
  if (day === dayOf(now, 1)) return words.yesterday;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(at);
}

/** `cur` continues `prev`'s group: same sender, same day, at most GROUP_MS later. */
export function grouped(prev: Said | undefined, cur: Said): boolean {
  return !!prev && prev.from === cur.from && !newDay(prev.at, cur.at) && cur.at - prev.at >= 0 && cur.at - prev.at <= GROUP_MS;
}
