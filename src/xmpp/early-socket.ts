/**
 * The xmpp.js WebSocket transport, able to adopt a socket opened before the session code ran
 * (the action window's boot.ts opens it while the page parses, so the handshake overlaps the
 * load of xmpp.js). Only the first connect adopts it, and only if it goes to the same URL and
 * has not failed; otherwise it is closed and a fresh one opened, so errors read as usual.
 */
import ConnectionWebSocket from '@xmpp/websocket/lib/Connection.js';
import Socket, { isSecure } from '@xmpp/websocket/lib/Socket.js';

const OPEN = 1; // WebSocket.OPEN; CONNECTING is 0

/** True if `socket` was opened to `url` (as the browser normalises it) and is open or opening. */
export function canAdopt(socket: WebSocket, url: string): boolean {
  try {
    return socket.readyState <= OPEN && socket.url === new URL(url).href;
  } catch {
    return false;
  }
}

/** Sockets a session took over; any other early socket is its opener's to close. */
export const adopted = new WeakSet<WebSocket>();

/** A transport class for `entity.transports`. */
export function websocketTransport(early?: WebSocket): unknown {
  class EarlySocket extends Socket {
    override connect(url: string): void {
      const ws = early;
      early = undefined;
      if (!ws || !canAdopt(ws, url)) {
        ws?.close();
        super.connect(url);
        return;
      }
      adopted.add(ws);
      this.url = url;
      this.secure = isSecure(url);
      this._attachSocket(ws);
      // Already open: its 'open' event has passed, and xmpp.js waits for 'connect'.
      if (ws.readyState === OPEN) queueMicrotask(() => this.emit('connect'));
    }
  }
  class Transport extends ConnectionWebSocket {}
  Transport.prototype.Socket = EarlySocket;
  return Transport;
}
