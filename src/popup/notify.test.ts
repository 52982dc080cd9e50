import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (id: string) => void;
const listeners = new Set<Listener>();
const created: Array<{ id: string; title: string; message: string }> = [];
const cleared: string[] = [];
const focused: number[] = [];
let hideText = false;

vi.mock('../shared/browser.ts', () => ({
  browser: {
    runtime: { getURL: (p: string) => `ext://${p}` },
    notifications: {
      create: async (id: string, o: { title: string; message: string }) => {
        created.push({ id, title: o.title, message: o.message });
        return id;
      },
      clear: async (id: string) => {
        cleared.push(id);
        return true;
      },
      onClicked: { addListener: (f: Listener) => listeners.add(f), removeListener: (f: Listener) => listeners.delete(f) },
    },
    windows: {
      getCurrent: async () => ({ id: 7 }),
      update: async (id: number) => {
        focused.push(id);
        return { id };
      },
    },
  },
}));
vi.mock('../shared/i18n.ts', () => ({ t: (key: string) => key }));
vi.mock('../shared/storage.ts', () => ({ local: { get: async () => hideText } }));
const { notifier } = await import('./notify.ts');

// The window as the notifier sees it: its title, whether it has the focus, its focus event.
const page = new EventTarget();
const doc = { title: 'bob@localhost', focus: false, hasFocus: () => doc.focus };
vi.stubGlobal('document', doc);
vi.stubGlobal('addEventListener', page.addEventListener.bind(page));
vi.stubGlobal('removeEventListener', page.removeEventListener.bind(page));
const focusWindow = () => {
  doc.focus = true;
  page.dispatchEvent(new Event('focus'));
};
const click = async (id: string) => {
  for (const f of [...listeners]) f(id);
  await new Promise((r) => setTimeout(r, 0));
};

beforeEach(() => {
  listeners.clear();
  created.length = cleared.length = focused.length = 0;
  doc.title = 'bob@localhost';
  doc.focus = false;
  hideText = false;
});

describe('notifier: a message while the window is in the background', () => {
  it('raises one notification with the sender and text, and counts unread messages in the title', async () => {
    const n = notifier();
    await Promise.resolve();
    n.message('bob@localhost', 'hi');
    n.message('bob@localhost', 'there?');
    expect(doc.title).toBe('(2) bob@localhost');
    expect(created.map((c) => `${c.title}: ${c.message}`)).toEqual(['bob@localhost: hi', 'bob@localhost: there?']);
    // The same id: the browser updates the one notification instead of piling them up.
    expect(new Set(created.map((c) => c.id)).size).toBe(1);
    n.stop();
  });

  it('shows only the sender when Options says to hide the text', async () => {
    hideText = true;
    const n = notifier();
    await new Promise((r) => setTimeout(r, 0));
    n.message('bob@localhost', 'secret');
    expect(created[0]?.message).toBe('notify_hidden');
    n.stop();
  });

  it('says nothing while the window has the focus', () => {
    doc.focus = true;
    const n = notifier();
    n.message('bob@localhost', 'hi');
    expect(created).toEqual([]);
    expect(doc.title).toBe('bob@localhost');
    expect(listeners.size).toBe(0);
    n.stop();
  });

  it("focuses its own window on a click on its own notification, and on no other notification's", async () => {
    const n = notifier();
    // No notification, no listener: a window that never notified hears no clicks.
    expect(listeners.size).toBe(0);
    n.message('bob@localhost', 'hi');
    expect(listeners.size).toBe(1);
    await click('someone-elses');
    expect(focused).toEqual([]);
    await click(created[0]!.id);
    expect(focused).toEqual([7]);
    n.stop();
  });

  it('focus clears the count, the notification and its click listener', () => {
    const n = notifier();
    n.message('bob@localhost', 'hi');
    const id = created[0]!.id;
    focusWindow();
    expect(doc.title).toBe('bob@localhost');
    expect(cleared).toEqual([id]);
    expect(listeners.size).toBe(0);
    // A later message in the background starts again from one, on the same notification.
    doc.focus = false;
    n.message('bob@localhost', 'again');
    expect(doc.title).toBe('(1) bob@localhost');
    expect(listeners.size).toBe(1);
    expect(created[1]!.id).toBe(id);
    n.stop();
  });

  it('stop (the window going) clears what is up and listens no more', () => {
    const n = notifier();
    n.message('bob@localhost', 'hi');
    n.stop();
    expect(cleared).toEqual([created[0]!.id]);
    expect(listeners.size).toBe(0);
    focusWindow();
    expect(cleared).toHaveLength(1);
  });
});
