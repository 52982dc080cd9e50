import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The bundles' EventEmitter stand-in (vite.config.ts), so xmpp.js and ltx are tested with what ships.
    alias: [
      { find: 'events', replacement: fileURLToPath(new URL('./src/shared/events.ts', import.meta.url)) },
      // Same for koa-compose, behind @xmpp/middleware (its test compares with the package itself).
      { find: /^koa-compose$/, replacement: fileURLToPath(new URL('./src/xmpp/compose.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Inlined, so the alias reaches their imports too (ws and other Node-only test tools keep Node's events).
    server: { deps: { inline: [/@xmpp\//, /\/ltx\//] } },
  },
});
