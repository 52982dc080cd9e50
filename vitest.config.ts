import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The bundles' EventEmitter stand-in (vite.config.ts), so xmpp.js and ltx are tested with what ships.
    alias: { events: fileURLToPath(new URL('./src/shared/events.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Inlined, so the alias reaches their imports too (ws and other Node-only test tools keep Node's events).
    server: { deps: { inline: [/@xmpp\//, /\/ltx\//] } },
  },
});
