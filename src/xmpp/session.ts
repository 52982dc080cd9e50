/**
 * openSession: the one way an action window logs in.
 *
 * The client is composed from @xmpp/client-core and the small plugins rather than taken from
 * @xmpp/client, so that (1) SASL is ours (SCRAM server signature checked, keys instead of a
 * password, see sasl.ts), (2) nothing of tcp/tls/starttls/resolve/sasl2/fast/reconnect is
 * bundled, and (3) `online` is emitted only once stream management is settled.
 *
 * (3) is the measured xmpp.js 0.14 hazard (DESIGN.md): its resource binding fires `online`
 * before <enable/> is even sent; a stanza sent in that gap draws answers its SM counter counts
 * across its own reset, it then acks more than the server sent, and Prosody 0.12 kills the
 * stream. Our bind step binds, then enables SM and waits for <enabled/> or <failed/>, then goes
 * online; the inbound counter starts at the <enabled/> element itself (XEP-0198 §4), counted
 * synchronously in element order, so it is exact (stream-management.ts).
 *
 * After a drop the session reconnects on its own with backoff, signs in again with the same
 * secret and resumes the stream (XEP-0198 §5), or binds a new one when the server forgot it.
 */
import { Client } from '@xmpp/client-core';
import iqCallee from '@xmpp/iq/callee.js';
import iqCaller from '@xmpp/iq/caller.js';
import middleware from '@xmpp/middleware';
import streamFeatures from '@xmpp/stream-features';
import xml from '@xmpp/xml';
import { adopted, websocketTransport } from './early-socket.ts';
import { type DiscoverOptions, DiscoveryError, discoverWebSocket, isSecureEndpoint } from './discovery.ts';
import { SessionError, classifySessionError as classify } from './errors.ts';
import { splitJid } from '../shared/wire-jid.ts';
import { type CredentialStore, NS_SASL, authenticate } from './sasl.ts';
import { StreamManagement } from './stream-management.ts';
import { type Session, type XmppClient, closeQuietly, makeSession } from './live-session.ts';

export { SessionError, type SessionErrorCode } from './errors.ts';
export { isSecureEndpoint } from './discovery.ts';
export { NotConfirmedError } from './stream-management.ts';
export type { CredentialStore, Mechanism, Secret } from './sasl.ts';
export type { LinkState, Session, XmppClient } from './live-session.ts';

const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
/** RFC 6121 §3.4.1: the stream feature that says pre-approvals are taken. */
const NS_PRE_APPROVAL = 'urn:xmpp:features:pre-approval';

export interface AccountConfig {
  /** Bare JID of the account (a resource, if given, is requested at bind). */
  jid: string;
  /** `wss://…` (or `ws://` on a local host); empty or absent = XEP-0156 discovery. */
  websocketUrl?: string;
  nickname?: string;
}

export type ProgressStep = 'discovering' | 'connecting' | 'signing-in' | 'binding' | 'ready';

export interface OpenSessionOptions {
  onProgress?(step: ProgressStep): void;
  credentials: CredentialStore;
  /** Limit for each step (discovery, connect, sign-in, bind); default 10 s. */
  timeoutMs?: number;
  /** For tests: the fetch used by discovery. */
  fetch?: DiscoverOptions['fetch'];
  /** A WebSocket already opening to the endpoint (see early-socket.ts); closed if not used. */
  socket?: WebSocket;
  /** Never sign in with PLAIN, even with a typed password (the account signs in with SCRAM; see sasl.ts). */
  scramOnly?: boolean;
}

function accountParts(jid: string): { local: string; domain: string; resource: string } {
  const { local, domain, resource } = splitJid(jid);
  if (!local || !domain) throw new SessionError('auth-failed', jid, 'bad-jid');
  return { local, domain: domain.toLowerCase(), resource };
}


export async function openSession(account: AccountConfig, opts: OpenSessionOptions): Promise<Session> {
  try {
    return await signIn(account, opts);
  } finally {
    // An adopted socket is xmpp.js' to close; one never used (failed before connecting) goes now.
    if (opts.socket && !adopted.has(opts.socket)) opts.socket.close();
  }
}

async function signIn(account: AccountConfig, opts: OpenSessionOptions): Promise<Session> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const progress = (s: ProgressStep) => {
    try {
      opts.onProgress?.(s);
    } catch {}
  };
  const { local, domain, resource } = accountParts(account.jid);

  // --- endpoint -------------------------------------------------------------------------------
  const endpoint = await endpointFor(domain, account.websocketUrl, timeoutMs, opts.fetch, () => progress('discovering'));

  const secret = await opts.credentials.get();
  if (!secret) throw new SessionError('password-needed', 'Nothing stored');

  // --- compose the client -----------------------------------------------------------------------
  const { entity: plain, mw, caller, connect } = composeClient(endpoint, domain, timeoutMs, opts.socket);
  const entity = plain as typeof plain & { _ready(resumed: boolean): void; _jid(id: string): unknown };
  const features = streamFeatures({ middleware: mw });
  const callee = iqCallee({ middleware: mw, entity } as never) as unknown as XmppClient['iqCallee'];
  callee.get('urn:xmpp:ping', 'ping', () => ({}));
  Object.assign(entity, { iqCaller: caller, iqCallee: callee, middleware: mw });

  // A link that stopped answering <r/> is dropped, so the session reconnects and resumes. Its
  // 'close' is raised at once: a browser waits for the peer's close frame (Firefox up to 20 s).
  const sm = new StreamManagement(entity, () => {
    const s = (entity as unknown as { socket?: { end(): void; emit(e: string, dirty: boolean): void } }).socket;
    s?.end();
    s?.emit('close', true);
  });
  let outcome: Awaited<ReturnType<typeof authenticate>> | undefined;
  let preApproval = false;
  let step: ProgressStep = 'connecting';
  let settled = false;
  let fail!: (err: unknown) => void;
  let ready!: (how: 'resumed' | 'bound') => void;
  const done = new Promise<unknown>((resolve, reject) => {
    ready = resolve;
    fail = reject;
  });

  // Each step gets its own limit, restarted when the next step begins.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const enter = (s: ProgressStep) => {
    if (settled) return; // a reconnect has its own limit
    step = s;
    progress(s);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const code = s === 'connecting' ? 'unreachable' : 'timeout';
      fail(new SessionError(code, `No answer in ${timeoutMs} ms`, `timeout:${s}`));
    }, timeoutMs);
  };
  entity.on('status', (status: unknown) => {
    if (status === 'open' && step === 'connecting') enter('signing-in');
  });

  // Stream errors, socket errors and middleware failures all arrive as 'error'; an
  // EventEmitter without an 'error' listener would throw them, so one always listens.
  let lastError: Error | undefined;
  entity.on('error', (err: Error) => {
    lastError = err;
    if (!settled) fail(err);
  });
  entity.on('disconnect', () => {
    if (!settled) fail(lastError ?? new SessionError('refused', 'Closed', `during ${step}`));
  });

  features.use('mechanisms', NS_SASL, async ({ entity: _e }, _next, element) => {
    try {
      const offered = element.getChildren('mechanism', NS_SASL).map((m) => m.text().trim());
      // PLAIN's `secure` is decided for the socket actually connected, which must be the endpoint.
      const via = (entity as unknown as { socket?: { url?: string } | null }).socket?.url;
      if (via !== endpoint) throw new SessionError('refused', `${via}, not ${endpoint}`, 'endpoint-changed');
      outcome = await authenticate(entity, offered, {
        username: local,
        secret,
        secure: isSecureEndpoint(via),
        scramOnly: opts.scramOnly,
      });
      enter('binding');
      await (entity as unknown as { restart(): Promise<unknown> }).restart();
    } catch (err) {
      fail(err);
    }
  });

  features.use('bind', NS_BIND, async ({ stanza }) => {
    try {
      preApproval = !!stanza.getChild('sub', NS_PRE_APPROVAL);
      const how = await sm.negotiate(stanza, async () => {
        const result = await caller.set(xml('bind', { xmlns: NS_BIND }, resource && xml('resource', {}, resource)));
        const jid = result?.getChildText('jid');
        if (!jid) throw new SessionError('refused', 'No JID bound', 'bind');
        entity._jid(jid);
      });
      entity._ready(how === 'resumed');
      ready(how);
    } catch (err) {
      fail(err);
    }
  });

  // --- run ------------------------------------------------------------------------------------
  try {
    enter('connecting');
    await Promise.race([
      connect(),
      done,
    ]);
    await done;
  } catch (err) {
    settled = true;
    clearTimeout(timer);
    await closeQuietly(entity);
    throw classify(err, step);
  }
  clearTimeout(timer);
  settled = true;
  step = 'ready';

  const mechanism = outcome!.mechanism;
  if (outcome!.derived) {
    // Store keys, never the password, once the server has proven it knows them.
    try {
      await opts.credentials.save(outcome!.derived);
    } catch (err) {
      await closeQuietly(entity);
      throw err;
    }
  }
  progress('ready');

  // The same entity, features and secret for the next stream after a drop: SASL again, then
  // <resume/> or a new bind (the bind step above). One attempt, within the usual limit.
  const reopen = () =>
    new Promise<'resumed' | 'bound'>((resolve, reject) => {
      const limit = setTimeout(() => fail(new SessionError('timeout', 'No answer', 'timeout:reconnect')), timeoutMs);
      const down = () => fail(new SessionError('unreachable', 'Closed', 'reconnect'));
      const off = () => {
        clearTimeout(limit);
        entity.removeListener('disconnect', down);
      };
      ready = (how) => {
        off();
        resolve(how);
      };
      fail = (err) => {
        off();
        reject(err);
      };
      entity.on('disconnect', down);
      connect().catch(fail);
    });
  return makeSession(entity, { mechanism, endpoint, sm, reopen, serverFirst: outcome!.serverFirst, preApproval: () => preApproval });
}

/**
 * The endpoint to connect to: the one configured, else XEP-0156 discovery for `domain`
 * (`onDiscover` says it starts). Fails as a SessionError, like the rest of a sign-in.
 */
export async function endpointFor(
  domain: string,
  configured: string | undefined,
  timeoutMs: number,
  fetch?: DiscoverOptions['fetch'],
  onDiscover?: () => void,
): Promise<string> {
  let endpoint = configured?.trim() ?? '';
  if (!endpoint) {
    onDiscover?.();
    try {
      endpoint = await discoverWebSocket(domain, { timeoutMs, fetch });
    } catch (err) {
      if (err instanceof DiscoveryError) {
        throw new SessionError(err.code === 'no-websocket-endpoint' ? 'no-websocket-endpoint' : 'unreachable', err.message, err.code, { cause: err });
      }
      throw err;
    }
  }
  if (!/^wss?:$/i.test(safeUrl(endpoint)?.protocol ?? '')) throw new SessionError('no-websocket-endpoint', endpoint, 'bad-url');
  return endpoint;
}

/**
 * xmpp.js' client core over our WebSocket transport, with the middleware and an iq caller and
 * nothing else: no SASL yet, so account creation (XEP-0077 before sign-in) uses it as is.
 * `timeoutMs` limits xmpp.js' own open/close handshakes (its default is 2 s).
 */
export function composeClient(endpoint: string, domain: string, timeoutMs: number, socket?: WebSocket) {
  const entity = new Client({ service: endpoint, domain, timeout: timeoutMs }) as unknown as XmppClient & InstanceType<typeof Client>;
  (entity as unknown as { transports: unknown[] }).transports.push(websocketTransport(socket));
  const mw = middleware({ entity } as never);
  const caller = iqCaller({ middleware: mw, entity } as never) as unknown as XmppClient['iqCaller'];
  // xmpp.js 0.14 follows a <see-other-host/> stream error by itself (@xmpp/connection
  // _onSeeOtherHost): it reconnects to the named host with the old scheme and goes on there (our
  // SASL with `secure` decided for the old endpoint, or a new account's password). Neither a
  // login nor an account creation ever moves silently: the redirect ends the attempt as a stream
  // error ('refused', detail see-other-host). Its own method is dropped from the bundle (vite.config.ts).
  (entity as unknown as { _onSeeOtherHost(e: Error): void })._onSeeOtherHost = (error) => entity.emit('error', error);
  // The first stream and every reopened one.
  const connect = async () => {
    await (entity as unknown as { connect(s: string): Promise<unknown> }).connect(endpoint);
    await (entity as unknown as { open(o: object): Promise<unknown> }).open({ domain });
  };
  return { entity, mw, caller, connect };
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
