// The Γ* solvers: agreement across solvers, the normal equations written out independently, the
// minimum-norm interpolant at λ = 0, and the solver choice.
import { describe, expect, it } from 'vitest';
import { chooseSolver, fitGamma, gramOverD, type SolverKind } from '../src/sim/fit/fit.js';
import { stream } from '../src/sim/rng.js';
import { sampleContexts, type ContextBatch } from '../src/sim/samplers.js';
import { makeTaskSet } from '../src/sim/tasks.js';
import { DomainError } from '../src/numeric/domain.js';

function batch(d: number, n: number, seed = 1): ContextBatch {
  const ts = makeTaskSet(stream(seed, 0, 't'), stream(seed, 0, 'a'), n, 3, d, 'random');
  return sampleContexts(stream(seed, 0, 'c'), ts.tasks, ts.assignment, d, 2 * d, 0.1);
}

const relDiff = (a: Float64Array, b: Float64Array): number => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / den);
};

/** Prediction xᵀΓz by plain loops (independent of the tiled kernels). */
function predict(b: ContextBatch, g: Float64Array, mu: number): number {
  const { d } = b;
  let s = 0;
  for (let i = 0; i < d; i++)
    for (let a = 0; a <= d; a++) s += b.x[mu * d + i]! * g[i * (d + 1) + a]! * b.z[mu * (d + 1) + a]!;
  return s;
}

/** Gradient of Σ(y − ⟨Γ, xzᵀ⟩)² + σ‖Γ‖² divided by 2, written out entry by entry. */
function halfGradient(b: ContextBatch, g: Float64Array, sigma: number): Float64Array {
  const { d, n } = b;
  const out = g.map((v) => sigma * v);
  for (let mu = 0; mu < n; mu++) {
    const r = predict(b, g, mu) - b.y[mu]!;
    for (let i = 0; i < d; i++)
      for (let a = 0; a <= d; a++)
        out[i * (d + 1) + a] = out[i * (d + 1) + a]! + r * b.x[mu * d + i]! * b.z[mu * (d + 1) + a]!;
  }
  return out;
}

describe('fit', () => {
  it('direct, kernel, PCG and dual CG agree to 1e-8 relative (odd d, odd n, n above and below d(d+1))', () => {
    for (const [d, n] of [
      [5, 41],
      [5, 17],
      [6, 90],
    ] as const) {
      const b = batch(d, n);
      const fits = (['direct', 'kernel', 'pcg', 'dual-cg'] as SolverKind[]).map((s) =>
        fitGamma(b, { lambda: 0.05, solver: s, tol: 1e-13 }),
      );
      for (const f of fits) expect(relDiff(f.gamma, fits[0]!.gamma), `${f.solver} d=${d} n=${n}`).toBeLessThan(1e-8);
    }
  });

  it('the preconditioner ZᵀZ/d: four rows per pass equal one row per pass to rounding (n = 4k + 3, odd p)', () => {
    for (const [d, n] of [
      [6, 23],
      [9, 40],
      [4, 3],
    ] as const) {
      const b = batch(d, n, 7);
      const p = d + 1;
      const C = gramOverD(b.z, n, p, d);
      for (let a = 0; a < p; a++)
        for (let c = 0; c < p; c++) {
          let s = 0;
          for (let mu = 0; mu < n; mu++) s += b.z[mu * p + a]! * b.z[mu * p + c]!;
          // The lower triangle is C; the upper one is not read (zero).
          const want = c <= a ? s / d : 0;
          expect(Math.abs(C[a * p + c]! - want), `d=${d} n=${n} (${a},${c})`).toBeLessThanOrEqual(
            1e-14 * (Math.abs(s / d) + 1),
          );
        }
    }
  });

  it('PCG to tol 1e-13 equals the dense direct solve to 1e-10 relative (n not a multiple of 4, odd p)', () => {
    const b = batch(8, 1003, 3);
    const direct = fitGamma(b, { lambda: 1e-6, solver: 'direct' });
    const pcg = fitGamma(b, { lambda: 1e-6, solver: 'pcg', tol: 1e-13 });
    expect(pcg.solver).toBe('pcg');
    expect(relDiff(pcg.gamma, direct.gamma)).toBeLessThan(1e-10);
  });

  it('satisfies the normal equations (gradient written out independently ~ 0)', () => {
    const b = batch(6, 100);
    const sigma = (100 / 6) * 0.2;
    for (const solver of ['direct', 'pcg'] as const) {
      const f = fitGamma(b, { lambda: 0.2, solver, tol: 1e-12 });
      const grad = halfGradient(b, f.gamma, sigma);
      const scale = halfGradient(b, new Float64Array(f.gamma.length), sigma); // = −B
      expect(
        relDiff(grad, new Float64Array(grad.length)) === 0
          ? 0
          : Math.sqrt(grad.reduce((a, v) => a + v * v, 0) / scale.reduce((a, v) => a + v * v, 0)),
      ).toBeLessThan(1e-10);
    }
  });

  it('at lambda = 0 with n < d(d+1) returns the minimum-norm interpolant', () => {
    const b = batch(5, 20);
    for (const solver of ['kernel', 'dual-cg'] as const) {
      const f = fitGamma(b, { lambda: 0, solver, tol: 1e-13 });
      for (let mu = 0; mu < b.n; mu++) expect(Math.abs(predict(b, f.gamma, mu) - b.y[mu]!)).toBeLessThan(1e-9);
    }
    // Minimum norm: a ridge fit with a tiny penalty converges to the same Γ.
    const f0 = fitGamma(b, { lambda: 0, solver: 'kernel' });
    const fTiny = fitGamma(b, { lambda: 1e-9, solver: 'kernel' });
    expect(relDiff(fTiny.gamma, f0.gamma)).toBeLessThan(1e-6);
  });

  it('at lambda = 0 with n > d(d+1) solves plain least squares (gradient ~ 0)', () => {
    const b = batch(4, 60);
    const f = fitGamma(b, { lambda: 0 });
    expect(f.solver).toBe('direct');
    const g = halfGradient(b, f.gamma, 0);
    const B = halfGradient(b, new Float64Array(f.gamma.length), 0);
    expect(Math.sqrt(g.reduce((a, v) => a + v * v, 0) / B.reduce((a, v) => a + v * v, 0))).toBeLessThan(1e-10);
  });

  it('refuses a singular system at lambda = 0 with a DomainError', () => {
    expect(() => fitGamma(batch(4, 10), { lambda: 0, solver: 'pcg' })).toThrow(DomainError);
    expect(() => fitGamma(batch(4, 60), { lambda: 0, solver: 'kernel' })).toThrow(DomainError);
    expect(() => fitGamma(batch(4, 60), { lambda: -1 })).toThrow(DomainError);
  });

  it('refuses a factorization that does not solve its system: two contexts equal to 1e-12 with labels 1 apart at lambda = 0', () => {
    const b = batch(4, 8, 2);
    b.x.copyWithin(4, 0, 4);
    b.z.copyWithin(5, 0, 5);
    b.x[4] = b.x[4]! * (1 + 1e-12);
    b.y[1] = b.y[0]! + 1;
    // Cholesky of the kernel matrix succeeds on a rounding-level pivot; the solution misses the labels
    // by 29% (relative residual), which used to be returned as a fit.
    const f = () => fitGamma(b, { lambda: 0, solver: 'kernel' });
    expect(f).toThrow(DomainError);
    expect(f).toThrow(
      /n\/\(d\(d\+1\)\) must be far enough from 1 .*the kernel factorization left a relative residual of 2\.\d+e-1\), got 0\.4000$/,
    );
    // With a ridge the same batch is an ordinary, solvable system.
    expect(fitGamma(b, { lambda: 0.1, solver: 'kernel' }).relResidual).toBeLessThan(1e-9);
  });

  it('picks kernel below d(d+1), direct for tiny or near-square problems, PCG at large d', () => {
    expect(chooseSolver(100, 16)).toBe('kernel');
    expect(chooseSolver(5000, 100)).toBe('dual-cg');
    expect(chooseSolver(200, 8)).toBe('direct');
    expect(chooseSolver(400, 16)).toBe('direct');
    expect(chooseSolver(40960, 64)).toBe('pcg');
  });
});
