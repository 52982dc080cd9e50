/** A service's answers to in-band registration (XEP-0077), in words: register and unregister. */
import type { Phrasebook } from '../explain.ts';

export const REGISTER: Phrasebook = {
  area: 'register',
  keys: {
    conflict: 'register_errConflict',
    'not-acceptable': 'register_errNotAcceptable',
    'not-allowed': 'register_errNotAllowed',
    'bad-request': 'register_errBadRequest',
    'registration-required': 'register_errRegistrationRequired',
    forbidden: 'register_errForbidden',
    unsupported: 'register_errUnsupported',
    timeout: 'register_errTimeout',
  },
  // 'failed' and any code not listed.
  fallback: 'register_errFailed',
  other: 'register_errFailed',
  signedOut: 'register_errSignIn',
};

/** XEP-0077 §3.2 answers to `<remove/>`. */
export const UNREGISTER: Phrasebook = {
  area: 'register',
  keys: {
    'registration-required': 'confirm_errNotRegistered',
    forbidden: 'confirm_errUnregisterRefused',
    'not-allowed': 'confirm_errUnregisterRefused',
    unsupported: 'register_errUnsupported',
    timeout: 'register_errTimeout',
  },
  fallback: 'subscribe_errServer',
  other: 'subscribe_errServer',
};

/** Creating an account before sign-in (account-creation.ts): the codes of register.ts and its own. */
export const CREATE: Phrasebook = {
  area: 'register',
  keys: {
    conflict: 'create_errConflict',
    'not-acceptable': 'create_errNotAcceptable',
    'bad-request': 'create_errNotAcceptable',
    'invalid-token': 'create_errToken',
    'no-invites': 'create_errNoInvites',
    'needs-web': 'create_errNeedsWeb',
    closed: 'create_errClosed',
    'not-allowed': 'create_errClosed',
    forbidden: 'create_errClosed',
    'registration-required': 'create_errClosed',
    unsupported: 'create_errClosed',
    timeout: 'register_errTimeout',
  },
  fallback: 'register_errFailed',
  other: 'register_errFailed',
};
