// Weighted finite-size extrapolation on synthetic ladders with known truth.
import { describe, expect, it } from 'vitest';
import { extrapolate, ladderPoint } from '../src/sim/ladder/leastSquares.js';
import { roundingNotes } from '../src/sim/ladder/ladder.js';
import { LADDERS } from '../src/checks/sim.js';
import { stream } from '../src/sim/rng.js';
import { DomainError } from '../src/numeric/domain.js';
import { lnGamma, normalTwoSidedP, studentTwoSidedP } from '../src/numeric/stats.js';

const ds = [16, 24, 32, 48, 64];
const close = (a: number, b: number, rel: number): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b));
};

describe('extrapolate', () => {
  it('recovers a + b/d exactly from noiseless data, with no curvature term', () => {
    const f = extrapolate(ds.map((d) => ({ d, mean: 0.5 + 2 / d, stderr: 0.01 })));
    expect(f.model).toBe('linear');
    expect(f.value).toBeCloseTo(0.5, 12);
    expect(f.coef[1]).toBeCloseTo(2, 10);
    expect(f.scale).toBe(1);
    expect(f.modelError).toBeLessThan(1e-12);
  });

  it('a bent ladder: the linear fit carries the curvature as error, the quadratic one removes it', () => {
    const bent = ds.map((d) => ({ d, mean: 0.5 + 2 / d + 200 / d ** 2, stderr: 0.001 }));
    const lin = extrapolate(bent);
    expect(lin.modelError).toBeGreaterThan(lin.statError);
    expect(Math.abs(lin.value - 0.5)).toBeLessThan(3 * lin.stderr);
    expect(Math.abs(lin.value - 0.5)).toBeGreaterThan(0.01); // the straight line alone misses a
    const quad = extrapolate(bent, 'quadratic');
    expect(quad.model).toBe('quadratic');
    expect(quad.value).toBeCloseTo(0.5, 9);
  });

  it('deterministic points (stderr 0): the quadratic fit recovers a from exact a + b/d + c/d²', () => {
    const exact = extrapolate(
      [32, 48, 64, 96, 128].map((d) => ladderPoint(d, [0.7 + 2 / d - 5 / (d * d)])),
      'quadratic',
    );
    expect(Math.abs(exact.value - 0.7)).toBeLessThan(1e-10);
  });

  it('noisy a + b/d: lands within 2 of its errors, which the Birge ratio widens beyond the point errors', () => {
    const se = 0.01;
    const lin = extrapolate(
      [16, 24, 32, 40].map((d, i) => ({ d, mean: 1.2 + 0.8 / d + (i % 2 ? se : -se), stderr: se })),
    );
    expect(Math.abs(lin.value - 1.2)).toBeLessThan(2 * lin.stderr);
    expect(lin.stderr).toBeGreaterThan(se);
    expect(lin.scale).toBeGreaterThan(1);
  });

  it('ladderPoint: mean, standard error of the mean, degrees of freedom', () => {
    const p = ladderPoint(8, [1, 2, 3, 6]);
    expect(p.mean).toBe(3);
    expect(p.stderr).toBeCloseTo(Math.sqrt(14 / 3 / 4), 14);
    expect(p.dof).toBe(3);
  });

  it('the 95% interval covers the truth about 95% of the time over 400 noisy ladders', () => {
    const rng = stream(3, 0, 'extrapolate-coverage');
    let covered = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const f = extrapolate(ds.map((d) => ({ d, mean: 1 + 1.5 / d + 0.02 * rng.normal(), stderr: 0.02 })));
      if (f.ci95[0] <= 1 && 1 <= f.ci95[1]) covered++;
    }
    // Binomial(400, 0.95): sd 4.4; the Birge scale and the curvature term widen it by a few points.
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.995);
  });

  it('rejects ladders it cannot fit, naming the parameter, the allowed range and what it got', () => {
    const fails = (f: () => unknown, message: string) => {
      expect(f).toThrow(DomainError);
      expect(f).toThrow(message);
    };
    fails(
      () =>
        extrapolate([
          { d: 8, mean: 1, stderr: 0.1 },
          { d: 16, mean: 1, stderr: 0.1 },
        ]),
      'ds must be at least 3 distinct values of d, got 2',
    );
    fails(
      () =>
        extrapolate(
          [8, 12, 16].map((d) => ({ d, mean: 1, stderr: 0.1 })),
          'curved',
        ),
      'ds must be at least 4 distinct values of d for the curved model, got 3',
    );
    fails(
      () => extrapolate([8, 8, 16].map((d) => ({ d, mean: 1, stderr: 0.1 }))),
      'ds must be distinct values of d, got 8,8,16',
    );
    fails(
      () => extrapolate([8, 12, 16].map((d) => ({ d, mean: 1, stderr: NaN }))),
      'stderr must be a finite number >= 0 with a finite mean at every d, got NaN',
    );
    // One replicate at one d (ladderPoint gives stderr 0, the convention of an exact statistic) among
    // replicated means: the weighted fit would pass through that point alone.
    const mixed = [
      ladderPoint(16, [1.1]),
      ladderPoint(24, [1.0, 1.2]),
      ladderPoint(32, [1.05, 1.1]),
      ladderPoint(48, [1.0, 1.04]),
    ];
    fails(
      () => extrapolate(mixed),
      'stderr must be all > 0 (replicated means), or all 0 (an exact statistic); ' +
        'a single replicate gives no error estimate, got 0,0.1,0.025,0.02',
    );
    // Weights 1e300 apart overflow the normal equations.
    fails(
      () => extrapolate([16, 24, 32].map((d, i) => ({ d, mean: 1 + 1 / d, stderr: i === 0 ? 1e-160 : 1 }))),
      'stderr must be standard errors close enough for the weighted fit to resolve ' +
        'in float64 (their squared ratios enter its normal equations), got 1e-160,1,1',
    );
  });

  it('the Birge scale: with chi2/dof > 1 the intercept error is the weighted-fit error times sqrt(chi2/dof)', () => {
    // Three points, a + b/d, equal errors s: the ordinary least-squares formulas written out.
    const s = 0.01;
    const pts = [
      { d: 10, mean: 1.1 + 0.03, stderr: s },
      { d: 20, mean: 1.05 - 0.05, stderr: s },
      { d: 40, mean: 1.025 + 0.02, stderr: s },
    ];
    const x = pts.map((p) => 1 / p.d);
    const xm = x.reduce((a, b) => a + b, 0) / 3;
    const sxx = x.reduce((a, v) => a + (v - xm) ** 2, 0);
    const ym = pts.reduce((a, p) => a + p.mean, 0) / 3;
    const b = pts.reduce((a, p, i) => a + (x[i]! - xm) * (p.mean - ym), 0) / sxx;
    const a = ym - b * xm;
    const chi2 = pts.reduce((acc, p, i) => acc + ((p.mean - a - b * x[i]!) / s) ** 2, 0);
    const f = extrapolate(pts);
    close(f.value, a, 1e-12);
    close(f.chi2, chi2, 1e-10);
    expect(f.scale).toBeGreaterThan(1);
    close(f.scale, Math.sqrt(chi2), 1e-12);
    close(f.stderr, s * Math.sqrt(1 / 3 + xm ** 2 / sxx) * Math.sqrt(chi2), 1e-12);
  });

  it('Welch–Satterthwaite: nuEff matches the formula with the intercept weights found by perturbation, and is infinite for exact errors', () => {
    const pts = [16, 24, 32, 48].map((d, i) => ({
      d,
      mean: 1 + 1 / d,
      stderr: [0.02, 0.01, 0.015, 0.005][i]!,
      dof: [5, 11, 7, 3][i]!,
    }));
    const f = extrapolate(pts);
    // a is linear in the means: g_p = (a(mean + h e_p) − a(mean))/h.
    const h = 1e-6;
    const g = pts.map(
      (_, p) => (extrapolate(pts.map((q, i) => ({ ...q, mean: q.mean + (i === p ? h : 0) }))).value - f.value) / h,
    );
    const parts = pts.map((q, p) => g[p]! ** 2 * q.stderr ** 2);
    const expected = parts.reduce((a, b) => a + b, 0) ** 2 / parts.reduce((a, v, p) => a + (v * v) / pts[p]!.dof, 0);
    expect(f.model).toBe('linear');
    expect(Math.abs(f.nuEff / expected - 1)).toBeLessThan(1e-6);
    expect(extrapolate(ds.map((d) => ({ d, mean: 1 + 1 / d, stderr: 0.01 }))).nuEff).toBe(Infinity);
  });
});

describe('Student t and normal tails', () => {
  it('match closed forms: Cauchy (ν = 1), ν = 2, the normal limit, and tabulated quantiles', () => {
    for (const t of [0.3, 1, 3, 12]) {
      expect(studentTwoSidedP(t, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(t), 11);
      expect(studentTwoSidedP(t, 2)).toBeCloseTo(1 - t / Math.sqrt(t * t + 2), 11);
    }
    expect(studentTwoSidedP(2.228138851986274, 10)).toBeCloseTo(0.05, 11); // t_{10, 0.975}
    expect(normalTwoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(normalTwoSidedP(3)).toBeCloseTo(0.0026997960632601866, 15);
    // t_ν → normal with an O(z⁴/ν) relative correction: ~1e-9 at ν = 1e8.
    expect(Math.abs(studentTwoSidedP(3, 1e8) - normalTwoSidedP(3))).toBeLessThan(3e-9);
    // Stirling's series after shifting to x >= 10: truncation error ~1e-12.
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 11);
    expect(lnGamma(7)).toBeCloseTo(Math.log(720), 11);
  });
});

describe('rounded sizes on a ladder', () => {
  it('names each d where round(kappa d) (or alpha d, tau d^2) changes the simulated parameter', () => {
    const notes = roundingNotes([8, 12, 16], { alpha: 2, kappa: 0.33, tau: 1.5 });
    expect(notes).toEqual([
      'at d = 8, k = 3 makes kappa = 0.375000, not 0.33',
      'at d = 12, k = 4 makes kappa = 0.333333, not 0.33',
      'at d = 16, k = 5 makes kappa = 0.312500, not 0.33',
    ]);
    expect(roundingNotes([16, 24], { alpha: 2, kappa: Infinity, tau: 0.5 })).toEqual([]);
  });

  it('the registry ladders simulate exactly the parameters they compare with', () => {
    for (const l of LADDERS)
      for (const ds of [l.ds.quick, l.ds.full]) expect(roundingNotes(ds, l.params), l.id).toEqual([]);
  });
});
