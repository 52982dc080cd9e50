import { defineConfig } from 'vitest/config';

// `npm run screenshots`: one file, the e2e rig, PNGs into screenshots/.
export default defineConfig({
  test: { include: ['e2e/screenshots.shot.ts'], environment: 'node', pool: 'forks', testTimeout: 180_000, hookTimeout: 120_000 },
});
