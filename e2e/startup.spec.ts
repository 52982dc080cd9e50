/**
 * How the action window starts: its first (classic) script opens the WebSocket to the account's
 * server while the page still loads (boot.ts), and the session signs in over that very socket
 * rather than a second one. Observable from the page: the early socket is the one left open.
 */
import { describe, expect, it } from 'vitest';
import { clearAccounts, type Evaluator, seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, SIGN_IN_MS, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, account, linkPage, useSuite } from './helpers/suite.ts';

const rig = useSuite({ peers: [] });

/** What boot.ts left on the page: whether it opened a socket, to where, and its state now. */
const bootSocket = (win: ActionWindow) =>
  (win.page as unknown as Evaluator).evaluate(() => {
    const s = (globalThis as { jabberLinkBoot?: { socket?: WebSocket } }).jabberLinkBoot?.socket;
    return s ? { url: s.url, readyState: s.readyState, protocol: s.protocol } : null;
  }, undefined);

for (const name of BROWSERS) {
  describe(`action window start-up in ${name}`, () => {
    const b = useBrowser(name);
    let win: ActionWindow | undefined;

    it('signs in over the WebSocket its first script opened, not a second one', async () => {
      await seedAccount(b.extPage, account(rig.prosody, ALICE_PW));
      win = await b.clickLinkIn(linkPage(rig.http, `/early-${name}.html`, 'xmpp:bob@localhost?message', 'early'), 'early');
      await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      // Adopted: still open and speaking XMPP. Not adopted: closed (early-socket.ts) or absent.
      expect(await bootSocket(win)).toEqual({ url: new URL(rig.prosody.wsUrl).href, readyState: 1, protocol: 'xmpp' });
    });

    it('opens no early socket when no secret is stored; the window asks for the password and signs in', async () => {
      await clearAccounts(b.extPage);
      await seedAccount(b.extPage, account(rig.prosody));
      win = await b.clickLinkIn(linkPage(rig.http, `/nosecret-${name}.html`, 'xmpp:bob@localhost?message;type=chat', 'no secret'), 'no secret');
      await win.waitForText('Password');
      expect(await bootSocket(win)).toBeNull();
      await win.fill('Password', ALICE_PW);
      await win.click('Try again');
      await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
    });
  });
}
