import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.test.ts', 'proofs/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
