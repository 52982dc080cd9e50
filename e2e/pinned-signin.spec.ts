/**
 * Pinned sign-in, in real Chromium and real Firefox against a real Prosody, with a WebSocket
 * relay (fixtures/ws-relay.ts) between them that records every frame and can rewrite one.
 *
 * An account saved in the options page keeps SCRAM keys. From then on:
 * - a server whose server signature (`v=` in <success/>) is wrong — the relay flips a bit —
 *   gets a hard error in the action window: it could not prove it is the user's server; no
 *   password field, and no PLAIN <auth> ever goes out, also after "Try again";
 * - the same server restarted PLAIN-only (same data) gets the same: nothing but the stream
 *   opening reaches it, no <auth> at all (Prosody's own log of what it received);
 * - the endpoint discovery found when the account was saved is kept: signing in fetches no
 *   host-meta (a host-meta server on 127.0.0.1:80 / [::1]:80 counts the requests).
 * And a server whose SCRAM salt changes at every sign-in (the relay gives the options page's
 * second SCRAM start another salt, as ejabberd with plain passwords does) is treated like a
 * PLAIN-only one: the password is kept where the user chooses, never keys.
 *
 * The extension comes from dist/ (`npm run build`), or from JL_DIST.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type HostMeta, WEBSOCKET_REL, withHostMeta, xrd } from './fixtures/host-meta.ts';
import { type HttpServer, startHttpServer } from './fixtures/http-server.ts';
import { pollUntil, sleep } from './fixtures/net.ts';
import { type Prosody, startProsody } from './fixtures/prosody.ts';
import { type Relay, startRelay } from './fixtures/ws-relay.ts';
import type { Evaluator } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { linkPage } from './helpers/suite.ts';
import { BROWSERS, useBrowser } from './helpers/browser.ts';
import { OPTIONS_PATH, optionsRendered } from './helpers/page-driver.ts';

const ALICE_PW = 'alice-pinned-Pw-4417';
const CAROL_PW = 'carol-salty-Pw-2290';
const SALT_NOTE = 'This server changes its salt at every sign-in, so keys cannot replace your password.';
/** Everything Prosody 0.12 could offer instead of PLAIN (the -PLUS ones need TLS, named anyway). */
const NOT_PLAIN = ['SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256-PLUS', 'DIGEST-MD5'];
const UNPROVEN = 'The server could not prove it is yours (alice@localhost), so nothing was sent.';

let prosody: Prosody;
let http: HttpServer;
let relay: Relay;
/** When set, the relay corrupts the server signature in <success/>. */
let tamper = false;
/** The relay connection (1, 2, …) whose SCRAM server-first gets a fresh salt; 0: none. */
let newSaltOn = 0;
/** When set, the relay turns the server's <success/> into <failure><not-authorized/>: stored keys refused. */
let refuse = false;
const NOT_AUTHORIZED = "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>";

/** `<challenge>` data is base64 of the server-first-message: give it another salt. */
function newSalt(frame: string): string {
  return frame.replace(/(<challenge\b[^>]*>)([^<]+)(<\/challenge>)/, (_, open: string, data: string, close: string) => {
    const serverFirst = Buffer.from(data, 'base64').toString().replace(/,s=[^,]*/, `,s=${randomBytes(16).toString('base64')}`);
    return `${open}${Buffer.from(serverFirst).toString('base64')}${close}`;
  });
}

/** `<success>` data is base64 of `v=<base64 signature>`: flip one bit of the signature. */
function corruptSuccess(frame: string): string {
  return frame.replace(/(<success\b[^>]*>)([^<]+)(<\/success>)/, (_, open: string, data: string, close: string) => {
    const v = Buffer.from(data, 'base64').toString();
    const sig = Buffer.from(v.slice(2), 'base64');
    sig[0] = (sig[0] ?? 0) ^ 1;
    return `${open}${Buffer.from(`v=${sig.toString('base64')}`).toString('base64')}${close}`;
  });
}

beforeAll(async () => {
  [prosody, http] = await Promise.all([startProsody({
      users: [
        { user: 'alice', password: ALICE_PW },
        { user: 'carol', password: CAROL_PW },
      ],
    }), startHttpServer()]);
  relay = await startRelay({
    target: prosody.wsUrl,
    onServerFrame: (f, c) =>
      refuse && /^<success\b/.test(f) ? NOT_AUTHORIZED : tamper ? corruptSuccess(f) : c.id === newSaltOn ? newSalt(f) : f,
  });
});
afterAll(async () => {
  await relay?.stop();
  await Promise.all([http?.stop(), prosody?.stop()]);
});

/** Runs `fn` with host-meta for `localhost` naming the relay on port 80. */
const withRelayHostMeta = (fn: (hostMeta: HostMeta) => Promise<void>): Promise<void> =>
  withHostMeta((host) => (host === 'localhost' ? xrd([{ rel: WEBSOCKET_REL, href: relay.url }]) : undefined), fn);

/** Every <auth> a client sent, as the relay saw it and as Prosody logged receiving it. */
const authsInRelay = (since = 0) => relay.frames.slice(since).filter((f) => f.from === 'client' && /^<auth\b/.test(f.data)).map((f) => f.data);
const authsAtServer = (since = 0) => prosody.traffic().slice(since).filter((e) => e.dir === 'received' && /^<auth\b/.test(e.tag)).map((e) => e.tag);

// --- the options page, self-contained functions evaluated in the page ------------------------------

function fill({ label, value }: { label: string; value: string }): void {
  const l = [...document.querySelectorAll('label')].find((x) => x.textContent?.trim() === label);
  const c = l?.control as HTMLInputElement | null | undefined;
  if (!c) throw new Error(`no control labelled "${label}"`);
  c.focus();
  c.value = value;
  c.dispatchEvent(new Event('input', { bubbles: true }));
}
function click(name: string): void {
  const b = [...document.querySelectorAll('button')].find(
    (x) => (x.getAttribute('aria-label') ?? x.textContent?.trim()) === name && x.checkVisibility() && !x.disabled,
  );
  if (!b) throw new Error(`no enabled button "${name}"`);
  b.click();
}
function openAdvanced(): void {
  const d = document.querySelector('form details') as HTMLDetailsElement;
  d.open = true;
}
function checkbox(label: string): { visible: boolean; checked: boolean } {
  const l = [...document.querySelectorAll('label')].find((x) => x.textContent?.trim() === label);
  const c = l?.control as HTMLInputElement | null | undefined;
  if (!c) throw new Error(`no control labelled "${label}"`);
  return { visible: c.checkVisibility(), checked: c.checked };
}
function storage(): Promise<{ local: Record<string, unknown>; session: Record<string, unknown> }> {
  const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
  return Promise.all([api.storage.local.get(null), api.storage.session.get(null)]).then(([local, session]) => ({ local, session }));
}

type StoredAccount = { id: string; jid: string; websocketUrl?: string; discoveredUrl?: string };
const accountsIn = (local: Record<string, unknown>) => (local.accounts as { accounts: StoredAccount[] }).accounts;

async function waitForBody(page: Evaluator, pattern: RegExp): Promise<string> {
  let last = '';
  return pollUntil(
    async () => {
      last = await page.evaluate(() => document.body.innerText, undefined);
      return pattern.test(last) ? last : undefined;
    },
    { what: `page text ${pattern}` },
  ).catch((e: Error) => {
    throw new Error(`${e.message}; it was: ${last}`);
  });
}

for (const name of BROWSERS) {
  describe.sequential(`pinned sign-in in ${name}`, () => {
    const b = useBrowser(name);
    let win: ActionWindow | undefined;
    let n = 0;
    /** The options page, rendered. */
    const options = async (): Promise<Evaluator> => {
      const page = await b.openExtensionPage(OPTIONS_PATH);
      await optionsRendered(page);
      return page;
    };
    afterEach(() => {
      tamper = false;
      refuse = false;
      newSaltOn = 0;
      win = undefined;
    });

    /** A link to write to bob, each a new target (one window per target). */
    const openWindow = async (account = ''): Promise<ActionWindow> => {
      const text = `write to bob ${++n}`;
      const uri = `xmpp:${account ? `//${account}/` : ''}bob@localhost?message;subject=${b.name}+${n}`;
      const url = linkPage(http, `/pinned-${b.name}-${n}.html`, uri, text);
      win = await b.clickLinkIn(url, text);
      return win;
    };

    test('saved in the options page through the relay, the account keeps SCRAM keys and signs in', async () => {
      const o = await options();
      await waitForBody(o, /No account yet/);
      await o.evaluate(fill, { label: 'XMPP address', value: 'alice@localhost' });
      await o.evaluate(fill, { label: 'Password', value: ALICE_PW });
      await o.evaluate(openAdvanced, undefined);
      await o.evaluate(fill, { label: 'WebSocket URL', value: relay.url });
      await o.evaluate(click, 'Save');
      await waitForBody(o, /Saved alice@localhost/);
      const { local } = await o.evaluate(storage, undefined);
      const [account] = accountsIn(local);
      expect(account).toMatchObject({ jid: 'alice@localhost', websocketUrl: relay.url });
      expect(local[`secret:${account!.id}`]).toMatchObject({ kind: 'scram-keys', mechanism: 'SCRAM-SHA-1' });

      const traffic = prosody.traffic().length;
      const w = await openWindow();
      await w.waitForText('Signed in as alice@localhost');
      // The server's log shows the sign-in: the checks below that find no PLAIN are not blind.
      expect(authsAtServer(traffic)).toEqual([expect.stringMatching(/mechanism=['"]SCRAM-SHA-1['"]/)]);
    });

    test('a wrong server signature: a hard error, no password field, and never a PLAIN <auth>, also after Try again', async () => {
      tamper = true;
      const frames = relay.frames.length;
      const w = await openWindow();
      await w.waitForText(UNPROVEN);
      expect(await w.text()).toContain('Changed server or password? Sign in again from the options page.');
      expect(await w.value('Password')).toBeUndefined();
      expect(await (w.page as unknown as Evaluator).evaluate(() => document.querySelectorAll("input[type=password]").length, undefined)).toBe(0);
      await w.click('Try again');
      await sleep(300);
      await w.waitForText(UNPROVEN);
      expect(await w.value('Password')).toBeUndefined();
      const auths = authsInRelay(frames);
      expect(auths.length).toBeGreaterThanOrEqual(2); // the first try and the retry, both SCRAM with the keys
      for (const a of auths) expect(a).toMatch(/mechanism=['"]SCRAM-SHA-1['"]/);
      expect(auths.some((a) => /PLAIN/.test(a))).toBe(false);
      // Nothing of the stored sign-in was replaced or dropped.
      const { local } = await (await options()).evaluate(storage, undefined);
      expect(local[`secret:${accountsIn(local)[0]!.id}`]).toMatchObject({ kind: 'scram-keys' });
    });

    test('the server restarted PLAIN-only: a hard error, and no <auth> at all reaches it', async () => {
      await prosody.restart({ disableSaslMechanisms: NOT_PLAIN });
      try {
        const traffic = prosody.traffic().length;
        const frames = relay.frames.length;
        const w = await openWindow();
        await w.waitForText(UNPROVEN);
        expect(await w.value('Password')).toBeUndefined();
        expect(await w.text()).toContain('Open options');
        await w.click('Try again');
        await sleep(300);
        await w.waitForText(UNPROVEN);
        // The stream was opened (the server was reached and offered PLAIN), then nothing.
        expect(prosody.traffic().slice(traffic).some((e) => e.dir === 'sent' && /features/.test(e.tag))).toBe(true);
        expect(authsAtServer(traffic)).toEqual([]);
        expect(authsInRelay(frames)).toEqual([]);
      } finally {
        await prosody.restart({ disableSaslMechanisms: undefined });
      }
    });

    test('Save with the URL field empty discovers once; signing in then uses the endpoint found and fetches no host-meta', () =>
      withRelayHostMeta(async (hostMeta) => {
        const o = await options();
        await o.evaluate(click, 'Edit alice@localhost');
        await o.evaluate(openAdvanced, undefined);
        await o.evaluate(fill, { label: 'WebSocket URL', value: '' });
        await o.evaluate(fill, { label: 'Password', value: ALICE_PW });
        const before = hostMeta.requests.length;
        await o.evaluate(click, 'Save');
        await waitForBody(o, /Saved alice@localhost/);
        expect(hostMeta.requests.length).toBeGreaterThan(before); // Save asked: discovery ran
        const { local } = await o.evaluate(storage, undefined);
        const [account] = accountsIn(local);
        expect(account).toEqual({ id: account!.id, jid: 'alice@localhost', discoveredUrl: relay.url });

        const atSave = hostMeta.requests.length;
        const frames = relay.frames.length;
        const w = await openWindow();
        await w.waitForText('Signed in as alice@localhost');
        expect(relay.frames.length).toBeGreaterThan(frames); // through the endpoint found at save
        expect(hostMeta.requests.length).toBe(atSave);
        // The options form shows where the endpoint came from, and keeps the field empty.
        const o2 = await options();
        await o2.evaluate(click, 'Edit alice@localhost');
        await o2.evaluate(openAdvanced, undefined);
        expect(await o2.evaluate(() => (document.querySelector('input[type=url]') as HTMLInputElement).value, undefined)).toBe('');
        await waitForBody(o2, new RegExp(`Found automatically: ${relay.url.replace(/[.?]/g, '\\$&')}`));
      }));

    test('a server whose salt changes at every sign-in: one sentence why, the Remember choice, and the password kept, never keys', async () => {
      const o = await options();
      await o.evaluate(click, 'Add account');
      await o.evaluate(fill, { label: 'XMPP address', value: 'carol@localhost' });
      await o.evaluate(fill, { label: 'Password', value: CAROL_PW });
      await o.evaluate(openAdvanced, undefined);
      await o.evaluate(fill, { label: 'WebSocket URL', value: relay.url });
      // The sign-in is the next relay connection, the options page's second SCRAM start the one after.
      newSaltOn = relay.connections.length + 2;
      await o.evaluate(click, 'Save');
      await waitForBody(o, /Choose whether to remember the password, then Save again\./);
      expect(await waitForBody(o, /Connected as carol@localhost/)).toContain(SALT_NOTE);
      expect(relay.clientFrames(newSaltOn).some((f) => f.startsWith('<auth'))).toBe(true);
      expect(relay.clientFrames(newSaltOn).some((f) => f.startsWith('<response'))).toBe(false); // the probe proves nothing
      expect(await o.evaluate(checkbox, 'Remember password on this computer')).toEqual({ visible: true, checked: false });
      await o.evaluate(click, 'Save');
      await waitForBody(o, /Saved carol@localhost/);
      let { local, session } = await o.evaluate(storage, undefined);
      const carol = accountsIn(local).find((a) => a.jid === 'carol@localhost')!;
      expect(carol).toMatchObject({ websocketUrl: relay.url, saltChanges: true });
      expect(local[`secret:${carol.id}`]).toBeUndefined();
      expect(session[`secret:${carol.id}`]).toEqual({ kind: 'password', password: CAROL_PW });

      // The window signs in (SCRAM, with the password) and leaves the password as it is: no keys.
      const w = await openWindow('carol@localhost');
      await w.waitForText('Signed in as carol@localhost');
      ({ local, session } = await (await options()).evaluate(storage, undefined));
      expect(local[`secret:${carol.id}`]).toBeUndefined();
      expect(session[`secret:${carol.id}`]).toEqual({ kind: 'password', password: CAROL_PW });
    });

    test('stored keys refused (not-authorized): the window says why and asks; the password typed then goes out with SCRAM only, never PLAIN', async () => {
      refuse = true;
      const w = await openWindow();
      await w.waitForText('The server rejected the sign-in key kept for alice@localhost. Changed your password? Enter the new one.');
      expect(await w.value('Password')).toBe('');
      refuse = false;

      // The server now offers only PLAIN: the typed password must not go out as PLAIN.
      await prosody.restart({ disableSaslMechanisms: NOT_PLAIN });
      try {
        const frames = relay.frames.length;
        await w.fill('Password', ALICE_PW);
        await w.click('Try again');
        await w.waitForText(UNPROVEN);
        expect(await w.value('Password')).toBeUndefined();
        expect(authsInRelay(frames)).toEqual([]);
      } finally {
        await prosody.restart({ disableSaslMechanisms: undefined });
      }
      // Back to SCRAM: the same typed password signs in, and new keys replace the old ones.
      const frames = relay.frames.length;
      await w.click('Try again');
      await w.waitForText('Signed in as alice@localhost');
      expect(authsInRelay(frames)).toEqual([expect.stringMatching(/mechanism=['"]SCRAM-SHA-1['"]/)]);
      const { local } = await (await options()).evaluate(storage, undefined);
      const alice = accountsIn(local).find((a) => a.jid === 'alice@localhost')!;
      expect(local[`secret:${alice.id}`]).toMatchObject({ kind: 'scram-keys', mechanism: 'SCRAM-SHA-1' });
      expect(JSON.stringify(local)).not.toContain(ALICE_PW);
    });

    test('an account saved before endpoints were kept discovers at its first sign-in, keeps what it found, and never discovers again', () =>
      withRelayHostMeta(async (hostMeta) => {
        const o = await options();
        // As an older version saved it: no endpoint at all (the keys stay as they are).
        await o.evaluate(async () => {
          const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
          const { accounts } = (await api.storage.local.get('accounts')) as { accounts: { accounts: Array<Record<string, unknown>> } };
          for (const a of accounts.accounts) {
            if (a.jid !== 'alice@localhost') continue;
            delete a.websocketUrl;
            delete a.discoveredUrl;
          }
          await api.storage.local.set({ accounts });
        }, undefined);
        const before = hostMeta.requests.length;
        let w = await openWindow();
        await w.waitForText('Signed in as alice@localhost');
        expect(hostMeta.requests.length).toBeGreaterThan(before);
        const alice = async () => accountsIn((await o.evaluate(storage, undefined)).local).find((a) => a.jid === 'alice@localhost');
        await pollUntil(async () => (await alice())?.discoveredUrl === relay.url, { what: 'the endpoint kept on the account' });
        expect(await alice()).not.toHaveProperty('websocketUrl');
        await w.close();
        win = undefined;

        const kept = hostMeta.requests.length;
        w = await openWindow();
        await w.waitForText('Signed in as alice@localhost');
        expect(hostMeta.requests.length).toBe(kept);
      }));
  });
}
