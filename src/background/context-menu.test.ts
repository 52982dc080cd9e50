import { beforeEach, describe, expect, it, vi } from 'vitest';

type Click = { menuItemId: string; linkUrl?: string; frameUrl?: string; pageUrl?: string };
type Tab = { url?: string };
const fake = vi.hoisted(() => ({
  created: [] as unknown[],
  listeners: [] as Array<(info: Click, tab?: Tab) => void>,
  opened: [] as unknown[][],
}));
vi.mock('../shared/browser.ts', () => ({
  browser: {
    i18n: { getMessage: (key: string) => (key === 'menuOpenLink' ? 'Open with Jabber Link' : '') },
    contextMenus: {
      removeAll: async () => {
        fake.created = [];
      },
      create: (item: unknown) => fake.created.push(item),
      onClicked: { addListener: (fn: (info: Click, tab?: Tab) => void) => fake.listeners.push(fn) },
    },
  },
}));
vi.mock('./requests.ts', () => ({ openUri: (...args: unknown[]) => fake.opened.push(args) }));
const { createContextMenu, registerContextMenuListener } = await import('./context-menu.ts');

const click = (info: Click, tab?: Tab) => {
  for (const fn of fake.listeners) fn(info, tab);
};

beforeEach(() => {
  fake.listeners = [];
  fake.opened = [];
});

describe('context menu', () => {
  it('is one entry, on links whose URL is xmpp:, with the localized title', async () => {
    createContextMenu();
    await vi.waitFor(() => expect(fake.created).toHaveLength(1));
    expect(fake.created[0]).toEqual({ id: 'open-xmpp-link', title: 'Open with Jabber Link', contexts: ['link'], targetUrlPatterns: ['xmpp:*'] });
  });

  it("opens the clicked xmpp: link as the user's gesture, asked by the frame (else the page), counted for the tab's site", () => {
    registerContextMenuListener();
    click(
      { menuItemId: 'open-xmpp-link', linkUrl: 'xmpp:juliet@capulet.example?message', frameUrl: 'https://frame.example/f', pageUrl: 'https://page.example/' },
      { url: 'https://page.example:8443/top' },
    );
    click({ menuItemId: 'open-xmpp-link', linkUrl: 'XMPP:romeo@montague.example', pageUrl: 'https://page.example/' });
    expect(fake.opened).toEqual([
      ['xmpp:juliet@capulet.example?message', { origin: 'https://frame.example', site: 'page.example' }, 'menu', true],
      ['XMPP:romeo@montague.example', { origin: 'https://page.example', site: 'page.example' }, 'menu', true],
    ]);
  });

  it("ignores other menus' clicks and links that are not xmpp:", () => {
    registerContextMenuListener();
    click({ menuItemId: 'someone-else', linkUrl: 'xmpp:juliet@capulet.example' });
    click({ menuItemId: 'open-xmpp-link', linkUrl: 'https://capulet.example/' });
    click({ menuItemId: 'open-xmpp-link' });
    expect(fake.opened).toEqual([]);
  });
});
