import { describe, expect, it } from 'vitest';
import { splitLinks } from './links.ts';

describe('splitLinks', () => {
  it('finds http and https links and leaves trailing punctuation out', () => {
    expect(splitLinks('see https://example.org/a. and http://x.org/b?c=1, ok')).toEqual([
      { text: 'see ' },
      { text: 'https://example.org/a', href: 'https://example.org/a' },
      { text: '. and ' },
      { text: 'http://x.org/b?c=1', href: 'http://x.org/b?c=1' },
      { text: ', ok' },
    ]);
  });
  it('never links other schemes', () => {
    expect(splitLinks('javascript:alert(1) data:text/html,x xmpp:a@b')).toEqual([{ text: 'javascript:alert(1) data:text/html,x xmpp:a@b' }]);
  });
  it('keeps a closing parenthesis that belongs to the URL', () => {
    expect(splitLinks('https://en.wikipedia.org/wiki/XMPP_(protocol)')[0]!.href).toBe('https://en.wikipedia.org/wiki/XMPP_(protocol)');
  });
  it('plain text stays one piece; empty stays empty', () => {
    expect(splitLinks('hello')).toEqual([{ text: 'hello' }]);
    expect(splitLinks('')).toEqual([]);
  });
});
