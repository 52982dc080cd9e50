/**
 * The one contract between extension contexts. Every message is a member of `Message`; the
 * background answers each type with `Replies[type]`, checked by the compiler on both ends.
 */
import browser from 'webextension-polyfill';

/** How the action reached us; shown to the user and used by tests. */
export type Source = 'file' | 'link' | 'paste' | 'menu';

export type Message =
  /** An xmpp: URI from a content script click, the popup, the context menu or the protocol handler. */
  | { type: 'open-uri'; uri: string; origin: string; source: Source }
  /** A jabber file whose navigation was redirected (or whose download was cancelled): fetch it again. */
  | { type: 'open-file'; url: string; source: Source }
  /** Jabber file XML pasted into the popup. */
  | { type: 'open-text'; text: string; origin: string }
  /** The landing page is done: close the tab that only existed for the file. */
  | { type: 'close-my-tab' };

export type OpenResult = {
  outcome: 'opened' | 'focused' | 'limited';
  /** The window opened for it, when one was. */
  windowId?: number;
};

export interface Replies {
  'open-uri': OpenResult;
  'open-file': OpenResult;
  'open-text': OpenResult;
  'close-my-tab': void;
}

export type MessageOf<T extends Message['type']> = Extract<Message, { type: T }>;
export type Handlers = {
  [T in Message['type']]: (msg: MessageOf<T>, sender: browser.Runtime.MessageSender) => Promise<Replies[T]>;
};

export function send<T extends Message['type']>(msg: MessageOf<T>): Promise<Replies[T]> {
  return browser.runtime.sendMessage(msg) as Promise<Replies[T]>;
}

const TYPES: ReadonlySet<string> = new Set<Message['type']>(['open-uri', 'open-file', 'open-text', 'close-my-tab']);
export function isMessage(x: unknown): x is Message {
  return typeof x === 'object' && x !== null && TYPES.has((x as { type?: unknown }).type as string);
}
