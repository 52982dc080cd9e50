import { describe, expect, it } from 'vitest';
import type { Account, AccountList } from '../shared/accounts.ts';
import { SessionError } from '../xmpp/errors.ts';
import type { CredentialStore, OpenSessionOptions, Secret, Session } from '../xmpp/session.ts';
import { type SignInDeps, type SignInState, startSignIn } from './sign-in.ts';

/** One call of the fake opener: settle it by hand. */
interface Call {
  account: { jid: string; websocketUrl?: string };
  opts: OpenSessionOptions;
  credentials: { password: string | undefined; known: Secret | undefined };
  succeed(jid?: string, endpoint?: string): FakeSession;
  fail(err: unknown): void;
}
interface FakeSession extends Session {
  closed: boolean;
  drop(e?: Error): void;
  link(state: 'reconnecting' | 'resumed' | 'rebound'): void;
}

function fakeSession(jid: string, endpoint: string): FakeSession {
  const closedFns: Array<(e?: Error) => void> = [];
  const linkFns: Array<(s: 'reconnecting' | 'resumed' | 'rebound') => void> = [];
  const s = {
    jid,
    endpoint,
    closed: false,
    async close() {
      s.closed = true;
    },
    onClosed(fn: (e?: Error) => void) {
      closedFns.push(fn);
      return () => undefined;
    },
    onLink(fn: (st: 'reconnecting' | 'resumed' | 'rebound') => void) {
      linkFns.push(fn);
      return () => undefined;
    },
    drop(e?: Error) {
      for (const f of closedFns) f(e);
    },
    link(st: 'reconnecting' | 'resumed' | 'rebound') {
      for (const f of linkFns) f(st);
    },
  };
  return s as unknown as FakeSession;
}

const alice: Account = { id: 'a', jid: 'alice@example.org', websocketUrl: 'wss://example.org/ws' };
const bob: Account = { id: 'b', jid: 'bob@example.net', discoveredUrl: 'wss://example.net/ws' };
const KEYS = { kind: 'scram-keys', mechanism: 'SCRAM-SHA-256', clientKey: 'k', serverKey: 's', salt: 'x', iterations: 4096 } as const;

function rig(extra: Partial<SignInDeps> = {}) {
  const calls: Call[] = [];
  const states: SignInState[] = [];
  const pickers: Array<[string[], string | undefined]> = [];
  const remembered: Array<[string, string]> = [];
  const signIn = startSignIn({
    open(account, opts) {
      const creds = opts.credentials as CredentialStore & { made: Call['credentials'] };
      return new Promise<Session>((resolve, reject) => {
        calls.push({
          account,
          opts,
          credentials: creds.made,
          succeed(jid = `${account.jid}/r1`, endpoint = account.websocketUrl ?? 'wss://found/ws') {
            opts.onProgress?.('signing-in');
            const s = fakeSession(jid, endpoint);
            resolve(s);
            return s;
          },
          fail: reject,
        });
        opts.onProgress?.('connecting');
      });
    },
    credentials: (_acc, password, known) => ({ get: async () => undefined, save: async () => undefined, made: { password, known } }) as CredentialStore,
    rememberDiscovered: async (id, url) => void remembered.push([id, url]),
    secretOf: (id) => (id === 'a' ? KEYS : undefined),
    onState: (s) => states.push(s),
    onAccounts: (accounts, chosen) => pickers.push([accounts.map((a) => a.id), chosen?.id]),
    ...extra,
  });
  const last = () => calls[calls.length - 1]!;
  const kinds = () => states.map((s) => s.kind);
  return { signIn, calls, states, kinds, pickers, remembered, last };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const list = (...accounts: Account[]): AccountList => ({ accounts, defaultId: accounts[0]?.id });

describe('the window sign-in', () => {
  it('says there is no account, then signs in with the first one saved; waiting views get the session', async () => {
    const r = rig();
    r.signIn.accountsChanged({ accounts: [] });
    expect(r.kinds()).toEqual(['no-account']);
    const waiting = r.signIn.session();
    r.signIn.accountsChanged(list(alice));
    expect(await r.signIn.accountReady).toBe(alice);
    expect(r.calls).toHaveLength(1);
    const s = r.last().succeed('Alice@example.org/r1');
    expect(await waiting).toBe(s);
    expect(r.kinds()).toEqual(['no-account', 'connecting', 'connecting', 'signing-in', 'signed-in']);
    expect(r.states.at(-1)).toEqual({ kind: 'signed-in', jid: 'alice@example.org' });
    // A live session is shared, not opened again.
    expect(await r.signIn.session()).toBe(s);
    expect(r.calls).toHaveLength(1);
  });

  it('prefers the account the request names, and offers a picker when there are several', () => {
    const r = rig({ wanted: 'Bob@example.net' });
    r.signIn.accountsChanged(list(alice, bob));
    expect(r.last().account).toEqual({ jid: 'bob@example.net', websocketUrl: 'wss://example.net/ws' });
    expect(r.pickers).toEqual([[['a', 'b'], 'b']]);
  });

  it('uses the snapshot secret and early socket for the first attempt only', async () => {
    const socket = {} as WebSocket;
    const r = rig({ socket });
    r.signIn.accountsChanged(list(alice));
    expect(r.last().credentials.known).toBe(KEYS);
    expect(r.last().opts.socket).toBe(socket);
    r.last().fail(new SessionError('unreachable', 'down'));
    await tick();
    r.signIn.retry();
    expect(r.calls).toHaveLength(2);
    expect(r.last().credentials.known).toBeUndefined();
    expect(r.last().opts.socket).toBeUndefined();
  });

  it('asks for a password when one may help, and signs in with the one typed', async () => {
    const r = rig();
    r.signIn.accountsChanged(list(alice));
    r.last().fail(new SessionError('auth-failed', 'Wrong address or password'));
    await tick();
    expect(r.states.at(-1)).toMatchObject({ kind: 'failed', askPassword: true, openOptions: false, saltNote: false, account: 'alice@example.org' });
    r.signIn.retry('secret');
    expect(r.last().credentials.password).toBe('secret');
    expect(r.last().opts.scramOnly).toBeUndefined();
    const s = r.last().succeed();
    await tick();
    s.drop();
    // Once signed in the typed password is forgotten: the next attempt reads what is stored.
    void r.signIn.session();
    expect(r.calls).toHaveLength(3);
    expect(r.last().credentials.password).toBeUndefined();
  });

  it('after stored keys are refused, the typed password goes out with SCRAM only', async () => {
    const r = rig();
    r.signIn.accountsChanged(list(alice));
    r.last().fail(new SessionError('keys-rejected', 'no'));
    await tick();
    expect(r.states.at(-1)).toMatchObject({ kind: 'failed', askPassword: true });
    r.signIn.retry('new password');
    expect(r.last().opts.scramOnly).toBe(true);
  });

  it('a server that cannot prove itself gets no password, only the way to the options page', async () => {
    const r = rig();
    r.signIn.accountsChanged(list(alice));
    r.last().fail(new SessionError('server-unproven', 'bad signature'));
    await tick();
    expect(r.states.at(-1)).toMatchObject({ kind: 'failed', askPassword: false, openOptions: true });
  });

  it('explains the password asked of a salt-changing server, which always signs in with SCRAM only', async () => {
    const r = rig();
    r.signIn.accountsChanged(list({ ...alice, saltChanges: true }));
    expect(r.last().opts.scramOnly).toBe(true);
    r.last().fail(new SessionError('password-needed', 'none'));
    await tick();
    expect(r.states.at(-1)).toMatchObject({ kind: 'failed', saltNote: true });
  });

  it('ignores a stale attempt: switching accounts closes what the first one opens', async () => {
    const r = rig();
    r.signIn.accountsChanged(list(alice, bob));
    const first = r.last();
    r.signIn.choose('b');
    const second = r.last();
    const late = first.succeed();
    await tick();
    expect(late.closed).toBe(true);
    expect(r.kinds()).not.toContain('signed-in');
    second.succeed();
    await tick();
    expect(r.states.at(-1)).toEqual({ kind: 'signed-in', jid: 'bob@example.net' });
  });

  it('follows the link, and a session that closes for good fails; the next session() tries again', async () => {
    const r = rig();
    r.signIn.accountsChanged(list(alice));
    const s = r.last().succeed();
    await tick();
    s.link('reconnecting');
    expect(r.states.at(-1)).toEqual({ kind: 'reconnecting', jid: 'alice@example.org' });
    s.link('resumed');
    expect(r.states.at(-1)).toEqual({ kind: 'signed-in', jid: 'alice@example.org' });
    s.drop();
    expect(r.states.at(-1)).toMatchObject({ kind: 'failed', error: { code: 'refused', detail: 'closed' } });
    const again = r.signIn.session();
    expect(r.calls).toHaveLength(2);
    const s2 = r.last().succeed();
    expect(await again).toBe(s2);
  });

  it('signs in again when the account is edited elsewhere, or a secret is saved after a failure', async () => {
    const r = rig();
    r.signIn.accountsChanged(list(alice));
    r.last().succeed();
    await tick();
    r.signIn.accountsChanged(list({ ...alice, nickname: 'Al' }));
    expect(r.calls).toHaveLength(1); // the nickname does not change the sign-in
    r.signIn.accountsChanged(list({ ...alice, websocketUrl: 'wss://example.org/other' }));
    expect(r.calls).toHaveLength(2);
    r.signIn.secretSaved('a');
    expect(r.calls).toHaveLength(2); // not while an attempt is alive
    r.last().fail(new SessionError('password-needed', 'none'));
    await tick();
    r.signIn.secretSaved('b');
    expect(r.calls).toHaveLength(2);
    r.signIn.secretSaved('a');
    expect(r.calls).toHaveLength(3);
  });

  it('keeps the endpoint found for an account saved without one', async () => {
    const r = rig();
    const old: Account = { id: 'c', jid: 'carol@example.com' };
    r.signIn.accountsChanged(list(old));
    expect(r.last().account).toEqual({ jid: 'carol@example.com' });
    r.last().succeed(undefined, 'wss://example.com/xmpp');
    await tick();
    expect(r.remembered).toEqual([['c', 'wss://example.com/xmpp']]);
  });

  it('after close, nothing starts and a late session is closed', async () => {
    const r = rig();
    r.signIn.accountsChanged(list(alice));
    r.signIn.close();
    const late = r.last().succeed();
    await tick();
    expect(late.closed).toBe(true);
    await expect(r.signIn.session()).rejects.toMatchObject({ code: 'refused' });
    r.signIn.retry();
    r.signIn.accountsChanged(list(bob));
    expect(r.calls).toHaveLength(1);
  });
});
