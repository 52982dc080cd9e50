/** The contract between the action window and each view (views/<kind>.ts); the table of views is registry.ts. */
import type { Action } from '../../core/index.ts';
import type { ActionRequest } from '../../shared/request.ts';
import type { Session } from '../../xmpp/session.ts';

export interface ViewContext {
  action: Action;
  request: ActionRequest;
  /** The signed-in session, started as soon as the window opened; rejects with a SessionError. */
  session: () => Promise<Session>;
  /** The account the window signs in with (its JID as configured), for rules about the user's own account. */
  account: string;
}
export type Cleanup = () => void;
export type View = (root: HTMLElement, ctx: ViewContext) => Cleanup;
