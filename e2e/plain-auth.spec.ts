/**
 * Sign-in on a PLAIN-only server (no SCRAM), in real Chromium and real Firefox against a real
 * Prosody with every SCRAM mechanism disabled. There is nothing to derive keys from, so the
 * password itself must be kept, and the options page lets the user choose where
 * (src/shared/credentials.ts):
 * - "Remember password" → storage.local: every new action window signs in without asking, also
 *   after a browser restart;
 * - not remembered → storage.session only: gone when the browser closes, after which the action
 *   window asks for the password (used that once, never stored) and then works.
 * Each path ends at what bob, a real second client, receives.
 *
 * The extension comes from dist/ (`npm run build`), or from JL_DIST (e.g. a private build dir).
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type HttpServer, startHttpServer } from './fixtures/http-server.ts';
import { pollUntil, sleep } from './fixtures/net.ts';
import { type Prosody, startProsody } from './fixtures/prosody.ts';
import { bare, connectPeer, type Peer } from './fixtures/xmpp-peer.ts';
import type { Evaluator } from './helpers/account.ts';
import type { ActionWindow } from './helpers/action-window.ts';
import { BROWSERS, SIGN_IN_MS, useBrowser } from './helpers/browser.ts';
import { linkPage } from './helpers/suite.ts';
import { OPTIONS_PATH, optionsRendered } from './helpers/page-driver.ts';

const ALICE_PW = 'alice-plain-Pw-5521';
const BOB_PW = 'bob-plain-Pw-8830';
const REMEMBER = 'Remember password on this computer';
/** Everything Prosody 0.12 could offer instead of PLAIN (the -PLUS ones need TLS, named anyway). */
const NOT_PLAIN = ['SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256-PLUS', 'DIGEST-MD5'];

let prosody: Prosody;
let http: HttpServer;
let bob: Peer;
beforeAll(async () => {
  [prosody, http] = await Promise.all([
    startProsody({
      users: [
        { user: 'alice', password: ALICE_PW },
        { user: 'bob', password: BOB_PW },
      ],
      disableSaslMechanisms: NOT_PLAIN,
    }),
    startHttpServer(),
  ]);
  bob = await connectPeer({ wsUrl: prosody.wsUrl, username: 'bob@localhost', password: BOB_PW, resource: 'desk' });
});
afterAll(async () => {
  await bob?.stop();
  await Promise.all([http?.stop(), prosody?.stop()]);
});

/** The SASL mechanisms in the server's first stream features, read off a raw WebSocket. */
async function offeredMechanisms(wsUrl: string): Promise<string[]> {
  const ws = new WebSocket(wsUrl, ['xmpp']);
  try {
    return await new Promise<string[]>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('no stream features within 5 s')), 5000);
      ws.on('error', fail);
      ws.on('open', () =>
        ws.send(`<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>`),
      );
      ws.on('message', (data) => {
        const text = String(data);
        if (!/<stream:features|<features/.test(text)) return;
        clearTimeout(timer);
        ok([...text.matchAll(/<mechanism>([^<]*)<\/mechanism>/g)].map((m) => m[1]!));
      });
    });
  } finally {
    ws.close();
  }
}

test('the fixture server offers PLAIN and nothing else', async () => {
  expect(await offeredMechanisms(prosody.wsUrl)).toEqual(['PLAIN']);
});

// --- the options page, by label and role, the same way in both browsers --------------------------

function dom<A, R>(page: Evaluator, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  return page.evaluate(fn, arg);
}

/** The visible control whose <label> text is exactly `label`. */
function controlOf(label: string): HTMLInputElement {
  const l = [...document.querySelectorAll('label')].find((x) => x.textContent?.trim() === label);
  const c = l?.control as HTMLInputElement | null | undefined;
  if (!c) throw new Error(`no control labelled "${label}"`);
  return c;
}

interface OptionsPage {
  fill(label: string, value: string): Promise<void>;
  /** Clicks the visible, enabled button whose accessible name is exactly `name`. */
  click(name: string): Promise<void>;
  openAdvanced(): Promise<void>;
  /** Clicks the <label> of a control, as a user ticks a checkbox by its text. */
  clickLabel(label: string): Promise<void>;
  /** The checkbox labelled `label`: shown at all, checked, focused. */
  checkbox(label: string): Promise<{ visible: boolean; checked: boolean; focused: boolean }>;
  status(): Promise<string>;
  waitForStatus(pattern: RegExp): Promise<string>;
  waitForBody(pattern: RegExp): Promise<string>;
  storage(): Promise<{ local: Record<string, unknown>; session: Record<string, unknown> }>;
}

function optionsPage(page: Evaluator): OptionsPage {
  const helpers = `${controlOf.toString()}`;
  // The helper is defined in the page for each call (a function cannot cross into it).
  const run = <A, R>(body: string, arg: A): Promise<R> =>
    dom(
      page,
      // biome-ignore lint/security/noGlobalEval: test helpers injected into the page
      ({ code, arg }: { code: string; arg: A }) => (0, eval)(code)(arg) as R,
      { code: `(function(){ ${helpers}\n return ${body}; })()`, arg },
    );
  const o: OptionsPage = {
    fill: (label, value) =>
      run(
        `({ label, value }) => { const c = controlOf(label); if (!c.checkVisibility()) throw new Error('"' + label + '" is hidden'); c.focus(); c.value = value; c.dispatchEvent(new Event('input', { bubbles: true })); }`,
        { label, value },
      ),
    click: (name) =>
      run(
        `(name) => { const b = [...document.querySelectorAll('button')].find((x) => (x.getAttribute('aria-label') ?? x.textContent.trim()) === name && x.checkVisibility() && !x.disabled); if (!b) throw new Error('no enabled button "' + name + '"'); b.click(); }`,
        name,
      ),
    openAdvanced: () =>
      run(
        `() => { const d = [...document.querySelectorAll('details')].find((x) => x.querySelector('summary').textContent.trim() === 'Advanced'); if (!d.open) d.querySelector('summary').click(); }`,
        undefined,
      ),
    clickLabel: (label) =>
      run(
        `(label) => { const l = [...document.querySelectorAll('label')].find((x) => x.textContent.trim() === label && x.checkVisibility()); if (!l) throw new Error('no visible label "' + label + '"'); l.click(); }`,
        label,
      ),
    checkbox: (label) =>
      run(
        `(label) => { const c = controlOf(label); if (c.type !== 'checkbox') throw new Error('"' + label + '" is not a checkbox'); return { visible: c.checkVisibility(), checked: c.checked, focused: document.activeElement === c }; }`,
        label,
      ),
    status: () => dom(page, () => (document.querySelector('form [role=status]') as HTMLElement).innerText, undefined),
    async waitForStatus(pattern) {
      let last = '';
      return pollUntil(
        async () => {
          last = await o.status();
          return pattern.test(last) ? last : undefined;
        },
        { what: `status ${pattern}` },
      ).catch((e: Error) => {
        throw new Error(`${e.message}; it was: ${last}`);
      });
    },
    async waitForBody(pattern) {
      let last = '';
      return pollUntil(
        async () => {
          last = await dom(page, () => document.body.innerText, undefined);
          return pattern.test(last) ? last : undefined;
        },
        { what: `page text ${pattern}` },
      ).catch((e: Error) => {
        throw new Error(`${e.message}; it was: ${last}`);
      });
    },
    storage: () =>
      dom(
        page,
        () => {
          const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
          return Promise.all([api.storage.local.get(null), api.storage.session.get(null)]).then(([local, session]) => ({ local, session }));
        },
        undefined,
      ),
  };
  return o;
}

/** `secret:<id>` entries of one storage area. */
const secrets = (area: Record<string, unknown>) => Object.fromEntries(Object.entries(area).filter(([k]) => k.startsWith('secret:')));

for (const name of BROWSERS) {
  describe.sequential(`PLAIN-only sign-in in ${name}`, () => {
    // One profile across b.restart(): storage.local stays, storage.session is gone.
    const b = useBrowser(name, { restartable: true });
    let win: ActionWindow | undefined;
    let n = 0;
    /** A fresh options page, once it has rendered. */
    const options = async (): Promise<OptionsPage> => {
      const page = await b.openExtensionPage(OPTIONS_PATH);
      await optionsRendered(page);
      return optionsPage(page);
    };

    /** A link to write to bob (a new target each time, so each click opens a new window). */
    const writeToBob = async (): Promise<ActionWindow> => {
      const text = `write to bob ${++n}`;
      const url = linkPage(http, `/plain-${b.name}-${n}.html`, `xmpp:bob@localhost?message;subject=${b.name}+${n}`, text);
      win = await b.clickLinkIn(url, text);
      return win;
    };
    /** Sends `body` from the window's message form; bob must get exactly it, from alice. */
    const sendToBob = async (w: ActionWindow, body: string) => {
      const since = bob.mark();
      await w.fill('Message', body);
      await w.click('Send');
      const got = await bob.waitFor(
        (s) => s.is('message') && bare(s.attrs.from) === 'alice@localhost' && s.getChildText('body') === body,
        10_000,
        { since },
      );
      expect(got.attrs.type).toBe('normal');
      await w.waitForText(/\bSent\b/);
    };

    test('Test connection on a PLAIN-only server offers "Remember password"; chosen, the password is kept in storage.local only', async () => {
      const o = await options();
      await o.waitForBody(/No account yet/);
      await o.fill('XMPP address', 'alice@localhost');
      await o.fill('Password', ALICE_PW);
      await o.openAdvanced();
      await o.fill('WebSocket URL', prosody.wsUrl);
      expect((await o.checkbox(REMEMBER)).visible).toBe(false); // nothing to remember before a sign-in
      await o.click('Test connection');
      const text = await o.waitForStatus(/Connected as alice@localhost/);
      expect(text).toContain('Sign-in method: PLAIN');
      expect(text).toMatch(/accepts only the plain password/);
      expect(await o.checkbox(REMEMBER)).toMatchObject({ visible: true, checked: false });
      const tested = await o.storage();
      expect(secrets({ ...tested.local, ...tested.session })).toEqual({}); // a test alone stores nothing

      await o.clickLabel(REMEMBER);
      expect((await o.checkbox(REMEMBER)).checked).toBe(true);
      await o.click('Save');
      await o.waitForBody(/Saved alice@localhost/);
      const { local, session } = await o.storage();
      const id = (local.accounts as { accounts: Array<{ id: string }> }).accounts[0]!.id;
      expect(secrets(local)).toEqual({ [`secret:${id}`]: { kind: 'password', password: ALICE_PW } });
      expect(secrets(session)).toEqual({});
    });

    test('remembered: each new action window signs in without asking, also after a browser restart', async () => {
      let w = await writeToBob();
      await w.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      expect(await w.value('Password')).toBeUndefined();
      await sendToBob(w, `remembered, first window (${b.name})`);
      await w.close();
      await sleep(200);

      w = await writeToBob();
      await w.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      expect(await w.value('Password')).toBeUndefined();
      await w.close();
      win = undefined;

      await b.restart();
      w = await writeToBob();
      await w.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      expect(await w.value('Password')).toBeUndefined();
      await sendToBob(w, `remembered, after a restart (${b.name})`);
    });

    test('Save without a test offers the choice too; not remembered, the password is kept in storage.session only; after a restart the window asks for it once, then works', async () => {
      const o = await options();
      await o.click('Edit alice@localhost');
      expect((await o.checkbox(REMEMBER)).visible).toBe(false);
      await o.fill('Password', ALICE_PW);
      const before = await o.storage();
      // Save without a Test first: it signs in, then stops to offer the choice, storing nothing yet.
      await o.click('Save');
      await o.waitForStatus(/Connected as alice@localhost[\s\S]*Sign-in method: PLAIN/);
      await pollUntil(async () => (await o.checkbox(REMEMBER)).focused, { what: 'focus on the remember choice' });
      await o.waitForBody(/Choose whether to remember the password, then Save again\./);
      expect(await o.checkbox(REMEMBER)).toEqual({ visible: true, checked: false, focused: true });
      expect(secrets((await o.storage()).local)).toEqual(secrets(before.local));
      await o.click('Save');
      await o.waitForBody(/Saved alice@localhost/);
      let stored = await o.storage();
      const id = (stored.local.accounts as { accounts: Array<{ id: string }> }).accounts[0]!.id;
      // The remembered copy is gone, not left behind beside the new one.
      expect(secrets(stored.local)).toEqual({});
      expect(secrets(stored.session)).toEqual({ [`secret:${id}`]: { kind: 'password', password: ALICE_PW } });

      // Until the browser closes, windows sign in from storage.session.
      let w = await writeToBob();
      await w.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      expect(await w.value('Password')).toBeUndefined();
      await w.close();
      win = undefined;

      await b.restart();
      stored = await (await options()).storage();
      expect(secrets({ ...stored.local, ...stored.session })).toEqual({});
      w = await writeToBob();
      await w.waitForText('A password is needed to sign in.');
      expect(await w.text()).not.toMatch(/Signed in as/);
      await w.fill('Password', ALICE_PW);
      await w.click('Try again');
      await w.waitForText('Signed in as alice@localhost', SIGN_IN_MS);
      await sendToBob(w, `typed once after a restart (${b.name})`);
      // Typed in the window, used once: still nothing stored anywhere.
      stored = await (await options()).storage();
      expect(secrets({ ...stored.local, ...stored.session })).toEqual({});
    });
  });
}
