/**
 * An action request: what one window is opened for. It lives in storage.session only (never on
 * disk), and is removed when its window closes — XEP-0081 asks to discard the file once handled.
 */
import type { Action } from '../core/index.ts';
import type { Source } from './messages.ts';

export interface RequestError {
  code: string;
  message: string;
}

export interface ActionRequest {
  id: string;
  /** The site that asked (origin of the page or of the file), shown in the window header. */
  origin: string;
  source: Source;
  /** What the user clicked: the URI or the file URL. */
  raw: string;
  createdAt: number;
  action?: Action;
  error?: RequestError;
}
