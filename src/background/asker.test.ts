import { describe, expect, it } from 'vitest';
import { askerOf, siteOf } from './asker.ts';

describe('who asked', () => {
  it('counts by the host name of the top-level page, whatever the port', () => {
    expect(siteOf('http://127.0.0.1:8080/x')).toBe('127.0.0.1');
    expect(siteOf('https://Evil.Example:444/')).toBe('evil.example');
  });

  it('names the frame that asked, counted for the tab it sits in', () => {
    expect(askerOf('https://frame.example/f', 'https://top.example/page')).toEqual({ origin: 'https://frame.example', site: 'top.example' });
  });

  it('falls back to the top page for a frame without a web origin, and to unknown for neither', () => {
    expect(askerOf('about:blank', 'https://top.example/')).toEqual({ origin: 'https://top.example', site: 'top.example' });
    expect(askerOf(undefined, undefined)).toEqual({ origin: 'unknown', site: 'unknown' });
    expect(askerOf('chrome-extension://abc/x.html', 'data:text/html,hi')).toEqual({ origin: 'unknown', site: 'unknown' });
  });
});
