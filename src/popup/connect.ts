/**
 * Starts signing in the moment the window opens (while the user reads), and shows progress.
 * TODO(action window issue): account chooser, "Set up account", retry.
 */
import type { ActionRequest } from '../shared/request.ts';
import type { Session } from '../xmpp/session.ts';

export function startConnection(_req: ActionRequest, _status: HTMLElement): () => Promise<Session> {
  const failed = Promise.reject(new Error('Signing in is not available yet.'));
  failed.catch(() => undefined);
  return () => failed;
}
