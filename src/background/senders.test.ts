import { describe, expect, it } from 'vitest';
import { classifySender } from './senders.ts';

const BASE = 'chrome-extension://ourid/';
const LANDING = `${BASE}src/landing/landing.html`;
const classify = (s: Parameters<typeof classifySender>[0]) => classifySender(s, BASE, LANDING, 'ourid');

describe('classifySender', () => {
  it('knows the landing page in a tab, top frame or not, by its own URL', () => {
    const top = classify({ id: 'ourid', url: `${LANDING}#abc~https://x.example/f`, tab: { id: 4, url: 'https://page.example/' }, frameId: 0 });
    expect(top).toMatchObject({ kind: 'landing', tabId: 4, topFrame: true, tabUrl: 'https://page.example/' });
    const sub = classify({ id: 'ourid', url: `${LANDING}#abc`, tab: { id: 4 }, frameId: 7 });
    expect(sub).toMatchObject({ kind: 'landing', topFrame: false });
  });

  it('treats our other pages as the toolbar, and a content script as the page it runs in', () => {
    expect(classify({ id: 'ourid', url: `${BASE}src/popup/popup.html` })).toEqual({ kind: 'toolbar' });
    expect(classify({ id: 'ourid', url: 'https://frame.example/', tab: { id: 1, url: 'https://top.example/' }, frameId: 3 })).toEqual({
      kind: 'page',
      frameUrl: 'https://frame.example/',
      tabUrl: 'https://top.example/',
    });
  });

  it('refuses another extension, a sender without a URL, and a landing page outside a tab', () => {
    expect(classify({ id: 'other', url: `${BASE}src/popup/popup.html` }).kind).toBe('other');
    expect(classify({ id: 'ourid' }).kind).toBe('other');
    expect(classify({ id: 'ourid', url: LANDING }).kind).toBe('other');
    expect(classify({ id: 'ourid', url: 'https://web.example/' }).kind).toBe('other');
  });

  it('is not fooled by a look-alike path', () => {
    expect(classify({ id: 'ourid', url: `${BASE}src/landing/landing.html.evil`, tab: { id: 1 } }).kind).toBe('toolbar');
  });
});
