import { describe, expect, it } from 'vitest';
import { touchesOwnAccount } from './own-account.ts';

describe('touchesOwnAccount', () => {
  it('unregister with the own server or the own bare JID is refused', () => {
    expect(touchesOwnAccount('unregister', 'example.org', 'alice@example.org')).toBe(true);
    expect(touchesOwnAccount('unregister', 'alice@example.org', 'alice@example.org')).toBe(true);
    expect(touchesOwnAccount('unregister', 'alice@example.org/phone', 'alice@example.org')).toBe(true);
    expect(touchesOwnAccount('unregister', 'example.org/x', 'Alice@Example.ORG')).toBe(true);
  });

  it('register with the own server or own JID is refused (it would change the password)', () => {
    expect(touchesOwnAccount('register', 'localhost', 'alice@localhost')).toBe(true);
    expect(touchesOwnAccount('register', 'ALICE@localhost', 'alice@localhost')).toBe(true);
  });

  it('sees through a trailing dot and the ASCII form of the domain', () => {
    expect(touchesOwnAccount('unregister', 'example.org.', 'alice@example.org')).toBe(true);
    expect(touchesOwnAccount('unregister', 'bücher.example', 'alice@xn--bcher-kva.example')).toBe(true);
    expect(touchesOwnAccount('unregister', 'xn--bcher-kva.example', 'alice@bücher.example')).toBe(true);
  });

  it('other services, other people and subdomains are not the account', () => {
    expect(touchesOwnAccount('unregister', 'gateway.example.org', 'alice@example.org')).toBe(false);
    expect(touchesOwnAccount('unregister', 'bob@example.org', 'alice@example.org')).toBe(false);
    expect(touchesOwnAccount('register', 'tracker.example', 'alice@example.org')).toBe(false);
    expect(touchesOwnAccount('unregister', 'example.org.evil', 'alice@example.org')).toBe(false);
  });

  it('other kinds never count, even at the own JID', () => {
    expect(touchesOwnAccount('remove', 'alice@example.org', 'alice@example.org')).toBe(false);
    expect(touchesOwnAccount('unsubscribe', 'example.org', 'alice@example.org')).toBe(false);
    expect(touchesOwnAccount('message', 'example.org', 'alice@example.org')).toBe(false);
  });
});
