import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { ltxElement, unusedXmppMethods } from './vite.config.ts';

export default defineConfig({
  resolve: {
    // The bundles' EventEmitter stand-in (vite.config.ts), so xmpp.js and ltx are tested with what ships.
    alias: [
      { find: 'events', replacement: fileURLToPath(new URL('./src/shared/events.ts', import.meta.url)) },
      // ltx's ES module sources, as in the bundles (so its createElement meets the plugin below).
      { find: /^ltx\/lib\/(.*)$/, replacement: `${fileURLToPath(new URL('./node_modules/ltx/src/', import.meta.url))}$1` },
      // Same for koa-compose, behind @xmpp/middleware (its test compares with the package itself).
      { find: /^koa-compose$/, replacement: fileURLToPath(new URL('./src/xmpp/compose.ts', import.meta.url)) },
      // And @xmpp/jid (its test too).
      { find: /^@xmpp\/jid$/, replacement: fileURLToPath(new URL('./src/xmpp/xmpp-jid.ts', import.meta.url)) },
    ],
  },
  // The bundles' trimmed ltx Element and xmpp.js without its unused methods (vite.config.ts), for the same reason.
  plugins: [ltxElement(), unusedXmppMethods()],
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Inlined, so the alias reaches their imports too (ws and other Node-only test tools keep Node's events).
    server: { deps: { inline: [/@xmpp\//, /\/ltx\//] } },
  },
});
