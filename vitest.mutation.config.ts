// The tests StrykerJS runs against each mutant (`npm run mutation`, stryker.config.mjs): per module
// (MUTATE = theory | candidate | symbolic | sim, or all), the tests that import its TypeScript sources
// in-process. Tests that spawn the CLI run the built dist/, which Stryker does not mutate, so they
// could never kill a mutant and are left out.
import { defineConfig } from 'vitest/config';

const scopes: Record<string, string[]> = {
  theory: ['test/theory-*.test.ts', 'properties/theory-*.test.ts', 'proofs/**/*.test.ts'],
  candidate: ['test/candidate-*.test.ts'],
  symbolic: ['test/symbolic-*.test.ts', 'test/candidate-parse.test.ts', 'proofs/**/*.test.ts'],
  sim: ['test/sim-*.test.ts', 'properties/sim-*.test.ts', 'properties/finite-d.test.ts'],
};
const scope = process.env.MUTATE ?? 'all';

export default defineConfig({
  test: {
    include: scope === 'all' ? Object.values(scopes).flat() : scopes[scope]!,
    exclude: ['test/*-cli.test.ts', 'node_modules/**'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
