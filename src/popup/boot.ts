/**
 * The action window's first script, loaded as a classic script (no imports, see vite.config.ts)
 * so it runs while the page is still being parsed, ~30–40 ms before the module code has loaded.
 * It starts the two things signing in waits on: the storage read (snapshot.ts picks it up) and,
 * when the background named the endpoint in the URL (`ws`), the WebSocket handshake, which the
 * session adopts (src/xmpp/early-socket.ts). Nothing is sent on the socket here.
 */
import type { Boot } from './snapshot.ts';

const ext = ((globalThis as { browser?: typeof chrome }).browser ?? chrome) as typeof chrome;
const params = new URLSearchParams(location.search);
const ws = params.get('ws');
let socket: WebSocket | undefined;
if (ws && /^wss?:\/\//i.test(ws)) {
  try {
    socket = new WebSocket(ws, ['xmpp']); // xmpp.js' subprotocol (RFC 7395)
  } catch {
    socket = undefined; // a bad URL: the session reports it in its own words
  }
}
const boot: Boot = {
  storage: Promise.all([ext.storage.session.get(null), ext.storage.local.get(null)]),
  socket,
};
(globalThis as { jabberLinkBoot?: Boot }).jabberLinkBoot = boot;
