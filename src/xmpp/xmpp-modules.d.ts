// @xmpp/websocket 0.14 ships no types; it only registers its transport on the entity.
declare module '@xmpp/websocket' {
  export default function websocket(plugins: { entity: unknown }): void;
}
