/**
 * The `message` action end to end: a link on a page (jabber file or xmpp: URI) opens the action
 * window, which signs in as alice; the user's click sends exactly one normal message that bob, a
 * real second client, receives. Error paths: wrong password, server down, no account yet.
 */
import { describe, expect, it } from 'vitest';
import { freePort, sleep } from './fixtures/net.ts';
import { bare } from './fixtures/xmpp-peer.ts';
import { clearAccounts, seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, shareBrowsers, SIGN_IN_MS, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, account, jabberFilePage, linkPage, FLOW_SERVERS, type Suite, useSuite } from './helpers/suite.ts';

/**
 * The message with this id, then an <r/>, then an <a h> back, on one stream in Prosody's log
 * (opening tags only; Prosody writes attributes in any order).
 */
const SM = /\bxmlns='urn:xmpp:sm:3'/;
function ackedInLog(rig: Suite, id: string): string {
  const t = rig.prosody.traffic();
  const msg = t.findIndex((e) => e.dir === 'received' && e.tag.startsWith('<message') && e.tag.includes(`id='${id}'`));
  if (msg < 0) return 'no message';
  const stream = t[msg]!.session;
  const r = t.findIndex((e, i) => i > msg && e.session === stream && e.dir === 'received' && /^<r\b/.test(e.tag) && SM.test(e.tag));
  if (r < 0) return 'message, no r';
  const a = t.findIndex((e, i) => i > r && e.session === stream && e.dir === 'sent' && /^<a [^>]*\bh='\d+'/.test(e.tag) && SM.test(e.tag));
  return a < 0 ? 'message, r, no a' : 'message, r, a';
}

// One Chromium and one Firefox for every server below (helpers/browser.ts shareBrowsers).
const shared = shareBrowsers();

describe.each(FLOW_SERVERS)('on %s', (server) => {
  const rig = useSuite({ server });
  const fromAlice = (since: number) => rig.bob.messages('alice@localhost').filter((_, i, all) => rig.bob.received.indexOf(all[i]!) >= since);

  for (const name of BROWSERS) {
    describe(`message in ${name}`, () => {
      const b = useBrowser(name, { shared });
      let win: ActionWindow | undefined;

      it('jabber file link → Subject/Message → Send: bob gets exactly one normal message, the window says Sent', async () => {
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = jabberFilePage(rig.http, `msg-${name}`, "<jabber><message jid='bob@localhost'/></jabber>");
        const since = rig.bob.mark();
        win = await b.clickLinkIn(url, `open msg-${name}`);
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        expect(await win.focused()).toBe('Subject');
        await win.fill('Subject', `Hello from ${name}`);
        await win.fill('Message', 'Line one\nLine two');
        await sleep(300);
        expect(fromAlice(since)).toHaveLength(0); // signed in, and nothing sent before the click
        await win.click('Send');
        const got = await rig.bob.waitFor((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost', 10_000, { since });
        // No type is "normal" (RFC 6121 §5.2.2): ejabberd re-encodes stanzas without the default.
        expect(got.attrs.type ?? 'normal').toBe('normal');
        expect(got.getChildText('subject')).toBe(`Hello from ${name}`);
        expect(got.getChildText('body')).toBe('Line one\nLine two');
        expect(got.attrs.id).toBeTruthy();
        await win.waitForText(/\bSent\b/);
        await sleep(500); // a duplicate would have arrived by now
        expect(fromAlice(since)).toHaveLength(1);
        // With XEP-0198 on (the fixture's default), "Sent" waits for the server's ack. Prosody's log
        // shows it: alice's stream carried the message, then <r/>, and Prosody answered <a h>.
        // (ejabberd's log does not show stanzas at our log level: this check is Prosody's.)
        if (server === 'prosody') await expect.poll(() => ackedInLog(rig, String(got.attrs.id)), { timeout: 5_000 }).toBe('message, r, a');
      });

      it('xmpp: link with subject and body: the form is prefilled and sends them', async () => {
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        const url = linkPage(rig.http, `/uri-${name}.html`, 'xmpp:bob@localhost?message;subject=Hi;body=Hello', 'write to bob');
        win = await b.clickLinkIn(url, 'write to bob');
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        expect(await win.value('Subject')).toBe('Hi');
        expect(await win.value('Message')).toBe('Hello');
        // Keyboard only: Subject has focus, Tab reaches Message and then Send, Enter on it sends.
        expect(await win.focused()).toBe('Subject');
        await win.press('Tab');
        expect(await win.focused()).toBe('Message');
        await win.press('Tab');
        expect(await win.focused()).toBe('Send');
        const since = rig.bob.mark();
        await win.press('Enter');
        const got = await rig.bob.waitFor((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost', 10_000, { since });
        expect([got.attrs.type ?? 'normal', got.getChildText('subject'), got.getChildText('body')]).toEqual(['normal', 'Hi', 'Hello']);
        await win.waitForText(/\bSent\b/);
        await sleep(300);
        expect(fromAlice(since)).toHaveLength(1);
      });

      it('wrong password: a clear message, Try again, the typed text kept; the password typed once signs in', async () => {
        await seedAccount(b.extPage, account(rig.server, 'not-the-password'));
        const url = jabberFilePage(rig.http, `pw-${name}`, "<jabber><message jid='bob@localhost'/></jabber>");
        win = await b.clickLinkIn(url, `open pw-${name}`);
        await win.waitForText('The server did not accept the address or password.');
        expect(await win.text()).toContain('Try again');
        const since = rig.bob.mark();
        await win.fill('Message', 'kept while signing in fails');
        await win.click('Send');
        await win.waitForText('Not sent: signing in failed');
        expect(await win.value('Message')).toBe('kept while signing in fails');
        expect(fromAlice(since)).toHaveLength(0);

        await win.fill('Password', ALICE_PW);
        await win.click('Try again');
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        await win.click('Send');
        await win.waitForText(/\bSent\b/);
        const got = await rig.bob.waitFor((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost', 10_000, { since });
        expect(got.getChildText('body')).toBe('kept while signing in fails');
      });

      // A server that is down is the same on every server: once.
      if (server === FLOW_SERVERS[0]) it('server down: says the server could not be reached, with Try again', async () => {
        const deadPort = await freePort();
        await seedAccount(b.extPage, { ...account(rig.server, ALICE_PW), websocketUrl: `ws://127.0.0.1:${deadPort}/xmpp-websocket` });
        const url = jabberFilePage(rig.http, `down-${name}`, "<jabber><message jid='bob@localhost'/></jabber>");
        win = await b.clickLinkIn(url, `open down-${name}`);
        await win.waitForText('Could not reach the server.');
        expect(await win.text()).toContain('Try again');
      });

      it('no account: "Set up account", and once one is saved the same window continues to the form', async () => {
        await clearAccounts(b.extPage);
        const url = jabberFilePage(rig.http, `none-${name}`, "<jabber><message jid='bob@localhost'/></jabber>");
        win = await b.clickLinkIn(url, `open none-${name}`);
        await win.waitForText('No XMPP account yet.');
        expect(await win.text()).toContain('Set up account');
        expect(await win.text()).not.toContain('Subject');
        await seedAccount(b.extPage, account(rig.server, ALICE_PW));
        await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
        expect(await win.text()).toContain('Subject');
        expect(await win.text()).not.toContain('Set up account');
        const since = rig.bob.mark();
        await win.fill('Message', 'after setting up');
        await win.click('Send');
        await win.waitForText(/\bSent\b/);
        const got = await rig.bob.waitFor((s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost', 10_000, { since });
        expect(got.getChildText('body')).toBe('after setting up');
      });
    });
  }
});
