// The building blocks of the evidence, each against something known independently.
import { describe, expect, it } from 'vitest';
import { bonferroniZ } from '../src/candidate/evidence/evidence.js';
import { extrapolate, extrapolateLinear } from '../src/candidate/evidence/extrapolation.js';
import { populationErrors } from '../src/candidate/evidence/populationOptimum.js';

describe('population optimum (tau = inf) at finite d', () => {
  it('at kappa = inf it is Gamma = [I/c, 0], c = x + 1 + 1/ell + lambda, so e = 1 + rho - 2/c + (c - lambda)/c^2', () => {
    // R = I and m = 0 make B block-diagonal: worked out by hand from Proposition 1.
    for (const [alpha, rho, lambda, d] of [[2, 0.1, 0, 24], [0.75, 1.3, 0.4, 40], [5, 0.02, 2, 16]] as const) {
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

describe('extrapolation in 1/d', () => {
  it('recovers a from exact a + b/d + c/d^2 data, and a from noisy a + b/d data within its error bar', () => {
    const exact = extrapolate([32, 48, 64, 96, 128].map((d) => ({ d, values: [0.7 + 2 / d - 5 / (d * d)] })));
    expect(Math.abs(exact.value - 0.7)).toBeLessThan(1e-10);
    // Fixed deviations of ±1 standard error around a + b/d: the fit must land within 2 of its errors.
    const se = 0.01;
    const lin = extrapolateLinear([16, 24, 32, 40].map((d, i) => ({ d, mean: 1.2 + 0.8 / d + (i % 2 ? se : -se), se })));
    expect(Math.abs(lin.value - 1.2)).toBeLessThan(2 * lin.stderr);
    expect(lin.stderr).toBeGreaterThan(se);
    // A bent ladder (c/d² with c = -40) makes the curvature term, not the scatter, dominate the error.
    const bent = extrapolateLinear([16, 24, 32, 40].map((d) => ({ d, mean: 1.2 + 0.8 / d - 40 / (d * d), se: 1e-4 })));
    expect(bent.modelError).toBeGreaterThan(bent.statError);
    expect(Math.abs(bent.value - 1.2)).toBeLessThan(3 * bent.stderr);
  });
});

describe('Bonferroni threshold', () => {
  it('matches the normal quantiles 1.959964 (one test at 5%) and 3.290527 (ten tests at 1% family-wise)', () => {
    expect(Math.abs(bonferroniZ(1, 0.05) - 1.959964)).toBeLessThan(1e-5);
    expect(Math.abs(bonferroniZ(10, 0.01) - 3.290527)).toBeLessThan(1e-5);
  });
});
