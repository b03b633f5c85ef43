// The two finite-d ladders behind check-formula's independent evidence, at tiny d (milliseconds):
// the tau = inf population optimum (evidence/populationOptimum.ts) and the random-matrix M_kappa
// (evidence/resolventSimulation.ts). Each value is compared with its definition computed another way:
// the hand-derived kappa = inf optimum, the rank-one resolvent of a single task on the sphere of radius
// sqrt(d), and (1/d) tr (R + xI)^-1 by a direct inverse of R built from the same draw of tasks.
import { inverse, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { populationErrors, populationLimit } from '../src/candidate/evidence/populationOptimum.js';
import { resolventLimit } from '../src/candidate/evidence/resolventSimulation.js';
import { extrapolate, ladderPoint, type Extrapolation } from '../src/sim/ladder/leastSquares.js';
import { populationErrors as populationErrorsForTasks } from '../src/sim/population.js';
import { stream } from '../src/sim/rng.js';
import { sampleTasks } from '../src/sim/tasks.js';

const close = (a: Extrapolation, b: Extrapolation, tol: number) => {
  expect(a.model).toBe(b.model);
  expect(a.label).toBe(b.label);
  expect(Math.abs(a.value - b.value)).toBeLessThan(tol);
  expect(Math.abs(a.stderr - b.stderr)).toBeLessThan(tol);
};

describe('populationErrors at finite kappa', () => {
  it('is the optimum for the k = round(kappa d) tasks of stream(seed, replicate, "population-tasks-d<d>"), with ell = alpha d', () => {
    const cases = [
      [{ alpha: 1.5, kappa: 0.5, rho: 0.25, lambda: 0.125 }, 8, 4],
      [{ alpha: 0.75, kappa: 1.25, rho: 1, lambda: 0 }, 12, 15],
    ] as const;
    for (const [p, d, k] of cases) {
      const tasks = sampleTasks(stream(7, 3, `population-tasks-d${d}`), k, d);
      expect(populationErrors(p, d, 7, 3)).toEqual(populationErrorsForTasks(tasks, k, d, p.alpha * d, p.rho, p.lambda));
    }
  });
  it('draws at least one task when kappa d rounds to 0', () => {
    const p = { alpha: 2, kappa: 0.01, rho: 0.5, lambda: 0.25 };
    const tasks = sampleTasks(stream(2, 0, 'population-tasks-d8'), 1, 8);
    expect(populationErrors(p, 8, 2, 0)).toEqual(populationErrorsForTasks(tasks, 1, 8, 16, 0.5, 0.25));
  });
});

describe('populationLimit', () => {
  const ds = [8, 12, 16, 24];
  it('at kappa = inf: one replicate (nothing is random), the hand-derived optimum at each d, no gap', () => {
    const p = { alpha: 2, kappa: Infinity, rho: 0.5, lambda: 0.25 };
    // Gamma = [I/c, 0], c = x + 1 + 1/ell + lambda: e = 1 + rho - 2/c + (c - lambda)/c^2 for ICL and IDG alike.
    const x = (1 + p.rho) / p.alpha;
    const e = (d: number) => {
      const c = x + 1 + 1 / (p.alpha * d) + p.lambda;
      return 1 + p.rho - 2 / c + (c - p.lambda) / (c * c);
    };
    const lim = populationLimit(p, 5, ds, 3);
    expect(lim.replicates).toBe(1);
    expect(lim.seed).toBe(5);
    expect(lim.ds).toEqual(ds);
    expect(lim.ds).not.toBe(ds);
    const hand = extrapolate(
      ds.map((d) => ladderPoint(d, [e(d)])),
      'quadratic',
    );
    close(lim.eICL, hand, 1e-12);
    close(lim.eIDG, hand, 1e-12);
    expect(Math.abs(lim.gTask.value)).toBeLessThan(1e-12);
    expect(lim.gTask.model).toBe('quadratic');
  });
  it('at finite kappa: the quadratic 1/d extrapolation of populationErrors over the ladder, replicates at each d', () => {
    const p = { alpha: 1, kappa: 1, rho: 0.25, lambda: 0.5 };
    const lim = populationLimit(p, 9, ds, 2);
    expect(lim.replicates).toBe(2);
    const runs = ds.map((d) => [0, 1].map((r) => populationErrors(p, d, 9, r)));
    const fit = (f: (e: { eICL: number; eIDG: number }) => number) =>
      extrapolate(
        runs.map((rs, i) => ladderPoint(ds[i]!, rs.map(f))),
        'quadratic',
      );
    expect(lim.eICL).toEqual(fit((e) => e.eICL));
    expect(lim.eIDG).toEqual(fit((e) => e.eIDG));
    expect(lim.gTask).toEqual(fit((e) => e.eICL - e.eIDG));
    // The replicates differ (the tasks are random), so the error bars are not 0.
    expect(lim.eICL.statError).toBeGreaterThan(0);
  });
});

describe('resolventLimit: (1/d) tr (R + xI)^-1, R = (1/k) sum_j w_j w_j^T over k = round(kappa d) tasks', () => {
  const ds = [4, 6, 8, 10];
  it('one task (kappa d rounds to at most 1): R = w w^T with |w|^2 = d has eigenvalues d and 0, so (1/d)[(d - 1)/x + 1/(d + x)]', () => {
    const x = 0.5;
    const exact = extrapolate(
      ds.map((d) => ladderPoint(d, [((d - 1) / x + 1 / (d + x)) / d])),
      'quadratic',
    );
    close(resolventLimit(0.01, x, 3, ds, 1), exact, 1e-9);
  });
  it('several tasks: the trace of the inverse of R + xI built from the same draw, replicate by replicate', () => {
    const kappa = 0.75;
    const x = 0.25;
    const trace = (d: number, r: number) => {
      const k = Math.round(kappa * d);
      const w = sampleTasks(stream(11, r, `resolvent-tasks-d${d}`), k, d);
      const W = new Matrix(k, d);
      for (let j = 0; j < k; j++) for (let a = 0; a < d; a++) W.set(j, a, w[j * d + a]!);
      const R = W.transpose().mmul(W).div(k).add(Matrix.eye(d).mul(x));
      return inverse(R).trace() / d;
    };
    const independent = extrapolate(
      ds.map((d) =>
        ladderPoint(
          d,
          [0, 1, 2].map((r) => trace(d, r)),
        ),
      ),
      'quadratic',
    );
    close(resolventLimit(kappa, x, 11, ds, 3), independent, 1e-9);
  });
});
