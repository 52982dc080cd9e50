/** A room refusing a join, in words (XEP-0045 §7.2): join and invite. */
import type { Phrasebook } from '../explain.ts';

export const JOIN: Phrasebook = {
  area: 'muc',
  keys: {
    conflict: 'join_errConflict',
    'not-authorized': 'join_errPassword',
    'registration-required': 'join_errMembersOnly',
    forbidden: 'join_errBanned',
    'service-unavailable': 'join_errFull',
    'item-not-found': 'join_errLocked',
    'not-allowed': 'join_errCreateNotAllowed',
    'not-acceptable': 'join_errNickRules',
    'jid-malformed': 'join_errNickRules',
    timeout: 'join_errTimeout',
  },
  fallback: 'join_errOther',
  other: 'action_errOther',
};
