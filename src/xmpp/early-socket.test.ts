import { afterEach, describe, expect, it, vi } from 'vitest';
import { adopted, canAdopt, websocketTransport } from './early-socket.ts';

/** Enough of a browser WebSocket for xmpp.js' Socket: events, state, url, close. */
class FakeWebSocket extends EventTarget {
  static made: FakeWebSocket[] = [];
  readyState = 0;
  closed = false;
  readonly url: string;
  constructor(url: string, readonly protocols?: string[]) {
    super();
    this.url = new URL(url).href;
    FakeWebSocket.made.push(this);
  }
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  send(): void {}
}

type SocketLike = { socket: unknown; on(e: string, fn: () => void): void; connect(url: string): void };
const socketClass = (early?: FakeWebSocket) =>
  (websocketTransport(early as unknown as WebSocket) as { prototype: { Socket: new () => SocketLike } }).prototype.Socket;
const URL_ = 'ws://127.0.0.1:5280/xmpp-websocket';

afterEach(() => {
  vi.unstubAllGlobals();
  FakeWebSocket.made = [];
});

describe('canAdopt', () => {
  it('takes a socket opening or open to the same endpoint, as the browser spells it', () => {
    const ws = new FakeWebSocket(URL_);
    expect(canAdopt(ws as unknown as WebSocket, URL_)).toBe(true);
    ws.open();
    expect(canAdopt(ws as unknown as WebSocket, 'WS://127.0.0.1:5280/xmpp-websocket')).toBe(true);
  });
  it('refuses another endpoint, a closed socket and a malformed URL', () => {
    const ws = new FakeWebSocket(URL_);
    expect(canAdopt(ws as unknown as WebSocket, 'ws://127.0.0.1:5281/xmpp-websocket')).toBe(false);
    expect(canAdopt(ws as unknown as WebSocket, 'not a url')).toBe(false);
    ws.close();
    expect(canAdopt(ws as unknown as WebSocket, URL_)).toBe(false);
  });
});

describe('websocketTransport', () => {
  it('adopts an open early socket once and reports it connected; the next connect opens its own', async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    const early = new FakeWebSocket(URL_, ['xmpp']);
    early.open();
    const Socket = socketClass(early);
    const first = new Socket();
    const connected = new Promise<void>((r) => first.on('connect', r));
    first.connect(URL_);
    await connected;
    expect(first.socket).toBe(early);
    expect(adopted.has(early as unknown as WebSocket)).toBe(true);
    expect(FakeWebSocket.made).toHaveLength(1);

    const second = new Socket();
    second.connect(URL_);
    expect(second.socket).not.toBe(early);
    expect(FakeWebSocket.made).toHaveLength(2);
  });

  it("adopts a socket still opening and reports 'connect' when it opens", async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    const early = new FakeWebSocket(URL_, ['xmpp']);
    const socket = new (socketClass(early))();
    let connected = false;
    socket.on('connect', () => (connected = true));
    socket.connect(URL_);
    await Promise.resolve();
    expect(connected).toBe(false);
    early.open();
    expect(connected).toBe(true);
    expect(FakeWebSocket.made).toHaveLength(1);
  });

  it('closes an early socket to another endpoint, or one that failed, and opens a fresh one', () => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    for (const early of [new FakeWebSocket('ws://127.0.0.1:9/other'), Object.assign(new FakeWebSocket(URL_), { readyState: 3 })]) {
      FakeWebSocket.made = [early];
      const socket = new (socketClass(early))();
      socket.connect(URL_);
      expect(early.closed).toBe(true);
      expect(adopted.has(early as unknown as WebSocket)).toBe(false);
      expect(socket.socket).toBe(FakeWebSocket.made[1]);
      expect(FakeWebSocket.made[1]!.protocols).toEqual(['xmpp']);
    }
  });
});
