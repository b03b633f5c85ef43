// Synthetic evidence for check-formula's tests: the finite-d simulator and the τ → ∞ population optimum
// replaced by the true theory plus a known 1/d bias and seeded Gaussian noise of a known standard error,
// so every z is known in advance and a whole judgement takes milliseconds. A test file installs them with
//   vi.mock('../src/sim/simulate.js', (orig) => syntheticSimulateModule(orig));
//   vi.mock('../src/candidate/evidence/populationOptimum.js', (orig) => syntheticPopulationModule(orig));
// (vi.mock is hoisted above imports: import these two functions with vi.hoisted, as the tests do), and
// empties check-formula's cache of simulations before each test, `beforeEach(clearEvidenceCache)`: the
// mutation run shares modules between files and mutants (vitest.mutation.config.ts), and a cached result
// computed under one mutant must not reach the next. Any test file that imports the verdict or the
// statistical evidence in that scope installs both mocks: the first import binds the simulator for all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import type * as SimulateModule from '../../src/sim/simulate.js';
import type * as PopulationModule from '../../src/candidate/evidence/populationOptimum.js';

/** The text of an example candidate (examples/candidates/). */
export const example = (name: string): string =>
  readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'candidates', name), 'utf8');
/** A time budget never reached: which points are checked cannot depend on machine speed. */
export const BUDGET = 10_000;

/** Relative scatter of one replicate is REL/d; the ladder means carry a bias BIAS/d (a + b/d fits it exactly). */
export const REL = 1.2;
export const BIAS = 0.3;
/**
 * Settings a test may change and must restore: the relative error bar of the synthetic τ = ∞ limit
 * (the real one is exact at κ = ∞, which only a zero error bar reproduces), and a hook called at the
 * start of every synthetic simulation of one d (to count them, move a fake clock, or throw as a failed
 * simulation would). The settings live here, not in the mocked modules: with modules shared between
 * test files, the module a test imported may not be the one the code under test calls, but this module
 * is the same for all.
 */
export const knobs: {
  populationRelStderr: number;
  onSimulate: ((o: SimulateModule.SimulateOptions) => void) | undefined;
} = {
  populationRelStderr: 1e-4,
  onSimulate: undefined,
};

export async function syntheticSimulateModule(importOriginal: () => Promise<unknown>): Promise<typeof SimulateModule> {
  const orig = (await importOriginal()) as typeof SimulateModule;
  const { theoryValues } = await import('../../src/theory/evaluate.js');
  const { stream } = await import('../../src/sim/rng.js');
  const { sizes } = await import('../../src/sim/replicate.js');
  return {
    ...orig,
    simulate: vi.fn(async (o: SimulateModule.SimulateOptions) => {
      knobs.onSimulate?.(o);
      const t = theoryValues(o);
      const r = o.replicates!;
      const rng = stream(o.seed!, o.d, 'synthetic ladder');
      const est = (truth: number) => {
        const stderr = (REL * Math.abs(truth)) / o.d / Math.sqrt(r);
        return { mean: truth * (1 + BIAS / o.d) + stderr * rng.normal(), stderr };
      };
      const eICL = est(t.eICL);
      const eIDG = est(t.eIDG);
      const gTask = { mean: eICL.mean - eIDG.mean, stderr: Math.hypot(eICL.stderr, eIDG.stderr) };
      return {
        params: { alpha: o.alpha, kappa: o.kappa, tau: o.tau, rho: o.rho, lambda: o.lambda },
        d: o.d,
        ...sizes(o.d, o.alpha, o.kappa, o.tau),
        replicates: r,
        seed: o.seed!,
        solver: 'synthetic',
        eICL,
        eIDG,
        gTask,
        seconds: 0,
        perReplicate: [],
        reused: 0,
      };
    }) as typeof SimulateModule.simulate,
  };
}

export async function syntheticPopulationModule(
  importOriginal: () => Promise<unknown>,
): Promise<typeof PopulationModule> {
  const orig = (await importOriginal()) as typeof PopulationModule;
  const { theoryValues } = await import('../../src/theory/evaluate.js');
  const { extrapolate } = await import('../../src/sim/ladder/leastSquares.js');
  return {
    ...orig,
    // The τ = ∞ values on an exact a + b/d ladder with a relative error bar of knobs.populationRelStderr.
    populationLimit: vi.fn(
      (
        p: { alpha: number; kappa: number; rho: number; lambda: number },
        seed: number,
        ds: readonly number[],
        replicates: number,
      ) => {
        const t = theoryValues({ ...p, tau: Infinity });
        const fit = (v: number) =>
          extrapolate(
            ds.map((d) => ({
              d,
              mean: v * (1 + 1 / d),
              stderr: knobs.populationRelStderr * Math.max(Math.abs(v), 1e-3),
            })),
            'quadratic',
          );
        return { eICL: fit(t.eICL), eIDG: fit(t.eIDG), gTask: fit(t.gTask), ds: [...ds], replicates, seed };
      },
    ) as typeof PopulationModule.populationLimit,
  };
}
