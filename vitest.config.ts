import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests share one real Redis; each test file uses its own KEY_PREFIX, so files may run in parallel.
    pool: 'forks',
  },
});
