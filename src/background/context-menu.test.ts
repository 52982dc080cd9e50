import { beforeEach, describe, expect, it, vi } from 'vitest';

type Click = { menuItemId: string; linkUrl?: string; frameUrl?: string; pageUrl?: string };
const fake = vi.hoisted(() => ({
  created: [] as unknown[],
  listeners: [] as Array<(info: Click) => void>,
  opened: [] as unknown[][],
}));
vi.mock('webextension-polyfill', () => ({
  default: {
    i18n: { getMessage: (key: string) => (key === 'menuOpenLink' ? 'Open with Jabber Link' : '') },
    contextMenus: {
      removeAll: async () => {
        fake.created = [];
      },
      create: (item: unknown) => fake.created.push(item),
      onClicked: { addListener: (fn: (info: Click) => void) => fake.listeners.push(fn) },
    },
  },
}));
vi.mock('./requests.ts', () => ({ openUri: (...args: unknown[]) => fake.opened.push(args) }));
const { createContextMenu, registerContextMenuListener } = await import('./context-menu.ts');

const click = (info: Click) => {
  for (const fn of fake.listeners) fn(info);
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

  it('opens the clicked xmpp: link, asked by the frame (else the page) it was in', () => {
    registerContextMenuListener();
    click({ menuItemId: 'open-xmpp-link', linkUrl: 'xmpp:juliet@capulet.example?message', frameUrl: 'https://frame.example/f', pageUrl: 'https://page.example/' });
    click({ menuItemId: 'open-xmpp-link', linkUrl: 'XMPP:romeo@montague.example', pageUrl: 'https://page.example/' });
    expect(fake.opened).toEqual([
      ['xmpp:juliet@capulet.example?message', 'https://frame.example/f', 'menu'],
      ['XMPP:romeo@montague.example', 'https://page.example/', 'menu'],
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
