/** Test helper: a WebSocket server speaking just enough RFC 7395 to play a scripted XMPP server. */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

export async function scriptedServer(
  onOpen: (send: (s: string) => void) => void,
  onFrame: (frame: string, send: (s: string) => void) => void = () => {},
) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'xmpp' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  let connections = 0;
  const received: string[] = [];
  wss.on('connection', (ws) => {
    connections++;
    ws.on('message', (data) => {
      const text = String(data);
      received.push(text);
      if (text.startsWith('<open')) {
        ws.send(`<open xmlns='${FRAMING}' from='localhost' id='s${connections}' version='1.0'/>`);
        onOpen((s) => ws.send(s));
      } else if (text.startsWith('<close')) {
        ws.send(`<close xmlns='${FRAMING}'/>`);
        ws.close();
      } else {
        onFrame(text, (s) => ws.send(s));
      }
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/xmpp-websocket`,
    port,
    received,
    connections: () => connections,
    /** Cuts every open connection, as a network drop would; the server keeps listening. */
    drop: () => {
      for (const c of wss.clients) c.terminate();
    },
    stop: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

