/**
 * What the action specs share: one XMPP server (alice, bob, carol) — Prosody, or ejabberd in the
 * server matrix — one web server and the Node clients that play the other party (`useSuite`).
 * The browsers come from `useBrowser` (browser.ts), one per `describe` or shared by a file's.
 */
import { afterAll, beforeAll } from 'vitest';
import { type HttpServer, startHttpServer } from '../fixtures/http-server.ts';
import type { Prosody } from '../fixtures/prosody.ts';
import { type ServerName, startServer, type XmppServer } from '../fixtures/xmpp-server.ts';
import { type Peer, type PeerOptions, connectPeer } from '../fixtures/xmpp-peer.ts';

export const ALICE_PW = 'alice-pw';
export const BOB_PW = 'bob-pw';
export const CAROL_PW = 'carol-pw';
export const USERS = [
  { user: 'alice', password: ALICE_PW },
  { user: 'bob', password: BOB_PW },
  { user: 'carol', password: CAROL_PW },
];

/**
 * The Node clients a spec can ask for. Each fetches its roster before going online
 * (connectPeer's default): Prosody only delivers subscription stanzas and roster pushes to
 * sessions that did.
 */
const PEERS = {
  bob: { username: 'bob@localhost', password: BOB_PW, resource: 'desk' },
  carol: { username: 'carol@localhost', password: CAROL_PW, resource: 'desk' },
  /** alice's second resource, without presence: sets up and reads alice's roster beside the window. */
  aliceNode: { username: 'alice@localhost', password: ALICE_PW, resource: 'node', presence: false },
} satisfies Record<string, Omit<PeerOptions, 'wsUrl'>>;
export type PeerName = keyof typeof PEERS;

export interface SuiteOptions {
  /** Node clients to connect once the server is up; default bob only. */
  peers?: readonly PeerName[];
  /** The XMPP server; default Prosody. */
  server?: ServerName;
}

/**
 * What `useSuite` started; each getter throws if read before its `beforeAll` ran (or for a peer
 * not asked for). `prosody` is there for specs that use Prosody's own tools (its log); it throws
 * when the suite runs another server.
 */
export type Suite = { readonly server: XmppServer; readonly prosody: Prosody; readonly http: HttpServer } & { readonly [P in PeerName]: Peer };

/**
 * The servers a feature spec runs against, one `describe` each (`describe.each(SERVERS)`):
 * JL_SERVERS=prosody,ejabberd-scram narrows it for a quick local run.
 */
export const SERVERS: readonly ServerName[] = process.env.JL_SERVERS
  ? (process.env.JL_SERVERS.split(',') as ServerName[])
  : ['prosody', 'ejabberd-scram', 'ejabberd-plain'];

/**
 * SERVERS without ejabberd-plain, for specs where a window signs in from the SCRAM keys an
 * earlier sign-in stored (one account seeded for several windows): in its `plain` password mode
 * ejabberd hands out a new salt at every sign-in, so those keys never sign in again there and
 * the window asks for the password. Until the sign-in code notices a changed salt.
 */
export const SERVERS_KEEPING_SALT: readonly ServerName[] = SERVERS.filter((s) => s !== 'ejabberd-plain');

/**
 * Where a flow after sign-in is under test (message, chat): Prosody and ejabberd. ejabberd's
 * `plain` password mode changes only the sign-in, which options.spec, plain-auth.spec and
 * salt-changing-server.spec run there; each flow again on it cost ~55 s of the suite's 15 min.
 */
export const FLOW_SERVERS: readonly ServerName[] = SERVERS_KEEPING_SALT;

/**
 * Registers `beforeAll`/`afterAll` in the current file or `describe`: an XMPP server with alice,
 * bob and carol, a web server for test pages, then the Node clients `peers`; stopped again
 * (clients first) afterwards. Call it before hooks that use what it returns: vitest runs `beforeAll`
 * hooks in order and `afterAll` hooks in reverse, so a spec's own fixtures (a room, a component)
 * start after these and stop before them.
 */
export function useSuite(opts: SuiteOptions = {}): Suite {
  const wanted = opts.peers ?? ['bob'];
  let server: XmppServer | undefined;
  let http: HttpServer | undefined;
  const peers: Partial<Record<PeerName, Peer>> = {};
  beforeAll(async () => {
    [server, http] = await Promise.all([startServer(opts.server ?? 'prosody', { users: USERS }), startHttpServer()]);
    const wsUrl = server.wsUrl;
    await Promise.all(
      wanted.map(async (name) => {
        peers[name] = await connectPeer({ wsUrl, ...PEERS[name] });
      }),
    );
  });
  afterAll(async () => {
    await Promise.all(Object.values(peers).map((p) => p.stop()));
    await Promise.all([http?.stop(), server?.stop()]);
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running: read it in a test or hook, after useSuite's beforeAll`);
    return value;
  };
  const peer = (name: PeerName): Peer => {
    if (!wanted.includes(name)) throw new Error(`${name} was not asked for: useSuite({ peers: [..., '${name}'] })`);
    return started(peers[name], name);
  };
  const suite: Suite = {
    get server() {
      return started(server, 'the XMPP server');
    },
    get prosody() {
      const s = started(server, 'the XMPP server');
      if (s.name !== 'prosody') throw new Error(`this suite runs ${s.name}, not Prosody`);
      return s as Prosody;
    },
    get http() {
      return started(http, 'the web server');
    },
    get bob() {
      return peer('bob');
    },
    get carol() {
      return peer('carol');
    },
    get aliceNode() {
      return peer('aliceNode');
    },
  };
  return suite;
}

/** A page on the test site with one link; returns its URL. */
export function linkPage(http: HttpServer, path: string, href: string, text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  http.page(path, `<!doctype html><meta charset="utf-8"><title>t</title><p><a href="${esc(href)}">${esc(text)}</a></p>`);
  return http.url(path);
}

/** A jabber file on the test site and a page linking to it; returns the page URL. */
export function jabberFilePage(http: HttpServer, name: string, xml: string): string {
  http.serve(`/${name}.xmpp`, { body: xml, contentType: 'application/jabber+xml' });
  return linkPage(http, `/${name}.html`, `/${name}.xmpp`, `open ${name}`);
}

export const account = (server: XmppServer, password?: string) => ({
  id: 'alice',
  jid: 'alice@localhost',
  websocketUrl: server.wsUrl,
  ...(password !== undefined ? { password } : {}),
});
