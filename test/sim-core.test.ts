// Exact statements about the numerical core of the simulation at tiny sizes: the samplers' arithmetic
// on scripted draws, the Cholesky kernels on a factor known in advance, the small statistics against
// closed forms, and the least-squares fit on ladders whose χ² and weights are computed by hand. They
// pin the code down to rounding (the Monte Carlo tests beside them check laws) and run in well under a
// second, so the mutation run (vitest.mutation.config.ts) can afford them for every mutant.
import { describe, expect, it } from 'vitest';
import { compare, detectableDeviation } from '../src/sim/ladder/comparison.js';
import { chooseSolver, fitGamma, solverBytes } from '../src/sim/fit/fit.js';
import { cholesky, cholSolve, dot, norm } from '../src/numeric/linalg.js';
import { extrapolate } from '../src/sim/ladder/leastSquares.js';
import { fitReplicate, runReplicate, runReplicateTwoThreads, sizes } from '../src/sim/replicate.js';
import { stream, type Rng } from '../src/sim/rng.js';
import { directSampler, fastSampler, query, sampleContexts, type ContextBatch } from '../src/sim/samplers.js';
import type { SimulateResult } from '../src/sim/simulate.js';
import {
  incompleteBeta,
  ksTwoSample,
  lnGamma,
  meanAndStderr,
  MomentAccumulator,
  normalTwoSidedP,
  P_THREE_SIGMA,
  studentTwoSidedP,
  studentTwoSidedQuantile,
} from '../src/numeric/stats.js';
import { assignTasks, makeTaskSet, sampleTasks } from '../src/sim/tasks.js';
import { predictionError } from '../src/theory/proposition1.js';

/** A stand-in for Rng returning scripted normals and chi-squares, recording the degrees of freedom asked for. */
function scripted(normals: number[], chi2: number[] = []): Rng & { dofs: number[]; left: () => number } {
  let i = 0;
  let j = 0;
  const dofs: number[] = [];
  const r = {
    dofs,
    normal: () => {
      if (i >= normals.length) throw new Error('scripted rng: out of normals');
      return normals[i++]!;
    },
    chiSquare: (df: number) => {
      dofs.push(df);
      if (j >= chi2.length) throw new Error('scripted rng: out of chi-squares');
      return chi2[j++]!;
    },
    left: () => normals.length - i + chi2.length - j,
  };
  return r as unknown as Rng & { dofs: number[]; left: () => number };
}

const close = (a: number, b: number, tol = 1e-13): void => {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
};

describe('samplers on scripted draws', () => {
  const d = 3;
  const w = Float64Array.from([1.2, -0.5, Math.sqrt(3 - 1.44 - 0.25)]); // ‖w‖² = d
  // Offsets into longer arrays, so an index that ignores them is seen.
  const wo = 2;
  const wBuf = new Float64Array(2 + d);
  wBuf.set(w, wo);

  it('the query: x = N/√d, y = ⟨x, w⟩ + √ρ N (no noise draw at ρ = 0)', () => {
    const x = new Float64Array(d + 1);
    const r = scripted([0.3, -1.1, 0.7, 2.0]);
    const y = query(r, wBuf, wo, d, 0.25, x, 1);
    const xs = [0.3, -1.1, 0.7].map((v) => v / Math.sqrt(d));
    expect(x[0]).toBe(0);
    for (let i = 0; i < d; i++) close(x[1 + i]!, xs[i]!);
    close(y, xs.reduce((s, v, i) => s + v * w[i]!, 0) + 0.5 * 2.0);
    expect(r.left()).toBe(0);
    const r0 = scripted([0.3, -1.1, 0.7]);
    close(
      query(r0, wBuf, wo, d, 0, x, 0),
      xs.reduce((s, v, i) => s + v * w[i]!, 0),
    );
    expect(r0.left()).toBe(0);
  });

  it('direct: h = (d/ℓ) Σ yᵢ xᵢ and s = Σ yᵢ²/ℓ over the drawn tokens, written at the offsets', () => {
    const ell = 2;
    const rho = 0.36;
    const q = [0.1, 0.2, 0.3, 0.4]; // query token and its noise
    const toks = [
      [0.5, -1.0, 1.5, 0.2],
      [-0.7, 0.9, 0.4, -1.3],
    ]; // each: d normals of x, then the label noise
    const r = scripted([...q, ...toks.flat()]);
    const x = new Float64Array(d + 2);
    const z = new Float64Array(d + 1 + 3).fill(7); // z[zo..] is overwritten, not added to
    const zo = 3;
    directSampler(r, wBuf, wo, d, ell, rho, x, 2, z, zo);
    const h = [0, 0, 0];
    let s = 0;
    for (const t of toks) {
      const xt = t.slice(0, d).map((v) => v / Math.sqrt(d));
      const yt = xt.reduce((a, v, i) => a + v * w[i]!, 0) + Math.sqrt(rho) * t[d]!;
      for (let i = 0; i < d; i++) h[i] = h[i]! + yt * xt[i]!;
      s += yt * yt;
    }
    for (let i = 0; i < d; i++) close(z[zo + i]!, (d / ell) * h[i]!);
    close(z[zo + d]!, s / ell);
    expect([...z.subarray(0, zo)]).toEqual([7, 7, 7]);
    expect(r.left()).toBe(0);
  });

  it('direct at ρ = 0: no noise draws, and ⟨h, w⟩ = d·s exactly', () => {
    const r = scripted([0.1, 0.2, 0.3, 0.5, -0.4, 0.9, 1.1, -0.6, 0.2]);
    const z = new Float64Array(d + 1);
    directSampler(r, wBuf, wo, d, 2, 0, new Float64Array(d), 0, z, 0);
    expect(r.left()).toBe(0);
    close(dot(z.subarray(0, d), w), d * z[d]!);
  });

  it('fast: χ²_ℓ and χ²_{ℓ−1} draws give ⟨h, w⟩ = (d/ℓ)(A + t√A), s = ((√A + t)² + ρQ)/ℓ, and h off w along g projected off w', () => {
    const ell = 5;
    const rho = 0.49;
    const A = 4.3;
    const Q = 2.9;
    const noise = -0.8; // t = √ρ · noise
    const g = [0.6, -0.2, 1.1];
    const r = scripted([0.1, 0.2, 0.3, 0.4, noise, ...g], [A, Q]);
    const x = new Float64Array(d);
    const zo = 1;
    const z = new Float64Array(d + 2).fill(7);
    fastSampler(r, wBuf, wo, d, ell, rho, x, 0, z, zo);
    expect(r.dofs).toEqual([ell, ell - 1]);
    expect(r.left()).toBe(0);
    const t = Math.sqrt(rho) * noise;
    const h = [...z.subarray(zo, zo + d)];
    const s = z[zo + d]!;
    expect(z[0]).toBe(7);
    close(s, ((Math.sqrt(A) + t) ** 2 + rho * Q) / ell);
    close(
      h.reduce((a, v, i) => a + v * w[i]!, 0),
      (d / ell) * (A + t * Math.sqrt(A)),
    );
    // The part of h orthogonal to e = w/√d is (d/ℓ)·√(ℓs)/√d · (g − ⟨g, e⟩e).
    const e = [...w].map((v) => v / Math.sqrt(d));
    const he = h.reduce((a, v, i) => a + v * e[i]!, 0);
    const ge = g.reduce((a, v, i) => a + v * e[i]!, 0);
    const f = ((d / ell) * Math.sqrt(ell * s)) / Math.sqrt(d);
    for (let i = 0; i < d; i++) close(h[i]! - he * e[i]!, f * (g[i]! - ge * e[i]!), 1e-12);
  });

  it('fast at ρ = 0: no noise draws, one χ²_ℓ, and ⟨h, w⟩ = d·s exactly as for the direct sampler', () => {
    const ell = 4;
    const r = scripted([0.1, 0.2, 0.3, 0.5, -0.4, 0.9], [3.7]);
    const z = new Float64Array(d + 1);
    fastSampler(r, wBuf, wo, d, ell, 0, new Float64Array(d), 0, z, 0);
    expect(r.dofs).toEqual([ell]);
    expect(r.left()).toBe(0);
    close(z[d]!, 3.7 / ell);
    close(dot(z.subarray(0, d), w), d * z[d]!);
  });

  it('sampleContexts writes context μ at μd and μ(d+1) with task assignment[μ]', () => {
    const tasks = Float64Array.from([...w, ...w.map((v) => -v)]);
    const n = 3;
    const r = scripted(
      Array.from({ length: n * (d + 2 + d) }, (_, i) => Math.sin(i + 1)),
      [2, 3, 4, 5, 6, 7],
    );
    const b = sampleContexts(r, tasks, Uint32Array.from([1, 0, 1]), d, 3, 0.04, 'fast', true);
    expect([b.n, b.d, b.x.length, b.z.length, b.y.length]).toEqual([n, d, n * d, n * (d + 1), n]);
    expect(b.x.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (let mu = 0; mu < n; mu++) {
      const task = mu === 1 ? w : w.map((v) => -v);
      // ⟨h, w_task⟩ = (d/ℓ)(A + t√A) > 0 for these draws: the sign says which task the context used.
      expect(dot(b.z.subarray(mu * (d + 1), mu * (d + 1) + d), task)).toBeGreaterThan(0);
    }
    const direct = sampleContexts(
      scripted(Array.from({ length: 2 * (d + 1 + 3 * (d + 1)) }, (_, i) => Math.cos(i))),
      tasks,
      Uint32Array.from([0, 0]),
      d,
      3,
      0.04,
      'direct',
    );
    expect(direct.x.buffer).toBeInstanceOf(ArrayBuffer);
    // ρ > 0 but the noise is small: ⟨h, w⟩ ≈ d s for the direct sampler too.
    for (let mu = 0; mu < 2; mu++) expect(dot(direct.z.subarray(mu * (d + 1), mu * (d + 1) + d), w)).toBeGreaterThan(0);
  });
});

describe('Cholesky kernels on a known factor', () => {
  // L with integer entries (n = 7: one four-row pass and three single rows per column).
  const n = 7;
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) L[i * n + j] = i === j ? 2 + i : ((i * 3 + j * 5) % 7) - 3;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < n; k++) A[i * n + j] = A[i * n + j]! + L[i * n + k]! * L[j * n + k]!;

  it('recovers L in the lower triangle and leaves the strict upper triangle as it was', () => {
    const a = A.slice();
    expect(cholesky(a, n)).toBe(true);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) close(a[i * n + j]!, j <= i ? L[i * n + j]! : A[i * n + j]!, 1e-12);
  });

  it('solves L Lᵀ x = b in place at an offset', () => {
    const a = A.slice();
    cholesky(a, n);
    const xTrue = [1, -2, 3, 0.5, -1.5, 2.5, 4];
    const b = new Float64Array(n + 2).fill(9);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) b[2 + i] = b[2 + i]! + A[i * n + j]! * xTrue[j]! - (j === 0 ? 9 : 0);
    cholSolve(a, n, b, 2);
    expect([b[0], b[1]]).toEqual([9, 9]);
    for (let i = 0; i < n; i++) close(b[2 + i]!, xTrue[i]!, 1e-11);
  });

  it('reports a matrix that is not positive definite (negative or zero pivot) instead of a NaN factor', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
    expect(cholesky(Float64Array.from([1, 1, 1, 1]), 2)).toBe(false);
    expect(cholesky(Float64Array.from([0]), 1)).toBe(false);
    expect(cholesky(Float64Array.from([NaN]), 1)).toBe(false);
    // A 5 × 5 whose last pivot is negative: found after the four-row pass.
    const m = new Float64Array(25);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) m[i * 5 + j] = i === j ? 1 : 0.9;
    m[24] = 0.5;
    expect(cholesky(m, 5)).toBe(false);
  });

  it('dot and norm', () => {
    expect(dot(Float64Array.from([1, 2, 3]), Float64Array.from([4, -5, 6]))).toBe(12);
    expect(norm(Float64Array.from([3, 4]))).toBe(5);
  });
});

describe('small statistics against closed forms', () => {
  it('meanAndStderr: the sample mean and √(s²/n), never a negative variance', () => {
    const v = [1, 2, 4, 9];
    const r = meanAndStderr(16, 1 + 4 + 16 + 81, 4);
    expect(r.mean).toBe(4);
    close(r.stderr, Math.sqrt(v.reduce((a, x) => a + (x - 4) ** 2, 0) / 3 / 4));
    expect(meanAndStderr(3, 3 - 1e-12, 3).stderr).toBe(0); // rounding below 0 is clamped
  });

  it('MomentAccumulator: sums of v, v², v_a v_b (a <= b) and their squares, read with either index order', () => {
    const acc = new MomentAccumulator(3);
    const rows = [
      [1, 2, 3],
      [-1, 0, 5],
      [2, 2, -1],
    ];
    const buf = new Float64Array(4);
    for (const r of rows) {
      buf.set(r, 1);
      acc.add(buf, 1);
    }
    expect(acc.n).toBe(3);
    for (let a = 0; a < 3; a++) {
      const xs = rows.map((r) => r[a]!);
      const m = meanAndStderr(
        xs.reduce((s, x) => s + x, 0),
        xs.reduce((s, x) => s + x * x, 0),
        3,
      );
      expect(acc.first(a)).toEqual(m);
      for (let b = 0; b < 3; b++) {
        const ps = rows.map((r) => r[a]! * r[b]!);
        const mm = meanAndStderr(
          ps.reduce((s, x) => s + x, 0),
          ps.reduce((s, x) => s + x * x, 0),
          3,
        );
        expect(acc.second(a, b)).toEqual(mm);
      }
    }
  });

  it('ksTwoSample: D is the largest gap of the empirical CDFs (ties counted together); p is the Kolmogorov tail', () => {
    expect(ksTwoSample(Float64Array.from([3, 1, 2]), Float64Array.from([6, 4, 5])).D).toBe(1);
    expect(ksTwoSample(Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 2, 3, 4])).D).toBe(0);
    expect(ksTwoSample(Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 2, 3, 4])).p).toBe(1);
    // F_a − F_b peaks at 2 (a: 1, 2, 2 → 3/4 of a; b: only 1 → 1/4): D = 1/2.
    expect(ksTwoSample(Float64Array.from([1, 2, 2, 5]), Float64Array.from([1, 3, 4, 6])).D).toBe(0.5);
    // P(K > t) = 2 Σ (−1)^{j−1} e^{−2j²t²}: n = m = 50, D = 0.3 gives t = (5 + 0.12 + 0.022)·0.3.
    const a = Float64Array.from({ length: 50 }, (_, i) => i);
    const b = Float64Array.from({ length: 50 }, (_, i) => i + 15);
    const r = ksTwoSample(a, b);
    close(r.D, 0.3, 1e-15);
    const t = (5 + 0.12 + 0.11 / 5) * 0.3;
    let tail = 0;
    for (let j = 1; j <= 50; j++) tail += 2 * (j % 2 ? 1 : -1) * Math.exp(-2 * j * j * t * t);
    close(r.p, tail, 1e-12);
    // A large D: the tail is tiny but positive.
    const far = ksTwoSample(
      a,
      Float64Array.from({ length: 50 }, (_, i) => i + 40),
    );
    close(far.p, 2 * Math.exp(-2 * ((5 + 0.12 + 0.022) * 0.8) ** 2), 1e-6);
    expect(far.p).toBeGreaterThan(0);
  });

  it('lnGamma: ln((n−1)!) at and around the shift point, and Γ(1/2) = √π, to 1.5e-12', () => {
    // The series stops at the x⁻⁷ term: the next, 1/(1188x⁹), is 8.4e-13 at x = 10, the error's size.
    let f = 0;
    for (let k = 1; k <= 30; k++) {
      close(lnGamma(k), f, 1.5e-12);
      f += Math.log(k);
    }
    close(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1.5e-12);
    close(
      lnGamma(10.5),
      Math.log(Math.sqrt(Math.PI) * [...Array(10).keys()].reduce((p, i) => p * (i + 0.5), 1)),
      1.5e-12,
    );
  });

  it('incompleteBeta: x, x^a, 1 − (1 − x)^b and 3x² − 2x³ on both sides of the switch point, 0 and 1 outside', () => {
    for (const x of [0.05, 0.3, 0.5, 0.7, 0.95]) {
      close(incompleteBeta(x, 1, 1), x, 1e-12);
      close(incompleteBeta(x, 3, 1), x ** 3, 1e-12);
      close(incompleteBeta(x, 1, 4), 1 - (1 - x) ** 4, 1e-12);
      close(incompleteBeta(x, 2, 2), 3 * x * x - 2 * x ** 3, 1e-12);
      close(incompleteBeta(x, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(x)), 1e-12);
    }
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(-0.1, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
    expect(incompleteBeta(1.5, 2, 3)).toBe(1);
  });

  // I_x(a, b) for integers is a binomial tail, P(Bin(a + b − 1, x) >= a): a sum of positive terms, exact to
  // rounding. b much larger than a (an F test with many residual degrees of freedom) puts the switch point
  // near 0, and values far below 1, where only a relative tolerance sees an error. The front factor carries
  // lnGamma's ~1e-12 absolute error (1.5e-12 relative at most here), hence 1e-11.
  it('incompleteBeta: binomial tails at b >> a, to 1e-11 relative', () => {
    const binomialTail = (x: number, a: number, b: number): number => {
      const n = a + b - 1;
      let coef = 1;
      let sum = 0;
      for (let j = 0; j <= n; j++) {
        if (j >= a) sum += coef * x ** j * (1 - x) ** (n - j);
        coef = (coef * (n - j)) / (j + 1);
      }
      return sum;
    };
    for (const [a, b] of [
      [2, 10],
      [3, 20],
      [5, 40],
      [10, 100],
    ] as const)
      for (const x of [0.005, 0.02, 0.1, 0.3]) {
        const exact = binomialTail(x, a, b);
        expect(Math.abs(incompleteBeta(x, a, b) - exact), `I_${x}(${a}, ${b})`).toBeLessThanOrEqual(1e-11 * exact);
      }
  });

  it('normal tail: erfc on both sides of the series/continued-fraction switch, symmetric in z', () => {
    expect(normalTwoSidedP(0)).toBe(1);
    close(normalTwoSidedP(1), 0.31731050786291415, 1e-14);
    close(normalTwoSidedP(-1), 0.31731050786291415, 1e-14);
    close(normalTwoSidedP(2.8), 0.005110260660855874, 1e-13); // x = 1.98: series
    close(normalTwoSidedP(2.9), 0.003731626600768077, 1e-13); // x = 2.05: continued fraction
    close(normalTwoSidedP(5), 5.733031437583892e-7, 1e-13);
    close(normalTwoSidedP(10), 1.5239706048321186e-23, 1e-12);
  });

  it('Student t: ν = ∞ is the normal tail; the quantile inverts the p-value and refuses p outside (0, 1)', () => {
    expect(studentTwoSidedP(1.7, Infinity)).toBe(normalTwoSidedP(1.7));
    close(studentTwoSidedP(-2, 3), studentTwoSidedP(2, 3), 1e-15);
    close(studentTwoSidedQuantile(0.5, 1), 1, 1e-11); // Cauchy: P(|T| >= 1) = 1/2
    close(studentTwoSidedQuantile(0.1, 2), Math.sqrt(2 / (1 - 0.9 ** 2) - 2), 1e-11); // ν = 2: p = 1 − t/√(t² + 2)
    close(studentTwoSidedQuantile(0.05, Infinity), 1.959963984540054, 1e-11);
    close(studentTwoSidedQuantile(1e-6, 1), Math.tan((Math.PI / 2) * (1 - 1e-6)), 1e-10); // far beyond the first bracket
    for (const p of [0, 1, -0.5, NaN]) expect(() => studentTwoSidedQuantile(p, 3)).toThrow(/outside \(0, 1\)/);
  });
});

describe('least squares on ladders computed by hand', () => {
  // Two-parameter WLS in u = 1/d with weights w = 1/s²: the normal equations written out.
  function handFit(pts: { d: number; mean: number; stderr: number }[]) {
    let S = 0,
      Su = 0,
      Suu = 0,
      Sy = 0,
      Suy = 0;
    for (const p of pts) {
      const w = 1 / p.stderr ** 2;
      const u = 1 / p.d;
      S += w;
      Su += w * u;
      Suu += w * u * u;
      Sy += w * p.mean;
      Suy += w * u * p.mean;
    }
    const det = S * Suu - Su * Su;
    const a = (Suu * Sy - Su * Suy) / det;
    const b = (S * Suy - Su * Sy) / det;
    const chi2 = pts.reduce((c, p) => c + ((p.mean - a - b / p.d) / p.stderr) ** 2, 0);
    return { a, b, chi2, varA: Suu / det };
  }

  it('linear, three points: coefficients, χ², Birge scale, interval and no curvature term', () => {
    const pts = [
      { d: 8, mean: 1.3, stderr: 0.02 },
      { d: 12, mean: 1.21, stderr: 0.03 },
      { d: 16, mean: 1.17, stderr: 0.01 },
    ];
    const h = handFit(pts);
    const f = extrapolate(pts);
    close(f.coef[0]!, h.a, 1e-12);
    close(f.coef[1]!, h.b, 1e-12);
    expect(f.coef).toHaveLength(2);
    close(f.chi2, h.chi2, 1e-9);
    expect(f.dof).toBe(1);
    const scale = Math.max(1, Math.sqrt(h.chi2));
    close(f.scale, scale, 1e-12);
    close(f.statError, Math.sqrt(h.varA) * scale, 1e-12);
    expect(f.modelError).toBe(0);
    expect(f.stderr).toBe(f.statError);
    expect(f.label).toBe('a+b/d (Birge-scaled)');
    close(f.ci95[0], f.value - 1.959963984540054 * f.stderr, 1e-15);
    close(f.ci95[1], f.value + 1.959963984540054 * f.stderr, 1e-15);
  });

  it('a ladder that fits better than its errors keeps scale 1 (χ²/dof < 1 does not shrink the error)', () => {
    const pts = [8, 12, 16, 24].map((d, i) => ({ d, mean: 2 - 1 / d + [1e-4, -1e-4, 1e-4, -1e-4][i]!, stderr: 0.01 }));
    const f = extrapolate(pts);
    const h = handFit(pts);
    expect(f.scale).toBe(1);
    close(f.statError, Math.sqrt(h.varA), 1e-12);
    expect(f.dof).toBe(2);
  });

  it('Welch–Satterthwaite over single-replicate points (stderr 0, dof 0): no statistical part, ν = ∞ (not 0/0)', () => {
    const f = extrapolate(
      [8, 12, 16].map((d, i) => ({ d, mean: 1 + 1 / d + [0.001, 0, -0.001][i]!, stderr: 0, dof: 0 })),
    );
    expect(f.nuEff).toBe(Infinity);
  });

  it('four points: linear adds half the shift of the quadratic intercept, curved adds none, quadratic all of it', () => {
    const pts = [8, 12, 16, 24].map((d) => ({ d, mean: 1 + 2 / d + 30 / d ** 2, stderr: 0.001 }));
    const lin = extrapolate(pts, 'linear');
    const cur = extrapolate(pts, 'curved');
    const quad = extrapolate(pts, 'quadratic');
    close(cur.value, 1, 1e-10);
    expect(cur.coef).toHaveLength(3);
    close(cur.coef[2]!, 30, 1e-7);
    const shift = Math.abs(cur.value - lin.value);
    expect(shift).toBeGreaterThan(0.1);
    close(lin.modelError, shift / 2, 1e-12);
    close(lin.stderr, Math.hypot(lin.statError, shift / 2), 1e-12);
    expect(cur.modelError).toBe(0);
    close(quad.modelError, shift, 1e-12);
    expect(quad.value).toBe(cur.value);
    expect(cur.dof).toBe(1);
    expect([lin.label, cur.label, quad.label]).toEqual([
      'a+b/d (Birge-scaled, curvature term)',
      'a+b/d+c/d^2 (Birge-scaled)',
      'a+b/d+c/d^2 (Birge-scaled, linear-fit difference)',
    ]);
    expect(() => extrapolate(pts.slice(0, 3), 'curved')).toThrow(
      /at least 4 distinct values of d for the curved model/,
    );
    expect(() => extrapolate(pts.slice(0, 3), 'quadratic')).toThrow(/at least 4/);
  });

  it('stderr 0 everywhere: equal weights at rounding level, and the fit rests on the scatter', () => {
    const pts = [8, 16, 32].map((d, i) => ({ d, mean: 1 + 1 / d + [0.01, -0.02, 0.01][i]!, stderr: 0 }));
    const f = extrapolate(pts);
    const h = handFit(pts.map((p) => ({ ...p, stderr: 1 })));
    close(f.value, h.a, 1e-12);
    expect(f.nuEff).toBe(Infinity);
    expect(f.scale).toBeGreaterThan(1e9); // χ² in units of the rounding floor
    // χ² is in units of the floor 1e-13·max|mean| (here means ~1000: floor 1e-10).
    const big = [8, 16, 32].map((d, i) => ({ d, mean: 1000 + 1 / d + [0.01, -0.02, 0.01][i]!, stderr: 0 }));
    const fb = extrapolate(big);
    const hb = handFit(big.map((p) => ({ ...p, stderr: 1e-13 * big[0]!.mean })));
    close(fb.chi2, hb.chi2, 1e-6);
    close(fb.scale, Math.sqrt(hb.chi2), 1e-6);
    expect(() => extrapolate([8, 16, 32].map((d) => ({ d, mean: 1, stderr: -0.1 })))).toThrow(/stderr/);
    expect(() => extrapolate([8, 16, 32].map((d) => ({ d, mean: Infinity, stderr: 0.1 })))).toThrow(/stderr/);
  });
});

describe('fit: solver choice, sizes, fallbacks and refusals', () => {
  const batchOf = (d: number, n: number, seed = 1) => {
    const ts = makeTaskSet(stream(seed, 0, 't'), stream(seed, 0, 'a'), n, 3, d, 'random');
    return sampleContexts(stream(seed, 0, 'c'), ts.tasks, ts.assignment, d, 2 * d, 0.1);
  };
  /** ‖(N + σ)Γ − B‖/‖B‖ with N and B written out entry by entry. */
  function primal(b: ContextBatch, g: Float64Array, sigma: number): number {
    const { d, n } = b;
    const p = d + 1;
    const res = g.map((v) => sigma * v);
    const B = new Float64Array(g.length);
    for (let mu = 0; mu < n; mu++) {
      let pred = 0;
      for (let i = 0; i < d; i++)
        for (let a = 0; a < p; a++) pred += b.x[mu * d + i]! * g[i * p + a]! * b.z[mu * p + a]!;
      for (let i = 0; i < d; i++)
        for (let a = 0; a < p; a++) {
          const h = b.x[mu * d + i]! * b.z[mu * p + a]!;
          res[i * p + a] = res[i * p + a]! + (pred - b.y[mu]!) * h;
          B[i * p + a] = B[i * p + a]! + b.y[mu]! * h;
        }
    }
    return norm(res) / norm(B);
  }

  it('chooseSolver at the edges of each rule', () => {
    expect(chooseSolver(3000, 60)).toBe('kernel'); // n < D = 3660, n <= 3000
    expect(chooseSolver(3001, 60)).toBe('dual-cg');
    expect(chooseSolver(3660, 60)).toBe('pcg'); // n = D: primal
    expect(chooseSolver(1000, 10)).toBe('direct'); // D = 110
    expect(chooseSolver(263, 11)).toBe('direct'); // D = 132 > n/2
    expect(chooseSolver(264, 11)).toBe('pcg'); // D = 132 = n/2
    expect(chooseSolver(839, 20)).toBe('direct'); // D = 420 = the direct limit
    expect(chooseSolver(462, 21)).toBe('pcg'); // D = 462 > 420
  });

  it('solverBytes: the matrices each solver allocates', () => {
    const d = 4;
    const D = 20;
    const n = 30;
    expect(solverBytes('direct', n, d)).toBe(8 * (D * D + 2 * D));
    expect(solverBytes('kernel', n, d)).toBe(8 * (n * n + 2 * n + D));
    expect(solverBytes('pcg', n, d)).toBe(8 * (6 * D + n + 25));
    expect(solverBytes('dual-cg', n, d)).toBe(8 * (6 * n + 2 * D));
  });

  it('reports the true residual it reached and its iterations (0 for factorizations)', () => {
    const b = batchOf(4, 50);
    const sigma = (50 / 4) * 0.3;
    for (const solver of ['direct', 'pcg'] as const) {
      const f = fitGamma(b, { lambda: 0.3, solver, tol: 1e-4 });
      expect(f.solver).toBe(solver);
      expect(f.fallbackFrom).toBeUndefined();
      close(f.relResidual, primal(b, f.gamma, sigma), 1e-6);
      expect(f.relResidual).toBeLessThanOrEqual(1e-4);
      if (solver === 'pcg') {
        expect(f.iterations).toBeGreaterThan(0);
        expect(f.relResidual).toBeGreaterThan(1e-9); // stopped at the loose tolerance, not run to the end
      } else expect(f.iterations).toBe(0);
    }
    const k = fitGamma(batchOf(4, 12), { lambda: 0.3, solver: 'kernel' });
    expect([k.iterations, k.solver]).toEqual([0, 'kernel']);
    expect(k.relResidual).toBeLessThan(1e-12);
    const dc = fitGamma(batchOf(4, 12), { lambda: 0.3, solver: 'dual-cg', tol: 1e-6 });
    expect(dc.iterations).toBeGreaterThan(0);
    expect(dc.relResidual).toBeLessThanOrEqual(1e-6);
    expect(dc.relResidual).toBeGreaterThan(1e-14);
    const auto = fitGamma(batchOf(4, 12), { lambda: 0.3 });
    expect(auto.solver).toBe('kernel');
    expect(fitGamma(batchOf(4, 12), { lambda: 0.3, solver: 'auto' }).gamma).toEqual(auto.gamma);
  });

  it('the preconditioners pay: PCG at n/D ≈ 14 and dual CG at n/D ≈ 0.7 converge in a bounded number of steps', () => {
    // Measured 2026-12-01 on these batches: 16 PCG steps (60 with the preconditioner reduced to σI) and
    // 106 dual-CG steps (198 with the Jacobi scaling inverted) to the default 1e-9. Speed is part of the
    // product: a broken preconditioner gives the same Γ* several times slower, which only an iteration
    // count sees.
    const pcg = fitGamma(batchOf(10, 1500), { lambda: 0.01, solver: 'pcg' });
    const dual = fitGamma(batchOf(10, 80), { lambda: 0.01, solver: 'dual-cg' });
    for (const [f, solver, most] of [
      [pcg, 'pcg', 25],
      [dual, 'dual-cg', 130],
    ] as const) {
      expect([f.solver, f.fallbackFrom]).toEqual([solver, undefined]);
      expect(f.relResidual).toBeLessThanOrEqual(1e-9);
      expect(f.iterations).toBeGreaterThan(5);
      expect(f.iterations).toBeLessThanOrEqual(most);
    }
    // A solve that needs over 100 steps (170 here) converges: the stall rule counts its tenfold gains.
    const long = fitGamma(batchOf(12, 120), { lambda: 0.01, solver: 'dual-cg' });
    expect([long.solver, long.fallbackFrom]).toEqual(['dual-cg', undefined]);
    expect(long.iterations).toBeGreaterThan(100);
  });

  it('a CG that stops short falls back to the exact solve when it fits, and says so', () => {
    const b = batchOf(4, 50);
    const f = fitGamma(b, { lambda: 0.3, solver: 'pcg', maxIter: 1 });
    expect([f.solver, f.fallbackFrom]).toEqual(['direct', 'pcg']);
    expect(primal(b, f.gamma, (50 / 4) * 0.3)).toBeLessThan(1e-12);
    const g = fitGamma(batchOf(4, 12), { lambda: 0.3, solver: 'dual-cg', maxIter: 1 });
    expect([g.solver, g.fallbackFrom]).toEqual(['kernel', 'dual-cg']);
  });

  it('a CG that stops short with no exact fallback in reach is a DomainError naming the stall', () => {
    expect(() => fitGamma(batchOf(40, 1700), { lambda: 0.1, solver: 'pcg', maxIter: 1 })).toThrow(
      /pcg stalled at relative residual .* after 1 iterations/,
    );
    expect(() => fitGamma(batchOf(78, 6001), { lambda: 0.1, solver: 'dual-cg', maxIter: 1 })).toThrow(
      /dual-cg stalled/,
    );
  });

  it('zero labels give Γ = 0 at once; a singular kernel matrix and bad λ are DomainErrors', () => {
    const b = batchOf(3, 8);
    const zero = { ...b, y: new Float64Array(b.n) };
    for (const solver of ['pcg', 'dual-cg'] as const) {
      const f = fitGamma(zero, { lambda: 0.5, solver });
      expect([f.iterations, f.relResidual, Math.max(...f.gamma.map(Math.abs))]).toEqual([0, 0, 0]);
    }
    // Two identical contexts: K = [[1, 1], [1, 1]] is singular at λ = 0 (its second pivot is exactly 0).
    const twin: ContextBatch = {
      n: 2,
      d: 1,
      x: Float64Array.from([1, 1]),
      z: Float64Array.from([1, 0, 1, 0]),
      y: Float64Array.from([1, 2]),
    };
    expect(() => fitGamma(twin, { lambda: 0, solver: 'kernel' })).toThrow(
      /n\/\(d\(d\+1\)\) must be far enough from 1.*kernel matrix is not numerically positive definite/,
    );
    expect(() => fitGamma(b, { lambda: 0, solver: 'direct' })).toThrow(
      "solver must be 'kernel' or 'dual-cg' when lambda = 0 and n < d(d+1) (the primal system is singular), got direct",
    );
    expect(() => fitGamma(batchOf(2, 12), { lambda: 0, solver: 'dual-cg' })).toThrow(
      "solver must be 'direct' or 'pcg' when lambda = 0 and n > d(d+1) (the kernel matrix is singular), got dual-cg",
    );
    expect(() => fitGamma(batchOf(2, 12), { lambda: 0, solver: 'kernel' })).toThrow(
      "solver must be 'direct' or 'pcg' when lambda = 0 and n > d(d+1)",
    );
    for (const lambda of [NaN, Infinity, -1e-300])
      expect(() => fitGamma(b, { lambda })).toThrow(`lambda must be a finite number >= 0, got ${lambda}`);
    // n = d(d+1) exactly: the primal system is square and (almost surely) regular, so λ = 0 is allowed.
    const square = batchOf(2, 6);
    expect(fitGamma(square, { lambda: 0, solver: 'direct' }).relResidual).toBeLessThan(1e-6);
    // n = d(d+1) exactly at λ = 0 is neither refused case: both sides' solvers are allowed.
    expect(() => fitGamma(batchOf(2, 6), { lambda: 0, solver: 'kernel' })).not.toThrow(/when lambda = 0/);
  });
});

/** A replicate small enough to recompute by hand: d = 4, ℓ = 8, k = 3, n = 40. */
const TINY_REPLICATE = {
  d: 4,
  ell: 8,
  k: 3,
  n: 40,
  rho: 0.2,
  lambda: 0.1,
  seed: 5,
  assignment: 'random' as const,
  solver: 'auto' as const,
  sampler: 'fast' as const,
};

describe('tasks and the scoring of a replicate', () => {
  it('sampleTasks normalizes each row separately to radius √d', () => {
    const t = sampleTasks(stream(2, 0, 't'), 4, 3);
    for (let j = 0; j < 4; j++) close(Math.hypot(t[3 * j]!, t[3 * j + 1]!, t[3 * j + 2]!), Math.sqrt(3), 1e-14);
  });

  it('balanced assignment is a Fisher–Yates shuffle of μ mod k: swaps with j = int(i + 1) for i = n − 1 … 1', () => {
    const asked: number[] = [];
    const picks = [0, 2, 1, 0]; // j for i = 4, 3, 2, 1
    const rng = { int: (m: number) => (asked.push(m), picks[asked.length - 1]!) } as unknown as Rng;
    const a = assignTasks(rng, 5, 3, 'balanced');
    expect(asked).toEqual([5, 4, 3, 2]);
    // [0 1 2 0 1] → i=4,j=0: [1 1 2 0 0] → i=3,j=2: [1 1 0 2 0] → i=2,j=1: [1 0 1 2 0] → i=1,j=0: [0 1 1 2 0]
    expect([...a]).toEqual([0, 1, 1, 2, 0]);
  });

  it('random assignment draws uniform indices; balanced is a shuffled permutation of μ mod k', () => {
    const r = assignTasks(stream(3, 0, 'a'), 400, 5, 'random');
    const counts = new Array<number>(5).fill(0);
    for (const a of r) counts[a]!++;
    for (const c of counts) expect(c).toBeGreaterThan(50); // Binomial(400, 1/5): mean 80, sd 8
    const bal = assignTasks(stream(3, 0, 'a'), 40, 5, 'balanced');
    expect([...bal].sort()).toEqual(Array.from({ length: 40 }, (_, i) => i % 5).sort());
    let moved = 0;
    for (let i = 0; i < 40; i++) if (bal[i] !== i % 5) moved++;
    expect(moved).toBeGreaterThan(20); // a shuffle, not the sorted order
    expect(bal[0] !== 0 || bal[39] !== 4).toBe(true);
  });

  it('random assignment is one uniform index per context, drawn in order from its stream', () => {
    const rng = stream(3, 1, 'a');
    expect([...assignTasks(stream(3, 1, 'a'), 30, 7, 'random')]).toEqual(Array.from({ length: 30 }, () => rng.int(7)));
  });

  it('a replicate draws tasks, assignment and contexts from the streams (seed, replicate, "<purpose>/d=<d>")', () => {
    const s = TINY_REPLICATE;
    const key = (purpose: string) => stream(5, 2, `${purpose}/d=4`);
    const ts = makeTaskSet(key('tasks'), key('assignment'), 40, 3, 4, 'random');
    const batch = sampleContexts(key('contexts'), ts.tasks, ts.assignment, 4, 8, 0.2, 'fast');
    const gamma = fitGamma(batch, { lambda: 0.1 }).gamma;
    const r = runReplicate(s, 2);
    expect(r.eICL).toBe(predictionError(gamma, 4, 8, 0.2, { kind: 'icl' }));
    expect(r.eIDG).toBe(predictionError(gamma, 4, 8, 0.2, { kind: 'tasks', tasks: ts.tasks, k: 3 }));
  });

  it('the two-thread replicate equals the serial one bit for bit (here the products stay in this thread: no built worker)', async () => {
    const s = {
      d: 5,
      ell: 10,
      k: 2,
      n: 60,
      rho: 0.1,
      lambda: 0.05,
      seed: 9,
      assignment: 'balanced' as const,
      solver: 'auto' as const,
      sampler: 'direct' as const,
    };
    expect(await runReplicateTwoThreads(s, 1)).toEqual(runReplicate(s, 1));
  });

  it('sizes round αd, κd, τd² (κ = ∞ stays ∞)', () => {
    expect(sizes(10, 1.26, 0.54, 1.55)).toEqual({ ell: 13, k: 5, n: 155 });
    expect(sizes(7, 2, Infinity, 0.5)).toEqual({ ell: 14, k: Infinity, n: 25 });
  });

  it('a replicate is scored by Proposition 1 on its own Γ* and task set: g_task = e^ICL − e^IDG', () => {
    const s = TINY_REPLICATE;
    const { ts, fit } = fitReplicate(s, 2);
    const r = runReplicate(s, 2);
    expect(r.eICL).toBe(predictionError(fit.gamma, 4, 8, 0.2, { kind: 'icl' }));
    expect(r.eIDG).toBe(predictionError(fit.gamma, 4, 8, 0.2, { kind: 'tasks', tasks: ts.tasks, k: 3 }));
    expect(r.gTask).toBe(r.eICL - r.eIDG);
    expect([r.solver, r.iterations, r.relResidual]).toEqual([fit.solver, fit.iterations, fit.relResidual]);
    expect(ts.k).toBe(3);
    expect(ts.assignment.length).toBe(40);
    // Another d, replicate or seed draws other tasks.
    expect(fitReplicate(s, 3).ts.tasks).not.toEqual(ts.tasks);
    expect(fitReplicate({ ...s, d: 5 }, 2).ts.tasks.subarray(0, 4)).not.toEqual(ts.tasks.subarray(0, 4));
  });
});

describe('comparison with the theory', () => {
  it('detectableDeviation: the shift where the t test reaches power 0.9 (scipy: ν = ∞, 12, 3)', () => {
    close(detectableDeviation(2, 0.1, Infinity, 0.05), (3.241514986806441 * 0.1) / 2, 1e-9);
    close(detectableDeviation(-2, 0.1, 12, 0.05), (3.5356658392744458 * 0.1) / 2, 1e-6);
    close(detectableDeviation(0.5, 0.01, 12, P_THREE_SIGMA), (5.303016920852335 * 0.01) / 0.5, 1e-6);
    // Beyond the first bracket tc + 2. At ν = 3 the midpoint grid of the χ² density is good to ~2e-5.
    close(detectableDeviation(1, 1, 3, P_THREE_SIGMA), 13.465574691765044, 5e-5);
    // Large ν (a ladder of thousands of replicates): the χ² density's normalization is ~e^-6600 times
    // its shape's peak, so only the log-space normalization keeps it finite (scipy: ν = 2000, 400).
    close(detectableDeviation(1, 1, 2000, P_THREE_SIGMA), 4.286374978612355, 1e-6);
    close(detectableDeviation(1, 1, 400, P_THREE_SIGMA), 4.305802637969348, 1e-6);
  });

  it('compare: per quantity, the ladder extrapolated, z = (theory − value)/stderr and its Student p-value', () => {
    const run = (d: number, reps: number) => {
      const e = (a: number, b: number, se: number) => ({ mean: a + b / d + (d % 16 ? se / 3 : -se / 3), stderr: se });
      return {
        d,
        replicates: reps,
        eICL: e(1.1, 0.8, 0.004),
        eIDG: e(0.9, 0.5, 0.003),
        gTask: e(0.2, 0.3, 0.002),
      } as unknown as SimulateResult;
    };
    const runs = [run(8, 6), run(12, 5), run(16, 9), run(24, 4)];
    const theory = { eICL: 1.1, eIDG: 0.95, gTask: 0.15 };
    const out = compare(runs, theory, 'curved', 0.01);
    expect(out.map((c) => c.quantity)).toEqual(['eICL', 'eIDG', 'gTask']);
    for (const c of out) {
      const q = c.quantity;
      expect(c.points).toEqual(
        runs.map((r) => ({ d: r.d, mean: r[q].mean, stderr: r[q].stderr, dof: r.replicates - 1 })),
      );
      const f = extrapolate(c.points, 'curved');
      expect(c.fit).toEqual(f);
      expect(c.theory).toBe(theory[q]);
      close(c.z, (theory[q] - f.value) / f.stderr, 1e-15);
      close(c.p, studentTwoSidedP(c.z, f.nuEff), 1e-15);
      close(c.detectable, detectableDeviation(theory[q], f.stderr, f.nuEff, 0.01), 1e-15);
    }
    expect(out[1]!.z).toBeGreaterThan(3); // 0.95 against 0.9: far off
    expect(out[1]!.p).toBeLessThan(0.05);
    const noStderr = [
      runs[0]!,
      runs[1]!,
      { ...runs[2]!, eICL: { mean: 1, stderr: null } } as unknown as SimulateResult,
    ];
    expect(() => compare(noStderr, theory, 'linear', 0.01)).toThrow(/stderr/);
  });
});
