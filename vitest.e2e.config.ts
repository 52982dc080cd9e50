import { defineConfig } from 'vitest/config';

// End-to-end tests: a real Prosody, real browsers, a real second client (see DESIGN.md "Test rig").
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    // Each test file starts its own Prosody and browser processes: forks keep them apart, and
    // two workers match the two cores of the CI machines.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
  },
});
