import { defineConfig } from 'vitest/config';

// `npm run test:package`: pack, install into a fresh project, use it there (about a minute).
export default defineConfig({
  test: {
    include: ['test/**/*.pack.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
