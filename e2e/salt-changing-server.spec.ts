/**
 * A real ejabberd that stores plain passwords (its built-in default) answers SCRAM with a new salt
 * at every sign-in, so no stored key ever fits again. Save detects that (pinned-signin.spec.ts,
 * options.spec.ts) and keeps the account like a PLAIN-only one; here, what the user then lives
 * with, in real Chromium and Firefox: with "Remember password", ten action windows in a row sign
 * in without asking and never turn the password into keys; without it, the window asks once per
 * browser session and says why.
 */
import { describe, expect, it } from 'vitest';
import { clearAccounts, type Evaluator, seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, useBrowser } from './helpers/browser.ts';
import { ALICE_PW, account, linkPage, useSuite } from './helpers/suite.ts';

const rig = useSuite({ server: 'ejabberd-plain', peers: [] });
const SALT_NOTE = 'This server changes its salt at every sign-in, so keys cannot replace your password.';

/** alice's secret, wherever it is kept. */
const secrets = (page: Evaluator) =>
  page.evaluate(async () => {
    const ext = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
    const [local, session] = await Promise.all([ext.storage.local.get('secret:alice'), ext.storage.session.get('secret:alice')]);
    return { local: local['secret:alice'] ?? null, session: session['secret:alice'] ?? null };
  }, undefined);

for (const name of BROWSERS) {
  describe(`a salt-changing server (ejabberd, plain passwords) in ${name}`, () => {
    const b = useBrowser(name);
    let win: ActionWindow | undefined;

    it('remembered: ten windows in a row sign in without asking, and the password never becomes keys', async () => {
      await clearAccounts(b.extPage);
      await seedAccount(b.extPage, { ...account(rig.server, ALICE_PW), remember: true, saltChanges: true });
      for (let i = 0; i < 10; i++) {
        const url = linkPage(rig.http, `/remembered-${name}-${i}.html`, `xmpp:bob@localhost?message;subject=n${i}`, `window ${i}`);
        win = await b.clickLinkIn(url, `window ${i}`);
        const text = await win.waitForText('Signed in as alice@localhost', 30_000);
        expect(text).not.toContain('A password is needed');
        expect(await win.value('Password')).toBeUndefined();
        await win.close();
        win = undefined;
      }
      expect(await secrets(b.extPage)).toEqual({ local: { kind: 'password', password: ALICE_PW }, session: null });
    });

    it('not remembered: the first window of a browser session asks once and says why; the next one does not ask', async () => {
      await clearAccounts(b.extPage);
      // What a new browser session holds for an account whose password was not remembered: nothing.
      await seedAccount(b.extPage, { ...account(rig.server), saltChanges: true });
      win = await b.clickLinkIn(linkPage(rig.http, `/ask-${name}.html`, 'xmpp:bob@localhost?message', 'ask'), 'ask');
      await win.waitForText(SALT_NOTE, 30_000);
      await win.fill('Password', ALICE_PW);
      await win.click('Try again');
      await win.waitForText('Signed in as alice@localhost', 30_000);
      await win.close();
      win = undefined;
      expect(await secrets(b.extPage)).toEqual({ local: null, session: { kind: 'password', password: ALICE_PW } });

      win = await b.clickLinkIn(linkPage(rig.http, `/again-${name}.html`, 'xmpp:bob@localhost?message;subject=again', 'again'), 'again');
      const text = await win.waitForText('Signed in as alice@localhost', 30_000);
      expect(text).not.toContain(SALT_NOTE);
      expect(await win.value('Password')).toBeUndefined();
    });
  });
}
