import { describe, expect, it } from 'vitest';
import { isJabberContentType } from './content-type.ts';

describe('isJabberContentType', () => {
  it('accepts the type in any case and with parameters', () => {
    for (const v of ['application/jabber+xml', 'Application/Jabber+XML', 'application/jabber+xml; charset=utf-8', ' application/jabber+xml ;x=y'])
      expect(isJabberContentType(v)).toBe(true);
  });
  it('rejects other types and look-alikes', () => {
    for (const v of [undefined, '', 'application/xml', 'text/html', 'application/jabber+xmlx', 'application/xmpp+xml'])
      expect(isJabberContentType(v)).toBe(false);
  });
});
