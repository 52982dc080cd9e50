/**
 * A chat window kept open. Notifications: a reply to a chat window in the background raises a browser notification, and
 * the title counts unread messages until the window is focused. Nothing for the user's own lines.
 * The system notification itself cannot be clicked from a test; its click handler is the
 * window's (notify.ts). Chat states (XEP-0085) both ways, receipts (XEP-0184) and corrections
 * (XEP-0308) from a real second client.
 */
import { describe, expect, it } from 'vitest';
import { pollUntil, sleep } from './fixtures/net.ts';
import { bare, xml } from './fixtures/xmpp-peer.ts';
import { type Evaluator, seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { SIGN_IN_MS, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, account, jabberFilePage, useSuite } from './helpers/suite.ts';

/** The extension's notifications as the API lists them (ours are created with their options). */
const notificationsOf = (page: Evaluator) =>
  page.evaluate(async () => {
    const g = globalThis as unknown as { browser?: typeof chrome; chrome: typeof chrome };
    const api = (g.browser ?? g.chrome).notifications;
    const all = (await api.getAll()) as Record<string, unknown>;
    return Object.keys(all);
  }, undefined);

/**
 * The user goes elsewhere (a headless browser cannot move the focus itself), and what the window
 * asks the browser to show from then on is recorded (headless Firefox closes notifications at once).
 */
const goAway = (page: Evaluator) =>
  page.evaluate(() => {
    document.hasFocus = () => false;
    const g = globalThis as unknown as { browser?: typeof chrome; chrome: typeof chrome; created: Created[] };
    const api = (g.browser ?? g.chrome).notifications;
    const create = api.create.bind(api) as unknown as (id: string, o: { title: string; message: string }) => Promise<string>;
    g.created = [];
    (api as unknown as { create: unknown }).create = (id: string, o: { title: string; message: string }) => {
      g.created.push({ id, title: o.title, message: o.message });
      return create(id, o);
    };
  }, undefined);
type Created = { id: string; title: string; message: string };
const createdIn = (page: Evaluator) => page.evaluate(() => (globalThis as unknown as { created: Created[] }).created, undefined);

describe('notifications on prosody', () => {
  const rig = useSuite({ server: 'prosody' });
  for (const name of ['chromium', 'firefox'] as const) {
    describe(`in ${name}`, () => {
      const b = useBrowser(name);
      let win: ActionWindow | undefined;

      it('a reply to a background window: a notification and the unread count in the title; focus clears it', async () => {
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = jabberFilePage(rig.http, `notify-${name}`, "<jabber><chat jid='bob@localhost'/></jabber>");
        win = await b.clickLinkIn(url, `open notify-${name}`);
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        const since = rig.bob.mark();
        await win.type('are you there?');
        await win.press('Enter');
        const got = await rig.bob.waitFor((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost', 10_000, { since });
        const ev = win.page as unknown as Evaluator;
        const title = await ev.evaluate(() => document.title, undefined);
        expect(await notificationsOf(ev)).toEqual([]);

        await goAway(ev);
        await rig.bob.sendMessage(got.attrs.from as string, 'yes, here');
        await rig.bob.sendMessage(got.attrs.from as string, 'still here');
        await pollUntil(async () => (await ev.evaluate(() => document.title, undefined)) === `(2) ${title}`, { what: 'the unread count in the title' });
        const created = (await createdIn(ev)).map((c) => `${c.title}: ${c.message}`);
        expect(created).toEqual(['bob@localhost: yes, here', 'bob@localhost: still here']);
        // One notification per window, updated: not a pile of them (create is not awaited by the window).
        if (name === 'chromium') {
          await pollUntil(async () => (await notificationsOf(ev)).length > 0 || undefined, { what: 'the notification listed' });
          expect(await notificationsOf(ev)).toHaveLength(1);
        }

        await ev.evaluate(() => {
          document.hasFocus = () => true;
          dispatchEvent(new Event('focus'));
        }, undefined);
        await pollUntil(async () => (await ev.evaluate(() => document.title, undefined)) === title, { what: 'the title back' });
        await pollUntil(async () => (await notificationsOf(ev)).length === 0, { what: 'the notification gone' });

        // Own lines never notify.
        await ev.evaluate(() => {
          document.hasFocus = () => false;
        }, undefined);
        await win.type('bye');
        await win.press('Enter');
        await sleep(500);
        expect(await ev.evaluate(() => document.title, undefined)).toBe(title);
      });

      it("the contact's typing shows and clears; a receipt marks our message delivered; a correction replaces the line", async () => {
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = jabberFilePage(rig.http, `states-${name}`, "<jabber><chat jid='bob@localhost'/></jabber>");
        win = await b.clickLinkIn(url, `open states-${name}`);
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        const since = rig.bob.mark();
        await win.type(`ping from ${name}`);
        await win.press('Enter');
        const got = await rig.bob.waitFor((s) => s.is('message') && s.getChildText('body') === `ping from ${name}`, 10_000, { since });
        // It asks for a receipt (XEP-0184): bob's client sends one.
        expect(got.getChild('request', 'urn:xmpp:receipts')).toBeDefined();
        const window = got.attrs.from as string;
        await rig.bob.send(xml('message', { to: window, id: 'r1' }, xml('received', { xmlns: 'urn:xmpp:receipts', id: got.attrs.id })));
        await pollUntil(async () => /ping from \S+ ✓ delivered/.test((await win!.roleText('log')) ?? ''), { what: 'the delivered mark' });

        const state = (st: string) => rig.bob.send(xml('message', { to: window, type: 'chat' }, xml(st, { xmlns: 'http://jabber.org/protocol/chatstates' })));
        await state('composing');
        await win.waitForText('bob@localhost is typing…');
        await state('paused');
        await pollUntil(async () => !(await win!.text()).includes('is typing'), { what: 'typing cleared' });

        await rig.bob.sendMessage(window, `teh answer in ${name}`, { id: `a1-${name}` });
        await win.waitForText(`teh answer in ${name}`);
        await rig.bob.send(xml('message', { to: window, type: 'chat', id: `a2-${name}` }, xml('body', {}, `the answer in ${name}`), xml('replace', { xmlns: 'urn:xmpp:message-correct:0', id: `a1-${name}` })));
        await win.waitForText(`the answer in ${name} (edited)`);
        expect(await win.roleText('log')).not.toContain(`teh answer in ${name}`);

        // And the window's own typing reaches bob, once the conversation is started.
        const mark = rig.bob.mark();
        await win.type('x');
        await rig.bob.waitFor((s) => s.is('message') && !!s.getChild('composing', 'http://jabber.org/protocol/chatstates'), 10_000, { since: mark, what: 'composing from the window' });
        // Unsent text would make closing ask first (beforeunload).
        await win.fill('Message', '');
      });

      // The notification's own click cannot be driven: neither browser offers a test hook into its
      // notification centre. The window listens for clicks only while its notification is up
      // (notify.ts), so the test wraps the API's addListener before the reply arrives and hands the
      // captured listener the clicks the browser would deliver. Headless browsers keep no focus to
      // observe (windows.getLastFocused never changed when another window was focused, measured),
      // so the test sees the window's focus request and the browser's answer to it.
      it('clicking the notification focuses the window that raised it', async () => {
        // The API object the extension uses (src/shared/browser.ts).
        type Hooked = { browser?: typeof chrome; chrome: typeof chrome; clickedListeners: Array<(id: string) => void> };
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = jabberFilePage(rig.http, `notify-click-${name}`, "<jabber><chat jid='bob@localhost'/></jabber>");
        win = await b.clickLinkIn(url, `open notify-click-${name}`);
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        const ev = win.page as unknown as Evaluator;
        const since = rig.bob.mark();
        await win.type('ping');
        await win.press('Enter');
        const got = await rig.bob.waitFor((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost', 10_000, { since });
        const mine = await ev.evaluate(async () => {
          const g = globalThis as unknown as Hooked;
          return (await (g.browser ?? g.chrome).windows.getCurrent()).id;
        }, undefined);

        // Away from the window, a reply raises the notification; click listeners and focus requests are recorded.
        await goAway(ev);
        await ev.evaluate(() => {
          const g = globalThis as unknown as Hooked & { focusAsked: Array<{ id: number; focused?: boolean; answer?: number }> };
          const clicks = (g.browser ?? g.chrome).notifications.onClicked;
          const add = clicks.addListener.bind(clicks);
          g.clickedListeners = [];
          clicks.addListener = (fn: (id: string) => void) => {
            g.clickedListeners.push(fn);
            add(fn);
          };
          g.focusAsked = [];
          const windows = (g.browser ?? g.chrome).windows;
          const update = windows.update.bind(windows) as (id: number, p: chrome.windows.UpdateInfo) => Promise<chrome.windows.Window>;
          (windows as unknown as { update: unknown }).update = async (id: number, p: chrome.windows.UpdateInfo) => {
            const asked: { id: number; focused?: boolean; answer?: number } = { id, ...(p.focused !== undefined ? { focused: p.focused } : {}) };
            g.focusAsked.push(asked);
            const w = await update(id, p);
            asked.answer = w.id;
            return w;
          };
        }, undefined);
        await rig.bob.sendMessage(got.attrs.from as string, 'look here');
        await pollUntil(async () => (await ev.evaluate(() => document.title, undefined)).startsWith('(1) ') || undefined, { what: 'the unread count' });
        // The notification's id, as the window gave it (headless Firefox closes notifications at once).
        const id = (await createdIn(ev))[0]?.id;
        const asked = () => ev.evaluate(() => (globalThis as unknown as { focusAsked: unknown[] }).focusAsked, undefined);

        // The browser delivers a click to every onClicked listener, with the notification's id:
        // another notification's click is not ours; ours focuses this window, and the browser did it.
        const click = (nid: string) =>
          ev.evaluate((n) => {
            for (const fn of (globalThis as unknown as Hooked).clickedListeners) fn(n);
          }, nid);
        // One listener, and only since the notification went up.
        expect(await ev.evaluate(() => (globalThis as unknown as Hooked).clickedListeners.length, undefined)).toBe(1);
        await click('someone-elses');
        await sleep(300);
        expect(await asked()).toEqual([]);
        await click(id!);
        await pollUntil(async () => ((await asked()) as Array<{ answer?: number }>)[0]?.answer !== undefined || undefined, { what: 'the focus request answered' });
        expect(await asked()).toEqual([{ id: mine, focused: true, answer: mine }]);
      });
    });
  }
});
