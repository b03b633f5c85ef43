import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.test.ts', 'proofs/**/*.test.ts'],
    setupFiles: ['test/support/isolatedCache.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Vitest's default leaves one core idle (one worker on a 2-core runner); the test files wait on
    // child processes often enough that one worker per core keeps both busy.
    maxWorkers: availableParallelism(),
  },
});
