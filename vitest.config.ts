import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.test.ts', 'proofs/**/*.test.ts'],
    setupFiles: ['test/support/isolatedCache.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
