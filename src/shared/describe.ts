import type { Action } from '../core/index.ts';
import { t } from './i18n.ts';

/** "Chat with juliet@capulet.example": what the window will do, in words. */
export function describeAction(action: Action): string {
  return t(`kind_${action.kind}`, action.jid);
}

export function describeOrigin(origin: string, source: string): string {
  if (source === 'paste') return t('fromToolbar');
  // Firefox's protocol handler gives no referrer: say so rather than name a site we can't see.
  if (origin === 'unknown') return t('fromUnknownSite');
  try {
    return t('fromSite', new URL(origin).host || origin);
  } catch {
    return t('fromSite', origin);
  }
}
