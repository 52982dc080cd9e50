/**
 * The one contract between extension contexts. Every message is a member of `Message`; the
 * background answers each type with `Replies[type]`, checked by the compiler on both ends.
 *
 * Messages carry only what the sender alone knows (the link it saw, the text pasted). Who asked,
 * and from where, the background reads off the browser's record of the sender (handlers.ts).
 */
import { browser, type Runtime } from '../shared/browser.ts';

/** How the action reached us; shown to the user and used by tests. */
export type Source = 'file' | 'link' | 'paste' | 'menu';

export type Message =
  /** An xmpp: URI: a trusted click in a page (content script) or the toolbar popup, told apart by the sender. */
  | { type: 'open-uri'; uri: string }
  /** Jabber file XML pasted into the popup. */
  | { type: 'open-text'; text: string }
  /**
   * The landing page, after a redirect: what it is for is read off its own URL (a token the
   * background issued, then the file URL; or Firefox's `?uri=`). `referrer` is the landing
   * page's document.referrer: the page that navigated a tab to a jabber file.
   */
  | { type: 'landed'; referrer: string }
  /** The landing page is done: close the tab that only existed for the file. */
  | { type: 'close-my-tab' };

export type OpenResult = {
  /** `refused`: the sender may not ask for this (a landing page the extension did not send there). */
  outcome: 'opened' | 'focused' | 'limited' | 'refused';
  /** The window opened for it, when one was. */
  windowId?: number;
};

export interface Replies {
  'open-uri': OpenResult;
  'open-text': OpenResult;
  landed: OpenResult;
  'close-my-tab': void;
}

export type MessageOf<T extends Message['type']> = Extract<Message, { type: T }>;
export type Handlers = {
  [T in Message['type']]: (msg: MessageOf<T>, sender: Runtime.MessageSender) => Promise<Replies[T]>;
};

export function send<T extends Message['type']>(msg: MessageOf<T>): Promise<Replies[T]> {
  return browser.runtime.sendMessage(msg) as Promise<Replies[T]>;
}

const TYPES: ReadonlySet<string> = new Set<Message['type']>(['open-uri', 'open-text', 'landed', 'close-my-tab']);
export function isMessage(x: unknown): x is Message {
  if (typeof x !== 'object' || x === null || !TYPES.has((x as { type?: unknown }).type as string)) return false;
  const m = x as Record<string, unknown>;
  // Shapes, too: a compromised or confused sender gets no further than here.
  if (m.type === 'open-uri') return typeof m.uri === 'string';
  if (m.type === 'open-text') return typeof m.text === 'string';
  if (m.type === 'landed') return typeof m.referrer === 'string';
  return true;
}
