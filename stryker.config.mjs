// StrykerJS: `npm run mutation` scores every module that decides verdicts; `MUTATE=theory npm run
// mutation` (theory | candidate | symbolic | sim | train | checks) scores one, running only that module's tests
// (vitest.mutation.config.ts reads the same variable). Incremental: mutants whose code and tests did
// not change keep their last result (reports/, git-ignored, with the HTML report).
// Caution (seen 2026-12-01): a mutant that survived keeps that result when a new test covers it but its
// own code did not change; after adding tests, run with `--force`, or delete the survivors from
// reports/mutation/<name>-incremental.json so that only they are tested again.
// Equivalent mutants are marked where they live, `// Stryker disable next-line <mutator>: <reason>`,
// and listed in docs/equivalent-mutants.md.
// Static mutants (module-level constants, evaluated once at import) would each rerun the whole scope
// with coverage off; they are ignored (reported as such, outside the score) to fit this machine.
const scopes = {
  theory: ['src/theory/**/*.ts'],
  candidate: ['src/candidate/**/*.ts'],
  symbolic: ['src/symbolic/**/*.ts'],
  // The numerical core of the simulation: samplers, tasks, the fit and its linear algebra, the scoring
  // of a replicate by Proposition 1 (whose formula is theory's), the least-squares extrapolation, the
  // comparison with the theory and the statistics behind it. Left out: worker threads, pools, the SIMD
  // kernels' code generation (their products are checked against plain loops by properties/sim-operator)
  // and the runners and reports above the core.
  sim: [
    'src/sim/samplers.ts',
    'src/sim/tasks.ts',
    'src/sim/fit/fit.ts',
    'src/numeric/linalg.ts',
    'src/sim/replicate.ts',
    'src/sim/ladder/leastSquares.ts',
    'src/sim/ladder/comparison.ts',
    'src/numeric/stats.ts',
    // The baselines (context ridge, dMMSE) and the ladder's allocation of replicates, which decide
    // what the extrapolation checks compare.
    'src/sim/baselineSimulation.ts',
    'src/sim/ladder/ladder.ts',
  ],
  // Training: the models, their gradients, the data and the Figure 5 analysis.
  train: ['src/train/**/*.ts'],
  // The registry checks themselves: what each check computes and the verdict it draws.
  checks: ['src/checks/**/*.ts'],
};
// The symbolic and sim scopes run fast unit tests (seconds per mutant; the margin is wall time, kept wide
// because the shared machine can starve a nice-19 run); theory's properties at 100 runs
// and candidate's evidence tests need the longer margin.
const timeouts = { symbolic: 30000, sim: 30000 };
const scope = process.env.MUTATE ?? 'all';
if (scope !== 'all' && !(scope in scopes))
  throw new Error(`MUTATE must be one of all, ${Object.keys(scopes).join(', ')}; got ${scope}`);
// MUTATE_FILES=a.ts,b.ts (names under the scope's directories) scores part of a scope, with its own
// incremental file and reports (`<scope>-<first file>`): a run that fits the time at hand.
const only = process.env.MUTATE_FILES ? process.env.MUTATE_FILES.split(',').map((f) => f.trim()) : undefined;
const files = scope === 'all' ? Object.values(scopes).flat() : scopes[scope];
const mutate = only ? only.map((f) => (f.startsWith('src/') ? f : `src/${scope}/${f}`)) : files;
const name = only ? `${scope}-${only[0].replace(/^.*\//, '').replace(/\.ts$/, '')}` : scope;

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate,
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `reports/mutation/${name}-incremental.json`,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  concurrency: 1,
  // The dry run (every test of the scope once, with coverage) took over 5 min, Stryker's default limit,
  // on the shared machine with a nice-19 run starved by other jobs.
  dryRunTimeoutMinutes: 30,
  // Added to Stryker's own estimate (timeoutFactor × the mutant's measured test time): a mutant that
  // loops is declared a timeout (counted killed) this long after its tests should have ended.
  timeoutMS: timeouts[scope] ?? 60000,
  tempDirName: `.stryker-tmp-${name}`,
  cleanTempDir: 'always',
};
