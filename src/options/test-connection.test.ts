import { describe, expect, it, vi } from 'vitest';
import type { Secret } from '../xmpp/session.ts';

vi.mock('../shared/browser.ts', () => ({ browser: {} }));
const { secretToKeep } = await import('./test-connection.ts');

const keys: Secret = { kind: 'scram-keys', mechanism: 'SCRAM-SHA-256', clientKey: 'a', serverKey: 'b', salt: 'c', iterations: 4096 };

describe('what Save keeps after a sign-in (secretToKeep)', () => {
  it('keeps derived keys, never the typed password, on a server with a fixed salt', () => {
    expect(secretToKeep({ typed: 'pw', derived: keys, mechanism: 'SCRAM-SHA-256', saltChanges: false })).toBe(keys);
  });
  it('keeps the typed password where keys cannot be reused: a salt that changes, or PLAIN only', () => {
    const pw = { kind: 'password', password: 'pw' };
    expect(secretToKeep({ typed: 'pw', derived: keys, mechanism: 'SCRAM-SHA-256', saltChanges: true })).toEqual(pw);
    expect(secretToKeep({ typed: 'pw', derived: undefined, mechanism: 'PLAIN', saltChanges: false })).toEqual(pw);
  });
  it('with nothing typed, never replaces a stored password by keys that will not fit again', () => {
    expect(secretToKeep({ typed: undefined, derived: keys, mechanism: 'SCRAM-SHA-256', saltChanges: true })).toBeUndefined();
    expect(secretToKeep({ typed: undefined, derived: undefined, mechanism: 'SCRAM-SHA-256', saltChanges: false })).toBeUndefined();
  });
});
