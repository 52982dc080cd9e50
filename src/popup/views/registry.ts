/**
 * One view per action kind, loaded on demand so the window only pays for the view it shows. A
 * `Record` over every kind: a kind without a view does not compile.
 */
import type { Kind } from '../../core/index.ts';

import type { View } from './view.ts';

export type { View, ViewContext } from './view.ts';

const views: Record<Kind, () => Promise<View>> = {
  message: async () => (await import('./message.ts')).render,
  chat: async () => (await import('./chat.ts')).render,
  register: async () => (await import('./register.ts')).render,
  subscribe: async () => (await import('./subscribe.ts')).render,
  roster: async () => (await import('./subscribe.ts')).render,
  join: async () => (await import('./join.ts')).render,
  unsubscribe: async () => (await import('./confirm.ts')).render,
  remove: async () => (await import('./confirm.ts')).render,
  unregister: async () => (await import('./confirm.ts')).render,
  open: async () => (await import('./open.ts')).render,
  invite: async () => (await import('./invite.ts')).render,
};

/** The view for an action kind, loaded on first use. */
export const viewFor = (kind: Kind): Promise<View> => views[kind]();
