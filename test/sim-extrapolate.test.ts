// Weighted finite-size extrapolation on synthetic ladders with known truth.
import { describe, expect, it } from 'vitest';
import { extrapolate } from '../src/sim/extrapolate.js';
import { stream } from '../src/sim/rng.js';
import { DomainError } from '../src/numeric/domain.js';

const ds = [16, 24, 32, 48, 64];

describe('extrapolate', () => {
  it('recovers a + b/d exactly from noiseless data', () => {
    const f = extrapolate(ds.map((d) => ({ d, mean: 0.5 + 2 / d, stderr: 0.01 })));
    expect(f.terms).toBe(2);
    expect(f.value).toBeCloseTo(0.5, 12);
    expect(f.coef[1]).toBeCloseTo(2, 10);
    expect(f.scale).toBe(1);
  });

  it('adds c/d² when the curvature is strong, and not when it is absent', () => {
    const curved = extrapolate(ds.map((d) => ({ d, mean: 0.5 + 2 / d + 200 / d ** 2, stderr: 0.001 })));
    expect(curved.terms).toBe(3);
    expect(curved.value).toBeCloseTo(0.5, 9);
    const flat = extrapolate(ds.map((d) => ({ d, mean: 0.5 + 2 / d, stderr: 0.001 })));
    expect(flat.terms).toBe(2);
  });

  it('the 95% interval covers the truth about 95% of the time over 400 noisy ladders', () => {
    const rng = stream(3, 0, 'extrapolate-coverage');
    let covered = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const f = extrapolate(ds.map((d) => ({ d, mean: 1 + 1.5 / d + 0.02 * rng.normal(), stderr: 0.02 })));
      if (f.ci95[0] <= 1 && 1 <= f.ci95[1]) covered++;
    }
    // Binomial(400, 0.95): sd 4.4; the model selection and Birge scale shift it by a few points.
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.995);
  });

  it('rejects ladders it cannot fit', () => {
    expect(() => extrapolate([{ d: 8, mean: 1, stderr: 0.1 }, { d: 16, mean: 1, stderr: 0.1 }])).toThrow(DomainError);
    expect(() => extrapolate([8, 8, 16].map((d) => ({ d, mean: 1, stderr: 0.1 })))).toThrow(DomainError);
    expect(() => extrapolate([8, 12, 16].map((d) => ({ d, mean: 1, stderr: 0 })))).toThrow(DomainError);
  });
});
