import { describe, expect, it } from 'vitest';
import { landingFragment, newToken, parseLandingHash } from './landing-token.ts';

describe('landing tokens', () => {
  it('are 128 random bits, new each time', () => {
    const a = newToken();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newToken()).not.toBe(a);
  });

  it('round-trip with the file URL, which is never percent-decoded', () => {
    const t = newToken();
    const url = 'https://files.example/a%23b/c%2Fd.xmpp?x=%41';
    expect(parseLandingHash(`#${landingFragment(t, url)}`)).toEqual({ token: t, url });
  });

  it('reject what a page could write: no token, a short one, a non-web URL', () => {
    expect(parseLandingHash('#https://evil.example/f.xmpp')).toBeUndefined();
    expect(parseLandingHash('#abc~https://evil.example/f.xmpp')).toBeUndefined();
    expect(parseLandingHash(`#${newToken()}~javascript:alert(1)`)).toBeUndefined();
    expect(parseLandingHash('')).toBeUndefined();
  });
});
