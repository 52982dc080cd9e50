/** RFC 6120 §8.3.3 conditions a roster change can come back with, in words: subscribe, unsubscribe, remove. */
import type { Phrasebook } from '../explain.ts';

export const ROSTER: Phrasebook = {
  area: 'roster',
  keys: {
    'not-acceptable': 'subscribe_errNotAcceptable',
    forbidden: 'subscribe_errForbidden',
    'not-allowed': 'subscribe_errForbidden',
    'resource-constraint': 'subscribe_errFull',
    'service-unavailable': 'subscribe_errUnavailable',
    'remote-server-not-found': 'subscribe_errNoServer',
    'item-not-found': 'subscribe_errNoServer',
    timeout: 'action_errTimeout',
  },
  fallback: 'subscribe_errServer',
  other: 'action_errOther',
};
