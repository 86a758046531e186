import { defineConfig } from 'vitest/config';
import LongestFirst from './test/setup/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests share one real Redis; each test file uses its own KEY_PREFIX, so files may run in parallel.
    pool: 'forks',
    // Most tests wait on Redis, HTTP and child processes rather than the CPU, so more files run at
    // once than there are cores (vitest's default is cores - 1: one file at a time on two cores).
    maxWorkers: 4,
    // Test files of one worker share loaded modules instead of importing cheerio, BullMQ and
    // fastify again for every file: that import time was a third of the suite. Every file keeps
    // its own KEY_PREFIX and restores what it changes (clocks), so nothing leaks between files.
    isolate: false,
    sequence: { sequencer: LongestFirst },
  },
});
