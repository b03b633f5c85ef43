// The building blocks of the evidence, each against something known independently.
import { describe, expect, it } from 'vitest';
import { bonferroniZ } from '../src/candidate/evidence/evidence.js';
import { populationErrors } from '../src/candidate/evidence/populationOptimum.js';

describe('population optimum (tau = inf) at finite d', () => {
  it('at kappa = inf it is Gamma = [I/c, 0], c = x + 1 + 1/ell + lambda, so e = 1 + rho - 2/c + (c - lambda)/c^2', () => {
    // R = I and m = 0 make B block-diagonal: worked out by hand from Proposition 1.
    for (const [alpha, rho, lambda, d] of [
      [2, 0.1, 0, 24],
      [0.75, 1.3, 0.4, 40],
      [5, 0.02, 2, 16],
    ] as const) {
      const ell = alpha * d;
      const x = (1 + rho) / alpha;
      const c = x + 1 + 1 / ell + lambda;
      const expected = 1 + rho - 2 / c + (c - lambda) / (c * c);
      const e = populationErrors({ alpha, kappa: Infinity, rho, lambda }, d, 1, 0);
      expect(Math.abs(e.eICL - expected)).toBeLessThan(1e-14);
      expect(Math.abs(e.eIDG - expected)).toBeLessThan(1e-14);
    }
  });
});

describe('Bonferroni threshold', () => {
  it('matches the normal quantiles 1.959964 (one test at 5%) and 3.290527 (ten tests at 1% family-wise)', () => {
    expect(Math.abs(bonferroniZ(1, 0.05) - 1.959964)).toBeLessThan(1e-5);
    expect(Math.abs(bonferroniZ(10, 0.01) - 3.290527)).toBeLessThan(1e-5);
  });
});
