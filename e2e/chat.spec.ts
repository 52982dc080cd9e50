/**
 * The `chat` action end to end: the window signs in as alice, Enter sends a chat to bob (a real
 * second client), Shift+Enter breaks the line, and bob's replies — from any of his resources, to
 * the window or (seen as carbons) to alice's own client — appear in the conversation log.
 */
import { describe, expect, it } from 'vitest';
import { pollUntil, sleep } from './fixtures/net.ts';
import { bare, connectPeer, xml } from './fixtures/xmpp-peer.ts';
import { seedAccount, seedAccounts } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, shareBrowsers, SIGN_IN_MS, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, BOB_PW, CAROL_PW, account, jabberFilePage, linkPage, FLOW_SERVERS, useSuite } from './helpers/suite.ts';

// One Chromium and one Firefox for every server below (helpers/browser.ts shareBrowsers).
const shared = shareBrowsers();

describe.each(FLOW_SERVERS)('on %s', (server) => {
  const rig = useSuite({ server });

  const chatFromAlice = (body: string, since: number) =>
    rig.bob.waitFor((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost' && s.getChildText('body') === body, 10_000, { since });

  const logText = async (win: ActionWindow) => (await win.roleText('log', /bob@localhost/)) ?? '';

  for (const name of BROWSERS) {
    describe(`chat in ${name}`, () => {
      const b = useBrowser(name, { shared });
      let win: ActionWindow | undefined;

      it('Enter sends a chat, Shift+Enter breaks the line, replies from any resource appear in the log', async () => {
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = jabberFilePage(rig.http, `chat-${name}`, "<jabber><chat jid='bob@localhost'/></jabber>");
        win = await b.clickLinkIn(url, `open chat-${name}`);
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        expect(await win.roleText('log', /Conversation with bob@localhost/)).toBeDefined();
        expect(await win.focused()).toBe('Message');

        let since = rig.bob.mark();
        await win.type(`hello bob from ${name}`);
        await win.press('Enter');
        const got = await chatFromAlice(`hello bob from ${name}`, since);
        expect(got.attrs.type).toBe('chat');
        expect(await win.value('Message')).toBe('');

        // Bob answers from his desk to the resource that wrote to him, as clients do (RFC 6121 §5.1).
        // The window sends no broadcast presence (it is a guest on the account), so a message to the
        // bare JID goes to alice's own clients, not here.
        await rig.bob.sendMessage(got.attrs.from as string, 'hi alice, desk here');
        await pollUntil(async () => (await logText(win!)).includes('hi alice, desk here'), { what: 'the reply in the log' });

        // A reply to the bare JID is for alice's own client (the window is a guest with no broadcast
        // presence); on Prosody the window still sees it, as a carbon (XEP-0280), and her client gets
        // it too. ejabberd 23.01 sends carbons only to resources with available presence, so there
        // the window does not see it (measured): only her client does.
        const own = await connectPeer({ wsUrl: rig.server.wsUrl, username: 'alice@localhost', password: ALICE_PW, resource: 'laptop' });
        try {
          // A ping answered means the server has handled the client's presence before it (one stream, in order).
          await own.iq.get(xml('ping', { xmlns: 'urn:xmpp:ping' }));
          await rig.bob.sendMessage('alice@localhost', 'to your bare JID');
          await own.waitFor((s) => s.is('message') && s.getChildText('body') === 'to your bare JID');
          if (server === 'prosody') await pollUntil(async () => (await logText(win!)).includes('to your bare JID'), { what: 'the carbon in the log' });
        } finally {
          await own.stop();
        }

        // …and from another resource of his.
        const phone = await connectPeer({ wsUrl: rig.server.wsUrl, username: 'bob@localhost', password: BOB_PW, resource: 'phone' });
        try {
          await phone.sendMessage(got.attrs.from as string, 'and from my phone');
          await pollUntil(async () => (await logText(win!)).includes('and from my phone'), { what: 'the phone reply in the log' });
        } finally {
          await phone.stop();
        }

        since = rig.bob.mark();
        await win.focus('Message');
        await win.type('line one');
        await win.press('Shift+Enter');
        await win.type('line two');
        expect(await win.value('Message')).toBe('line one\nline two');
        await win.press('Enter');
        await chatFromAlice('line one\nline two', since);
        await sleep(300);
        // Sent once (chat states, XEP-0085, travel beside it without a body).
        expect(rig.bob.received.slice(since).filter((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost' && s.getChildText('body') !== null)).toHaveLength(1);
        const log = await logText(win);
        expect(log).toContain(`hello bob from ${name}`);
        expect(log).toContain('line one\nline two');
      });

      it('xmpp: link with type=chat and a body: prefilled, the Send button sends it', async () => {
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = linkPage(rig.http, `/chat-uri-${name}.html`, 'xmpp:bob@localhost?message;type=chat;body=Hi%20Bob', 'chat with bob');
        win = await b.clickLinkIn(url, 'chat with bob');
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        expect(await win.value('Message')).toBe('Hi Bob');
        const since = rig.bob.mark();
        await win.click('Send');
        const got = await chatFromAlice('Hi Bob', since);
        expect(got.attrs.type).toBe('chat');
        await pollUntil(async () => (await logText(win!)).includes('Hi Bob'), { what: 'our line in the log' });
      });

      it('an xmpp:// authority picks that account; with several, an "Account" select switches and reconnects', async () => {
        await seedAccounts(b.extPage, [
          { id: 'alice', jid: 'alice@localhost', websocketUrl: rig.server.wsUrl, password: ALICE_PW },
          { id: 'carol', jid: 'carol@localhost', websocketUrl: rig.server.wsUrl, password: CAROL_PW },
        ]);
        const url = linkPage(rig.http, `/as-carol-${name}.html`, 'xmpp://carol@localhost/bob@localhost?message;type=chat', 'chat as carol');
        win = await b.clickLinkIn(url, 'chat as carol');
        await win.waitForText('Signed in as carol@localhost', SIGN_IN_MS);
        expect(await win.value('Account')).toBe('carol');
        await win.fill('Account', 'alice');
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        const since = rig.bob.mark();
        await win.fill('Message', 'sent as alice after switching');
        await win.click('Send');
        const got = await chatFromAlice('sent as alice after switching', since);
        expect(got.attrs.type).toBe('chat');
      });
    });
  }
});
