/**
 * Invitations end to end, on a real Prosody 0.12 with mod_invites, mod_invites_register and
 * mod_invites_adhoc, in real Chromium and Firefox:
 * - an account invite made by `prosodyctl mod_invites generate`, clicked as the button of an
 *   invite page by a browser with no account: the window asks for a name and a password
 *   (Generate), creates the account on the click (XEP-0156, ibr-token, preauth, XEP-0077), signs
 *   in (keys stored, never the password), the account is the default in Options, and a message
 *   from it reaches bob, a real Node client;
 * - the same token again, a taken name, and a server without invites: each its own message,
 *   with the form kept;
 * - a contact invite with `ibr=y` (bob runs the ad-hoc command `urn:xmpp:invite#invite`) and no
 *   account: a new account whose roster holds bob with subscription `both`;
 * - a contact invite redeemed by an existing account (alice): mutual subscription, and bob
 *   approved nothing by hand.
 */
import jsQR from 'jsqr';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HostMeta, startHostMeta, WEBSOCKET_REL, xrd } from './fixtures/host-meta.ts';
import { type HttpServer, startHttpServer } from './fixtures/http-server.ts';
import { pollUntil, sleep } from './fixtures/net.ts';
import { type Prosody, startProsody } from './fixtures/prosody.ts';
import { bare, connectPeer, type Peer, xml } from './fixtures/xmpp-peer.ts';
import { clearAccounts, type Evaluator, seedAccount } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { ALICE_PW, BOB_PW, USERS } from './helpers/suite.ts';
import { launchBrowser, SIGN_IN_MS, useBrowser } from './helpers/browser.ts';

const NS_COMMANDS = 'http://jabber.org/protocol/commands';
const NS_DATA = 'jabber:x:data';

let prosody: Prosody;
/** The same users on a server without invites: discovery points here for that one test. */
let plain: Prosody;
let http: HttpServer;
let bob: Peer;
/** Where host-meta for `localhost` points now. */
let target = '';
let hostMeta: HostMeta | undefined;

beforeAll(async () => {
  [prosody, plain, http] = await Promise.all([startProsody({ invites: true, users: USERS }), startProsody({ users: USERS }), startHttpServer()]);
  target = prosody.wsUrl;
  bob = await connectPeer({ wsUrl: prosody.wsUrl, username: 'bob@localhost', password: BOB_PW, resource: 'desk' });
});
afterAll(async () => {
  await bob?.stop();
  await Promise.all([prosody?.stop(), plain?.stop(), http?.stop()]);
});
// Port 80 is shared with other specs' discovery tests: held per test only.
beforeEach(async () => {
  target = prosody.wsUrl;
  hostMeta = await startHostMeta((host) => (host === 'localhost' ? xrd([{ rel: WEBSOCKET_REL, href: target }]) : undefined));
});
afterEach(async () => {
  await hostMeta?.stop();
  hostMeta = undefined;
});

/** An invite page like Prosody's mod_invites_page: the xmpp: link is a styled button. */
function invitePage(path: string, uri: string, text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  http.page(
    path,
    `<!doctype html><meta charset="utf-8"><title>Invite</title><style>.btn{display:inline-block;padding:8px 16px;background:#2a6;color:#fff;border-radius:4px;text-decoration:none}</style>` +
      `<h1>You have been invited to chat</h1><p><a class="btn btn-primary" role="button" href="${esc(uri)}">${esc(text)}</a></p>`,
  );
  return http.url(path);
}

/** bob's contact invite, from the server's XEP-0050 command `urn:xmpp:invite#invite`. */
async function contactInvite(): Promise<string> {
  const cmd = await bob.iq.set(xml('command', { xmlns: NS_COMMANDS, node: 'urn:xmpp:invite#invite', action: 'execute' }), 'localhost');
  const uri = cmd
    ?.getChild('x', NS_DATA)
    ?.getChildren('field')
    .find((f) => f.attrs.var === 'uri')
    ?.getChildText('value');
  if (!uri) throw new Error(`no invite URI in ${cmd?.toString()}`);
  return uri;
}

type Stored = { accounts: { accounts: Array<{ id: string; jid: string }>; defaultId?: string }; secrets: Record<string, { kind: string }> };
function stored(page: Evaluator): Promise<Stored> {
  return page.evaluate(async () => {
    type Area = { get(k: null): Promise<Record<string, unknown>> };
    const ext = (globalThis as unknown as { browser?: { storage: { local: Area; session: Area } } }).browser ??
      (globalThis as unknown as { chrome: { storage: { local: Area; session: Area } } }).chrome;
    const local = await ext.storage.local.get(null);
    const session = await ext.storage.session.get(null);
    const secrets: Record<string, { kind: string }> = {};
    for (const [k, v] of [...Object.entries(session), ...Object.entries(local)]) if (k.startsWith('secret:')) secrets[k.slice(7)] = v as { kind: string };
    return { accounts: (local.accounts ?? { accounts: [] }) as Stored['accounts'], secrets };
  }, undefined);
}

/** A canvas' pixels, as the page drew them. */
type Pixels = { width: number; height: number; data: number[] };

/**
 * What a phone's camera would read from the QR code: the pixels are read back from the page and
 * decoded by another library (jsQR) than the one that drew them, scaled up first (the
 * canvas has one pixel per module; the decoder, like a camera, expects several).
 */
function scanQr({ width, height, data }: Pixels): string | undefined {
  const k = 6;
  const big = new Uint8ClampedArray(width * k * height * k * 4);
  for (let y = 0; y < height * k; y++) {
    for (let x = 0; x < width * k; x++) {
      const from = (Math.floor(y / k) * width + Math.floor(x / k)) * 4;
      big.set(data.slice(from, from + 4), (y * width * k + x) * 4);
    }
  }
  return jsQR(big, width * k, height * k, { inversionAttempts: 'dontInvert' })?.data;
}

/** Clicks "Invite someone" in the toolbar popup page and waits for what it shows. */
async function inviteFromPopup(page: Evaluator): Promise<{ uri?: string; url?: string; qr?: Pixels; text: string }> {
  // A fresh popup each time; the old page is marked, so its button is never the one clicked.
  await page.evaluate(() => {
    (window as unknown as { stale?: true }).stale = true;
    location.reload();
  }, undefined).catch(() => undefined);
  await pollUntil(
    () =>
      page.evaluate(() => {
        if ((window as unknown as { stale?: true }).stale || document.readyState !== 'complete') return undefined;
        const b = [...document.querySelectorAll('button')].find((x) => x.textContent === 'Invite someone');
        b?.click();
        return b ? true : undefined;
      }, undefined).catch(() => undefined),
    { timeoutMs: 10_000, what: 'the Invite someone button' },
  );
  return pollUntil(
    () =>
      page.evaluate(() => {
        const text = document.body.innerText;
        const value = (label: string) => {
          const l = [...document.querySelectorAll('label')].find((x) => x.textContent === label);
          return l ? (document.getElementById(l.htmlFor) as HTMLInputElement | null)?.value : undefined;
        };
        const uri = value('Invitation link');
        const url = value('Invitation page');
        if (!uri && !document.querySelector('[role=alert]')) return undefined; // the invitation or why not
        const canvas = [...document.querySelectorAll('canvas')].find((c) => c.getAttribute('role') === 'img' && c.getAttribute('aria-label') === 'QR code of the invitation');
        const img = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height);
        const qr = img ? { width: img.width, height: img.height, data: [...img.data] } : undefined;
        return { ...(uri ? { uri } : {}), ...(url ? { url } : {}), ...(qr ? { qr } : {}), text };
      }, undefined),
    { timeoutMs: SIGN_IN_MS, what: 'the invitation in the popup' },
  );
}

/** A user's steps on an extension page (the popup page navigated to Options). */
const ui = {
  click: (page: Evaluator, text: string) =>
    pollUntil(
      () =>
        page.evaluate((text) => {
          const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === text && !x.disabled);
          if (!b || b.getAttribute('aria-disabled') === 'true') return undefined;
          b.click();
          return true;
        }, text),
      { timeoutMs: 10_000, intervalMs: 50, what: `button ${text}` },
    ),
  fill: (page: Evaluator, label: string, value: string) =>
    pollUntil(
      () =>
        page.evaluate(
          ({ label, value }) => {
            // The last one: Options may show its own sign-in form (with a Password) above.
            const l = [...document.querySelectorAll('label')].findLast((x) => x.textContent?.trim() === label);
            const c = l && (document.getElementById(l.htmlFor) as HTMLInputElement | null);
            if (!c) return undefined;
            c.value = value;
            c.dispatchEvent(new Event('input', { bubbles: true }));
            return true;
          },
          { label, value },
        ),
      { timeoutMs: 10_000, intervalMs: 50, what: `field ${label}` },
    ),
  waitForText: async (page: Evaluator, text: string) => {
    try {
      await pollUntil(() => page.evaluate((text) => (document.body.innerText.includes(text) ? true : undefined), text), { timeoutMs: SIGN_IN_MS, what: text });
    } catch {
      throw new Error(`page text never held ${text}; it was:\n${await page.evaluate(() => document.body.innerText, undefined)}`);
    }
  },
  go: async (page: Evaluator, path: string) => {
    await page
      .evaluate((path) => {
        const ext = (globalThis as unknown as { browser?: { runtime: { getURL(p: string): string } } }).browser ??
          (globalThis as unknown as { chrome: { runtime: { getURL(p: string): string } } }).chrome;
        location.href = ext.runtime.getURL(path);
      }, path)
      .catch(() => undefined);
    await pollUntil(() => page.evaluate((path) => (location.pathname.endsWith(path) && document.readyState === 'complete') || undefined, path).catch(() => undefined), {
      timeoutMs: 10_000,
      what: path,
    });
  },
};

async function rosterItem(peer: Peer, jid: string): Promise<string | undefined> {
  const items = await peer.getRoster();
  return items.find((i) => i.attrs.jid === jid)?.attrs.subscription as string | undefined;
}

for (const name of ['chromium', 'firefox'] as const) {
  // Generous: each test is several windows, and Firefox on a busy machine took 45 s for three.
  describe(`invites in ${name}`, { timeout: 150_000 }, () => {
    const b = useBrowser(name);
    let win: ActionWindow | undefined;
    afterEach(async () => {
      await win?.close();
      win = undefined;
      await sleep(200);
    });
    /** Set by the first test, reused by the second: a token already used. */
    let usedInvite = '';

    it('no account: an account invite from prosodyctl creates one, signs in with keys, and it sends bob a message', async () => {
      await clearAccounts(b.extPage);
      const invite = await prosody.generateInvite();
      expect(invite).toMatch(/^xmpp:localhost\?register;preauth=/);
      usedInvite = invite;
      const user = `newbie-${name}`;
      win = await b.clickLinkIn(invitePage(`/inv-${name}.html`, invite, 'Open in your app'), 'Open in your app');
      await win.waitForText('localhost invited you to create an account there.', SIGN_IN_MS);
      await win.waitForText('Nothing is sent to localhost until you click Create account.');
      expect(await win.focused()).toBe('Username');
      await win.fill('Username', user);
      await win.click('Generate');
      const password = (await win.value('Password')) ?? '';
      expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
      expect(await win.text()).toContain('Copy');
      const t0 = Date.now();
      await win.click('Create account');
      await win.waitForText(`Account created: ${user}@localhost`, SIGN_IN_MS);
      await win.waitForText(`Signed in as ${user}@localhost`, SIGN_IN_MS);
      console.log(`[invites] ${name}: click → account created and signed in: ${Date.now() - t0} ms`);
      expect(await win.value('Password')).toBe('');

      // Kept like any account: the default, with SCRAM keys and no password anywhere.
      const s = await stored(b.extPage);
      expect(s.accounts.accounts.map((a) => a.jid)).toEqual([`${user}@localhost`]);
      const id = s.accounts.accounts[0]!.id;
      expect(s.accounts.defaultId).toBe(id);
      expect(s.secrets[id]?.kind).toBe('scram-keys');
      expect(JSON.stringify(s)).not.toContain(password);
      await win.close();
      win = undefined;

      // The new account at work: a message link, sent to bob, a real client.
      const since = bob.mark();
      http.page(`/msg-${name}.html`, `<!doctype html><meta charset="utf-8"><a href="xmpp:bob@localhost?message;body=hello%20from%20${user}">say hello</a>`);
      win = await b.clickLinkIn(http.url(`/msg-${name}.html`), 'say hello');
      await win.waitForText(`Signed in as ${user}@localhost`, SIGN_IN_MS);
      await win.click('Send');
      const got = await bob.waitFor((st) => st.is('message') && bare(st.attrs.from) === `${user}@localhost`, 10_000, { since, what: 'the new account\'s message' });
      expect(got.getChildText('body')).toBe(`hello from ${user}`);
    });

    it('a used token, a taken name and a server without invites: each its own message, the form kept', async () => {
      await clearAccounts(b.extPage);
      // The token the first test used up.
      win = await b.clickLinkIn(invitePage(`/used-${name}.html`, usedInvite, 'Join again'), 'Join again');
      await win.waitForText('invited you to create an account', SIGN_IN_MS);
      await win.fill('Username', `late-${name}`);
      await win.fill('Password', 'a-long-password-1');
      await win.click('Create account');
      await win.waitForText('This invitation has expired or was already used. Ask for a new one.');
      expect(await win.value('Username')).toBe(`late-${name}`);
      await win.close();

      // A fresh token, a name that exists.
      win = await b.clickLinkIn(invitePage(`/taken-${name}.html`, await prosody.generateInvite(), 'Join taken'), 'Join taken');
      await win.waitForText('invited you to create an account', SIGN_IN_MS);
      await win.fill('Username', 'alice');
      await win.fill('Password', 'a-long-password-2');
      await win.click('Create account');
      await win.waitForText('That name is taken on localhost. Choose another one.');
      expect(await win.value('Username')).toBe('alice');
      expect(await win.value('Password')).toBe('a-long-password-2');
      await win.close();

      // localhost now answers from a Prosody without mod_invites.
      target = plain.wsUrl;
      win = await b.clickLinkIn(invitePage(`/noinv-${name}.html`, 'xmpp:localhost?register;preauth=whatever', 'Join plain'), 'Join plain');
      await win.waitForText('invited you to create an account', SIGN_IN_MS);
      await win.fill('Username', `plain-${name}`);
      await win.fill('Password', 'a-long-password-3');
      await win.click('Create account');
      await win.waitForText('localhost does not take invitations, so this link cannot create an account there.');
      expect(await win.value('Username')).toBe(`plain-${name}`);
      expect((await stored(b.extPage)).accounts.accounts).toEqual([]);
    });

    it('no account: bob\'s contact invite with ibr=y makes an account whose roster holds bob, subscription both', async () => {
      await clearAccounts(b.extPage);
      const invite = await contactInvite();
      expect(invite).toMatch(/^xmpp:bob@localhost\?roster;preauth=[^;]+;ibr=y$/);
      const user = `friend-${name}`;
      win = await b.clickLinkIn(invitePage(`/contact-${name}.html`, invite, 'Add bob'), 'Add bob');
      await win.waitForText('bob@localhost invited you to be contacts. Create an account on localhost to accept.', SIGN_IN_MS);
      await win.fill('Username', user);
      await win.fill('Password', 'a-long-password-4');
      await win.click('Create account');
      await win.waitForText('You and bob@localhost are now contacts', SIGN_IN_MS);
      expect(await rosterItem(bob, `${user}@localhost`)).toBe('both');
      // And the new account's own roster, as a second client of it sees it.
      const me = await connectPeer({ wsUrl: prosody.wsUrl, username: `${user}@localhost`, password: 'a-long-password-4', resource: 'check', presence: false });
      try {
        expect(await rosterItem(me, 'bob@localhost')).toBe('both');
      } finally {
        await me.stop();
      }
    });

    it('an account elsewhere: bob\'s contact invite with ibr=y asks which (use my account / create one there)', async () => {
      await clearAccounts(b.extPage);
      // An account on another server (never reached: the question comes before any sign-in).
      await seedAccount(b.extPage, { id: 'far', jid: 'far@elsewhere.localhost', websocketUrl: 'ws://127.0.0.1:9/xmpp-websocket', password: 'x' });
      const invite = await contactInvite();
      win = await b.clickLinkIn(invitePage(`/which-${name}.html`, invite, 'Add bob too'), 'Add bob too');
      await win.waitForText('bob@localhost invited you to be contacts. Add them with your account, or create an account on localhost?', SIGN_IN_MS);
      expect(await win.text()).toContain('Use my account');
      await win.click('Create one there');
      await win.waitForText('Nothing is sent to localhost until you click Create account.');
      expect(await win.focused()).toBe('Username');
    });

    it('alice\'s account: bob\'s contact invite ends with mutual subscription, bob approving nothing', async () => {
      await clearAccounts(b.extPage);
      await seedAccount(b.extPage, { id: 'alice', jid: 'alice@localhost', websocketUrl: prosody.wsUrl, password: ALICE_PW });
      // Strangers again (the other browser's run made them contacts): removal cancels both ways.
      await bob.iq.set(xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid: 'alice@localhost', subscription: 'remove' }))).catch(() => undefined);
      const invite = await contactInvite();
      const since = bob.mark();
      win = await b.clickLinkIn(invitePage(`/alice-${name}.html`, invite, 'Add bob as alice'), 'Add bob as alice');
      await win.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      // Before the click, the window says that Add also lets bob see when alice is online.
      expect(await win.text()).toContain('An invitation from bob@localhost: adding them also lets them see when you are online.');
      await win.click('Add contact');
      await win.waitForText('bob@localhost accepted the invitation: you are now contacts', SIGN_IN_MS);
      const alice = await connectPeer({ wsUrl: prosody.wsUrl, username: 'alice@localhost', password: ALICE_PW, resource: 'check', presence: false });
      try {
        await pollUntil(async () => (await rosterItem(alice, 'bob@localhost')) === 'both' || undefined, { intervalMs: 100, what: "alice's roster to hold bob both ways" }).catch(() => undefined);
        expect(await rosterItem(alice, 'bob@localhost')).toBe('both');
        expect(await rosterItem(bob, 'alice@localhost')).toBe('both');
      } finally {
        await alice.stop();
      }
      // bob's client sent no `subscribed` of its own: his server approved with the token.
      expect(bob.received.slice(since).filter((st) => st.is('presence') && st.attrs.type === 'subscribe')).toHaveLength(0);
    });

    it('"Invite someone" in the toolbar popup: a link, its expiry, Copy and a QR code of it; another profile redeems it', async () => {
      await clearAccounts(b.extPage);
      await seedAccount(b.extPage, { id: 'alice', jid: 'alice@localhost', websocketUrl: prosody.wsUrl, password: ALICE_PW });
      const got = await inviteFromPopup(b.extPage);
      expect(got.uri).toMatch(/^xmpp:alice@localhost\?roster;preauth=[^;]+;ibr=y$/);
      expect(got.text).toMatch(/Valid until /);
      expect(got.text).toContain('Copy');
      // The QR code says what a phone should open: the invite page when the server has one, else the link.
      expect(got.qr, 'a QR code').toBeDefined();
      expect(scanQr(got.qr!)).toBe(got.url ?? got.uri);

      // Another browser profile, with no account, redeems it from an invite page.
      const other = await launchBrowser(name);
      try {
        const user = `invited-${name}`;
        const w = await other.clickLinkIn(invitePage(`/popup-inv-${name}.html`, got.uri!, 'Accept alice'), 'Accept alice');
        await w.waitForText('alice@localhost invited you to be contacts.', SIGN_IN_MS);
        await w.fill('Username', user);
        await w.fill('Password', 'a-long-password-5');
        await w.click('Create account');
        await w.waitForText('You and alice@localhost are now contacts', SIGN_IN_MS);
        const alice = await connectPeer({ wsUrl: prosody.wsUrl, username: 'alice@localhost', password: ALICE_PW, resource: 'check2', presence: false });
        try {
          expect(await rosterItem(alice, `${user}@localhost`)).toBe('both');
        } finally {
          await alice.stop();
        }
      } finally {
        await other.stop();
      }
    });

    it('"Invite someone" with a server without invitations says so', async () => {
      await clearAccounts(b.extPage);
      await seedAccount(b.extPage, { id: 'alice', jid: 'alice@localhost', websocketUrl: plain.wsUrl, password: ALICE_PW });
      const got = await inviteFromPopup(b.extPage);
      expect(got.uri).toBeUndefined();
      expect(got.qr).toBeUndefined();
      expect(got.text).toContain('Your server does not offer invitations.');
    });

    it('"Invite someone" for an account whose password is not kept says where to enter it', async () => {
      await clearAccounts(b.extPage);
      await seedAccount(b.extPage, { id: 'alice', jid: 'alice@localhost', websocketUrl: prosody.wsUrl });
      const got = await inviteFromPopup(b.extPage);
      expect(got.uri).toBeUndefined();
      expect(got.text).toContain('Your password is needed to sign in: enter it under Accounts and settings, then try again.');
      expect(got.text).not.toContain('Could not get an invitation');
    });

    it('attacker: an invite window opened by a page contacts the server only on a deliberate click; keys before arming create nothing', async () => {
      await clearAccounts(b.extPage);
      const sessions = () => new Set(prosody.traffic().map((e) => e.session)).size;
      // The keys must land before arming (800 ms from the form's button appearing); on a loaded
      // machine the window may arm first, which proves nothing: then try again (a fresh invite
      // and name each time, as an armed Enter does create the account), up to 3 times.
      let early = false;
      let before = 0;
      let user = '';
      for (let attempt = 0; attempt < 3 && !early; attempt++) {
        await win?.close();
        user = `quick${attempt}-${name}`;
        // The invite reserves a name, so only the password is missing: typed and Entered at once.
        const invite = (await prosody.generateInvite()).replace('xmpp:localhost', `xmpp:${user}@localhost`);
        before = sessions();
        win = await b.clickLinkIn(invitePage(`/hostile-${name}-${attempt}.html`, invite, 'Claim'), 'Claim');
        const w = win;
        await pollUntil(() => w.focus('Password').then(() => true, () => undefined), { timeoutMs: 5_000, intervalMs: 10, what: 'the password field' });
        await w.type('pw1');
        await w.pressNow('Enter');
        early = !(await w.armed());
      }
      // Headless Chromium (no focus events) arms 800 ms after the form appears, which the
      // driver's own steps can outlast on a loaded machine: there the key part is best effort;
      // Firefox re-arms on the window's focus and always gets the keys in first.
      if (!early) {
        expect(name).toBe('chromium');
        console.warn('[invites] chromium armed before the keys landed (loaded machine): nothing to check this run');
        return;
      }
      expect(await win!.value('Username')).toBe(user);
      await pollUntil(() => win!.armed(), { timeoutMs: 5_000, intervalMs: 20, what: 'the window to arm' });
      await sleep(1000);
      expect(sessions()).toBe(before); // not even a stream was opened
      expect(await win!.text()).not.toContain('Account created');
      await win!.click('Create account');
      await win!.waitForText(`Account created: ${user}@localhost`, SIGN_IN_MS);
    });

    it('Options "Create an account" on a server with open registration: created, saved, the default', async () => {
      await clearAccounts(b.extPage);
      target = plain.wsUrl; // localhost now answers from the Prosody with open registration
      const page = b.extPage;
      const user = `opt-${name}`;
      await ui.go(page, 'src/options/options.html');
      try {
        await ui.click(page, 'Create an account');
        await ui.fill(page, 'Server', 'localhost');
        await ui.click(page, 'Next');
        await ui.waitForText(page, 'Create an account on localhost.');
        await ui.fill(page, 'Username', user);
        await ui.fill(page, 'Password', 'a-long-password-6');
        await ui.click(page, 'Create account');
        await ui.waitForText(page, `Signed in as ${user}@localhost`);
        const s = await stored(page);
        expect(s.accounts.accounts.map((a) => a.jid)).toEqual([`${user}@localhost`]);
        expect(s.secrets[s.accounts.defaultId!]?.kind).toBe('scram-keys');
        const me = await connectPeer({ wsUrl: plain.wsUrl, username: `${user}@localhost`, password: 'a-long-password-6', resource: 'check', presence: false });
        await me.stop();
      } finally {
        await ui.go(page, 'src/popup/popup.html');
      }
    });
  });
}
