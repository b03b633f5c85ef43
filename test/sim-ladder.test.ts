// The ladder machinery: the variance-optimal allocation, the detectable deviation of a comparison,
// the curved model, and the planted-fault switch.
import { describe, expect, it } from 'vitest';
import { detectableDeviation } from '../src/sim/ladder/comparison.js';
import { allocate, MIN_REPLICATES, replicateSeconds } from '../src/sim/ladder/ladder.js';
import { extrapolate } from '../src/sim/ladder/leastSquares.js';
import { stream } from '../src/sim/rng.js';
import { P_THREE_SIGMA, studentTwoSidedP, studentTwoSidedQuantile } from '../src/numeric/stats.js';
import { DomainError } from '../src/numeric/domain.js';
import { cliWith, pointFlags } from './support/cli.js';

const P = { alpha: 2, kappa: 0.5, tau: 2, rho: 0.1, lambda: 0.01 };
const DS = [24, 32, 48, 64, 96];

/** Variance of the curved intercept for replicates R_d with scatter 1/d (the allocation's model). */
function interceptVariance(ds: readonly number[], reps: readonly number[]): number {
  const f = extrapolate(
    ds.map((d, i) => ({ d, mean: 1 + 1 / d, stderr: 1 / d / Math.sqrt(reps[i]!) })),
    'curved',
  );
  return f.statError ** 2;
}

describe('allocate', () => {
  it('spends the budget and beats every equal split of it on the intercept variance', () => {
    const a = allocate(DS, P, 60, 2, 'curved');
    const cost = (reps: readonly number[]) => DS.reduce((s, d, i) => s + reps[i]! * replicateSeconds(d, P), 0);
    expect(cost(a.replicates) / 120).toBeGreaterThan(0.9);
    expect(cost(a.replicates) / 120).toBeLessThan(1.2);
    for (const r of a.replicates) expect(r).toBeGreaterThanOrEqual(MIN_REPLICATES);
    const equal = DS.map(() => 120 / DS.reduce((s, d) => s + replicateSeconds(d, P), 0));
    expect(interceptVariance(DS, a.replicates)).toBeLessThan(0.5 * interceptVariance(DS, equal));
    // Moving 10% of the budget between any two d makes it worse (a local optimum, up to rounding).
    for (let i = 0; i < DS.length; i++) {
      for (let j = 0; j < DS.length; j++) {
        if (i === j || a.replicates[i]! <= 2 * MIN_REPLICATES) continue;
        const moved = [...a.replicates];
        const secs = 0.1 * moved[i]! * replicateSeconds(DS[i]!, P);
        moved[i] = moved[i]! * 0.9;
        moved[j] = moved[j]! + secs / replicateSeconds(DS[j]!, P);
        expect(interceptVariance(DS, moved), `${DS[i]} -> ${DS[j]}`).toBeGreaterThan(
          0.99 * interceptVariance(DS, a.replicates),
        );
      }
    }
  });

  it('is a pure function of its inputs, and rejects ladders the model cannot fit', () => {
    expect(allocate(DS, P, 30, 2, 'curved')).toEqual(allocate(DS, P, 30, 2, 'curved'));
    expect(() => allocate([16, 24, 32], P, 30, 2, 'curved')).toThrow(DomainError);
    expect(() => allocate([16, 24, 24, 32], P, 30, 2, 'curved')).toThrow(DomainError);
    expect(() => allocate(DS, P, 0, 2, 'curved')).toThrow(DomainError);
  });
});

describe('detectable deviation', () => {
  it('a theory off by exactly the stated deviation is caught 90% of the time (ν = 12 and ν = ∞)', () => {
    const rng = stream(11, 0, 'detectable');
    const truth = 0.8;
    const se = 0.01;
    for (const nu of [12, Infinity]) {
      const delta = detectableDeviation(truth, se, nu, P_THREE_SIGMA);
      let caught = 0;
      const trials = 4000;
      for (let t = 0; t < trials; t++) {
        // An estimate with normal error whose standard error is itself estimated (ν degrees of freedom).
        let chi = 0;
        if (nu !== Infinity) for (let k = 0; k < nu; k++) chi += rng.normal() ** 2;
        const s = nu === Infinity ? 1 : Math.sqrt(chi / nu);
        const estimate = truth + se * rng.normal();
        const z = (truth * (1 + delta) - estimate) / (se * s);
        if (studentTwoSidedP(z, nu) < P_THREE_SIGMA) caught++;
      }
      // Binomial(4000, 0.9): sd 0.005.
      expect(caught / trials, `nu ${nu}`).toBeGreaterThan(0.885);
      expect(caught / trials, `nu ${nu}`).toBeLessThan(0.915);
    }
  });

  it('the Student quantile inverts the two-sided p-value', () => {
    for (const nu of [3, 10, Infinity])
      for (const p of [0.2, 0.05, P_THREE_SIGMA])
        expect(studentTwoSidedP(studentTwoSidedQuantile(p, nu), nu)).toBeCloseTo(p, 10);
    expect(studentTwoSidedQuantile(P_THREE_SIGMA, Infinity)).toBeCloseTo(3, 8);
  });
});

describe('curved model', () => {
  it('recovers a from exact a + b/d + c/d² with no model term, and needs four d', () => {
    const f = extrapolate(
      DS.map((d) => ({ d, mean: 0.7 + 2 / d + 30 / d ** 2, stderr: 0.001 })),
      'curved',
    );
    expect(f.value).toBeCloseTo(0.7, 10);
    expect(f.modelError).toBe(0);
    expect(() =>
      extrapolate(
        [16, 24, 32].map((d) => ({ d, mean: 1, stderr: 0.1 })),
        'curved',
      ),
    ).toThrow(DomainError);
  });
});

describe('planted faults', () => {
  const run = (fault: string) =>
    cliWith(
      { fault },
      'simulate',
      '--d',
      '8',
      ...pointFlags({ alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 }),
      '--replicates',
      '2',
      '--json',
    );
  it('a fault changes the simulation; none leaves it unchanged; an unknown name stops the process', () => {
    const clean = JSON.parse(run('').stdout).eICL.mean;
    expect(JSON.parse(run('').stdout).eICL.mean).toBe(clean);
    const faulted = JSON.parse(run('gamma-1.02').stdout).eICL.mean;
    expect(faulted).not.toBe(clean);
    const bad = run('no-such-fault');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/not a planted fault/);
  });
});
