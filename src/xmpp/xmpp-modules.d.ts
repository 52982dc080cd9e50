// @xmpp/websocket 0.14 ships no types; it only registers its transport on the entity.
declare module '@xmpp/websocket' {
  export default function websocket(plugins: { entity: unknown }): void;
}

// Its transport and socket classes, extended by early-socket.ts (0.14 has no types for them).
declare module '@xmpp/websocket/lib/Socket.js' {
  import type { EventEmitter } from 'node:events';
  export function isSecure(url: string): boolean;
  export default class Socket extends EventEmitter {
    url: string | null;
    secure: boolean;
    socket: WebSocket | null;
    connect(url: string): void;
    _attachSocket(socket: WebSocket): void;
  }
}
declare module '@xmpp/websocket/lib/Connection.js' {
  export default class ConnectionWebSocket {
    Socket: unknown;
  }
}

// ltx's escaping, imported by the trimmed Element (src/shared/ltx-element.ts); ltx ships no types for it.
declare module 'ltx/src/escape.js' {
  export function escapeXML(s: string): string;
  export function escapeXMLText(s: string): string;
}

// ltx's own Element, for the test that compares the trimmed copy with it.
declare module 'ltx/src/Element.js?original' {
  export { Element as default } from 'ltx';
}

// @xmpp/jid itself, for the test that compares the stand-in (src/xmpp/xmpp-jid.ts) with it.
declare module '@xmpp/jid/index.js' {
  export { default } from '@xmpp/jid';
}
