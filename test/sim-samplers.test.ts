// The exact O(d) sampler against drawing all ℓ tokens, and Lemma 1 at small sample sizes.
import { describe, expect, it } from 'vitest';
import { lemma1Case, samplerEquivalence } from '../src/sim/experiments.js';
import { stream } from '../src/sim/rng.js';
import { assignTasks, makeTaskSet } from '../src/sim/tasks.js';

describe('samplers', () => {
  it('fast and direct samplers agree in law (two-sample KS, Bonferroni 1e-3 over all views)', () => {
    const tests = samplerEquivalence(17, 5000, [
      { d: 4, ell: 3, rho: 0.3 },
      { d: 10, ell: 2, rho: 0 },
    ]);
    for (const t of tests) expect(t.p, `${t.view} d=${t.d} D=${t.D}`).toBeGreaterThan(1e-3 / tests.length);
  });

  it('the KS comparison can fail: a direct sampler with rho 0.45 instead of 0.3 is rejected', () => {
    const tests = samplerEquivalence(17, 5000, [{ d: 4, ell: 3, rho: 0.3, rhoDirect: 0.45 }]);
    expect(Math.min(...tests.map((t) => t.p))).toBeLessThan(1e-6);
  });

  it('Lemma 1 moments hold within 4 standard errors at 20 000 samples (d=4, ℓ=3 and d=8, ℓ=16)', () => {
    for (const [d, ell] of [
      [4, 3],
      [8, 16],
    ] as const) {
      const rows = lemma1Case(23, d, ell, 0.3, 20_000);
      for (const r of rows) expect(Math.abs(r.z), `${r.moment}: ${r.statistic} vs ${r.theory}`).toBeLessThan(4);
    }
  });

  it('tasks lie on the sphere of radius sqrt(d); balanced assignment uses each task n/k times', () => {
    const ts = makeTaskSet(stream(1, 0, 't'), stream(1, 0, 'a'), 60, 6, 5, 'balanced');
    for (let j = 0; j < 6; j++) {
      let r2 = 0;
      for (let i = 0; i < 5; i++) r2 += ts.tasks[j * 5 + i]! ** 2;
      expect(r2).toBeCloseTo(5, 12);
    }
    const counts = new Array<number>(6).fill(0);
    for (const a of ts.assignment) counts[a]!++;
    expect(counts).toEqual([10, 10, 10, 10, 10, 10]);
    const uneven = assignTasks(stream(1, 0, 'a'), 13, 4, 'balanced');
    const c2 = new Array<number>(4).fill(0);
    for (const a of uneven) c2[a]!++;
    expect(Math.max(...c2) - Math.min(...c2)).toBeLessThanOrEqual(1);
  });

  it('kappa = inf gives a fresh task per context', () => {
    const ts = makeTaskSet(stream(1, 0, 't'), stream(1, 0, 'a'), 20, Infinity, 4, 'random');
    expect(ts.k).toBe(20);
    expect([...ts.assignment]).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
