/** The contract between the action window and each view (views/<kind>.ts); the table of views is registry.ts. */
import type { Action, Kind } from '../../core/index.ts';
import type { ActionRequest } from '../../shared/request.ts';
import type { Session } from '../../xmpp/session.ts';

export interface ViewContext {
  action: Action;
  request: ActionRequest;
  /** The signed-in session, started as soon as the window opened; rejects with a SessionError. */
  session: () => Promise<Session>;
  /** The account the window signs in with (its JID as configured), for rules about the user's own account. */
  account: string;
  /** Aborted when the window goes (pagehide): views hang their listeners and leave-taking on it. */
  signal: AbortSignal;
  /** The view for another kind (registry.ts), for a view that routes (open.ts); passed in so no view imports the table that imports it. */
  viewFor: (kind: Kind) => Promise<View>;
}
export type View = (root: HTMLElement, ctx: ViewContext) => void;
