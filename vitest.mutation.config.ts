// The tests StrykerJS runs against each mutant (`npm run mutation`, stryker.config.mjs): per module
// (MUTATE = theory | candidate | symbolic | sim | train | checks, or all), the tests that import its TypeScript sources
// in-process. Tests that spawn the CLI run the built dist/, which Stryker does not mutate, so they
// could never kill a mutant and are left out.
import { defineConfig } from 'vitest/config';

const scopes: Record<string, string[]> = {
  // The Monte Carlo property (theory-vs-simulation) is left to the sim scope: a random test that kills
  // a mutant only sometimes would make the score depend on the seed.
  theory: [
    'test/theory-*.test.ts',
    'test/params.test.ts',
    'properties/theory-cross.test.ts',
    'properties/theory-claims.test.ts',
    'properties/theory-precision.test.ts',
    'properties/shrinking.test.ts',
    'properties/domain-errors.test.ts',
    'properties/eval-json.test.ts',
    'proofs/**/*.test.ts',
  ],
  // Every candidate test but the two that simulate (candidate-refine, candidate-mutation: 20 s together),
  // which would rerun for every surviving mutant (a verdict.ts run went at 3 mutants a minute, 4.5 h
  // projected); the verdict logic and the examples are judged on synthetic evidence instead
  // (test/support/synthetic.ts: the theory with known noise in place of the simulator).
  candidate: ['test/candidate-*.test.ts'],
  // The unit tests of the symbolic layer and the two quickest proofs, which run checkStep end to end
  // (Wick moments, numeric identities). With all twelve proofs a mutant of a core file (expr, reduce,
  // check) cost ~6 s on the shared machine, ~3 h for the module.
  symbolic: ['test/symbolic-*.test.ts', 'test/candidate-parse.test.ts', 'proofs/08-*.test.ts', 'proofs/10-*.test.ts'],
  // The fast unit tests of the numerical core (exact finite-d identities, closed forms at tiny sizes,
  // fixed seeds): seconds per mutant. The Monte Carlo comparisons with the theory (sim-theory,
  // finite-d, theory-vs-simulation) take a minute per mutant and stay in npm test only.
  sim: ['test/sim-*.test.ts', 'properties/sim-*.test.ts'],
  // The training unit tests (tiny models, gradients against finite differences, the Figure 5 analysis).
  train: ['test/train*.test.ts'],
  // The registry's own tests and the checks' quick runs.
  checks: ['test/verify-*.test.ts', 'test/checks-*.test.ts'],
};
const scope = process.env.MUTATE ?? 'all';

export default defineConfig({
  test: {
    include: scope === 'all' ? Object.values(scopes).flat() : scopes[scope]!,
    exclude: [
      'test/*-cli.test.ts',
      'test/sim-theory.test.ts',
      'test/candidate-refine.test.ts',
      'test/candidate-mutation.test.ts',
      // The real simulator under a CPU burner (25 s): it would bind the simulator for the synthetic tests.
      'test/candidate-determinism.test.ts',
      'node_modules/**',
    ],
    // Properties capped at 100 runs (their numRuns in npm test go to 5000): a surviving mutant reruns
    // every covering property to the end, and at full size one mutant of evaluate.ts took ~50 s.
    env: { FC_MAX_RUNS: process.env.FC_MAX_RUNS ?? '100' },
    // One scope at a time runs without per-file module isolation: Stryker switches mutants at run time
    // (static mutants are ignored), and the modules keep no state between tests that a mutant could
    // leave behind (memo tables are per call; theory's decimal contexts are built from unmutated code;
    // check-formula's simulation cache is emptied by its tests). Re-importing the module graph for
    // every mutant was about half of each mutant's cost. All scopes together keep isolation: the
    // candidate tests' synthetic simulator must not reach the sim tests.
    isolate: scope === 'all',
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
