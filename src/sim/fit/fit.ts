// Γ* of docs/theory.md §2: ridge regression of y_μ on H_Z^μ = x_μ z_μᵀ with penalty (n/d)·λ·‖Γ‖_F².
// Normal equations (N + σI) Γ = B, σ = (n/d)λ, N V = Σ_μ x_μ (x_μᵀ V z_μ) z_μᵀ, B = Σ_μ y_μ x_μ z_μᵀ.
// Solvers (D = d(d+1) unknowns):
//   direct  — form N (n D²/2) and factor it: small D only.
//   kernel  — the n × n dual (K + σI) c = y, K = (XXᵀ)∘(ZZᵀ), Γ = Xᵀ diag(c) Z: n < D, n small.
//             At λ = 0 this is the minimum-norm interpolant.
//   pcg     — conjugate gradients on the primal, O(n D) per step, preconditioned by the expectation
//             of N over the query tokens given Z: E[x xᵀ] = I/d, so E_X[N] = I ⊗ (ZᵀZ/d), one
//             (d+1) × (d+1) factorization applied to each row of V.
//   dual-cg — conjugate gradients on the dual system (Jacobi preconditioner) when n < D is too large
//             for the kernel factorization; from c = 0 it converges to the minimum-norm solution.
import { DomainError } from '../../numeric/domain.js';
import { fault } from '../../numeric/faults.js';
import { cholesky, cholSolve, dot } from '../../numeric/linalg.js';
import { SerialOperator } from './normalOperator.js';
import type { ContextBatch } from '../samplers.js';

export type SolverKind = 'direct' | 'kernel' | 'pcg' | 'dual-cg';

/** The two products of the fit over the whole batch (serial, or split over threads by ParallelOps). */
export interface BatchOps {
  /** out[μ] = x_μᵀ V z_μ. */
  bilinear(V: Float64Array, out: Float64Array): void;
  /** out = Σ_μ c_μ x_μ z_μᵀ. */
  accumulate(c: Float64Array, out: Float64Array): void;
}

const serialOps = (b: ContextBatch): BatchOps => new SerialOperator(b);

/** out = (N + shift) V, N V = Σ_μ x_μ (x_μᵀ V z_μ) z_μᵀ; `r` is scratch of length n. */
function applyNormal(ops: BatchOps, V: Float64Array, shift: number, out: Float64Array, r: Float64Array): void {
  ops.bilinear(V, r);
  ops.accumulate(r, out);
  // Stryker disable next-line EqualityOperator: extra write falls past the end (dropped) (docs/equivalent-mutants.md)
  for (let i = 0; i < out.length; i++) out[i] = out[i]! + shift * V[i]!;
}

interface FitOptions {
  lambda: number;
  /** Force a solver (tests compare them); 'auto' picks by problem size. */
  solver?: SolverKind | 'auto';
  /** Relative residual ‖B − (N + σ)Γ‖/‖B‖ (primal) or ‖y − (K + σ)c‖/‖y‖ (dual) to reach (default 1e-9:
   * with the preconditioned condition number ~4 at τ = 10, Γ is then good to ~1e-8, far below Monte Carlo noise). */
  tol?: number;
  maxIter?: number;
  /** How to apply the products (default serial in this thread). */
  ops?: BatchOps;
}

export interface FitResult {
  gamma: Float64Array;
  solver: SolverKind;
  /** The solver that stalled before `solver` took over, if any. */
  fallbackFrom?: SolverKind;
  iterations: number;
  /** Final relative residual of the system `solver` solved, recomputed from scratch. */
  relResidual: number;
}

/** Largest n for the kernel factorization and largest D = d(d+1) for the direct one. */
const KERNEL_MAX_N = 3000;
const DIRECT_MAX_D = 420;
/** Largest relative residual a factorization may leave: the tests' regular systems leave under 1e-12. */
const EXACT_MAX_RESIDUAL = 1e-6;
/** A stalled PCG may fall back to a direct solve up to this size (slow but exact). */
const DIRECT_FALLBACK_MAX_D = 1600;

/**
 * The solver 'auto' picks for n contexts at dimension d. Forming N costs n D²/2 against about
 * 2nD per PCG step, so direct wins only for tiny D, or when n/D is near 1 and PCG would crawl
 * (the whitened operator's spectrum spreads like Marchenko–Pastur with ratio D/n).
 */
export function chooseSolver(n: number, d: number): SolverKind {
  const D = d * (d + 1);
  if (n < D) return n <= KERNEL_MAX_N ? 'kernel' : 'dual-cg';
  return D <= 110 || (D > 0.5 * n && D <= DIRECT_MAX_D) ? 'direct' : 'pcg';
}

/** Bytes the solver's own matrices take (the batch itself excluded). */
export function solverBytes(solver: SolverKind, n: number, d: number): number {
  const D = d * (d + 1);
  switch (solver) {
    case 'direct':
      return 8 * (D * D + 2 * D);
    case 'kernel':
      return 8 * (n * n + 2 * n + D);
    case 'pcg':
      return 8 * (6 * D + n + (d + 1) ** 2);
    case 'dual-cg':
      return 8 * (6 * n + 2 * D);
  }
}

export function fitGamma(b: ContextBatch, opts: FitOptions): FitResult {
  const { n, d } = b;
  const lambda = opts.lambda;
  if (!(Number.isFinite(lambda) && lambda >= 0))
    throw new DomainError('lambda', 'a finite number >= 0', String(lambda));
  const D = d * (d + 1);
  // Stryker disable next-line ArithmeticOperator,StringLiteral: fault off: x/1 = x*1 (docs/equivalent-mutants.md)
  const sigma = (n / d) * lambda * (fault('fit-ridge-1.1') ? 1.1 : 1);
  const tol = opts.tol ?? 1e-9;
  const maxIter = opts.maxIter ?? 2000;
  const solver = opts.solver === undefined || opts.solver === 'auto' ? chooseSolver(n, d) : opts.solver;
  const ops = opts.ops ?? serialOps(b);
  // A factorization can also succeed on a matrix that is singular up to rounding (tiny positive pivots)
  // and return a solution that does not solve the system: the recomputed residual says so.
  const exact = (r: FitResult | null, s: SolverKind): FitResult => {
    if (r === null) throw illConditioned(b, lambda, `the ${s} matrix is not numerically positive definite`);
    // Stryker disable next-line EqualityOperator: differ only at residual exactly 1e-6 (docs/equivalent-mutants.md)
    if (!(r.relResidual <= EXACT_MAX_RESIDUAL))
      throw illConditioned(
        b,
        lambda,
        `the ${s} factorization left a relative residual of ${r.relResidual.toExponential(2)}`,
      );
    return r;
  };
  if (sigma === 0 && n < D && (solver === 'direct' || solver === 'pcg')) {
    throw new DomainError(
      'solver',
      "'kernel' or 'dual-cg' when lambda = 0 and n < d(d+1) (the primal system is singular)",
      solver,
    );
  }
  if (sigma === 0 && n > D && (solver === 'kernel' || solver === 'dual-cg')) {
    throw new DomainError(
      'solver',
      "'direct' or 'pcg' when lambda = 0 and n > d(d+1) (the kernel matrix is singular)",
      solver,
    );
  }
  switch (solver) {
    case 'direct':
      return exact(direct(b, ops, sigma), solver);
    case 'kernel':
      return exact(kernel(b, ops, sigma), solver);
    case 'pcg': {
      const r = pcg(b, ops, sigma, tol, maxIter);
      // Stryker disable next-line EqualityOperator: differ only at residual exactly tol (docs/equivalent-mutants.md)
      if (r.relResidual <= tol) return r;
      // Stryker disable next-line EqualityOperator: D = d(d+1) never equals 1600 (docs/equivalent-mutants.md)
      if (D <= DIRECT_FALLBACK_MAX_D) return { ...exact(direct(b, ops, sigma), 'direct'), fallbackFrom: 'pcg' };
      throw stalled(b, lambda, 'pcg', r);
    }
    case 'dual-cg': {
      const r = dualCg(b, ops, sigma, tol, maxIter);
      // Stryker disable next-line EqualityOperator: differ only at residual exactly tol (docs/equivalent-mutants.md)
      if (r.relResidual <= tol) return r;
      if (n <= 2 * KERNEL_MAX_N) return { ...exact(kernel(b, ops, sigma), 'kernel'), fallbackFrom: 'dual-cg' };
      throw stalled(b, lambda, 'dual-cg', r);
    }
  }
}

/** Too ill-conditioned to solve: n too close to d(d+1) for this λ (the ridgeless peak at τ = 1). */
const illConditioned = (b: ContextBatch, lambda: number, how: string): DomainError =>
  new DomainError(
    'n/(d(d+1))',
    `far enough from 1 for the fit to be solvable at lambda = ${lambda} (${how})`,
    (b.n / (b.d * (b.d + 1))).toPrecision(4),
  );

const stalled = (b: ContextBatch, lambda: number, s: SolverKind, r: FitResult): DomainError =>
  illConditioned(
    b,
    lambda,
    `${s} stalled at relative residual ${r.relResidual.toExponential(2)} after ${r.iterations} iterations; no exact fallback fits`,
  );

/** B = Σ_μ y_μ x_μ z_μᵀ. */
function rhs(b: ContextBatch, ops: BatchOps): Float64Array {
  const B = new Float64Array(b.d * (b.d + 1));
  ops.accumulate(b.y, B);
  return B;
}

/** ‖B − (N + σ)Γ‖ / ‖B‖, from scratch. */
function primalResidual(b: ContextBatch, ops: BatchOps, sigma: number, gamma: Float64Array, B: Float64Array): number {
  const out = new Float64Array(gamma.length);
  applyNormal(ops, gamma, sigma, out, new Float64Array(b.n));
  let num = 0;
  let den = 0;
  for (let i = 0; i < out.length; i++) {
    num += (B[i]! - out[i]!) ** 2;
    den += B[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

/** null when the normal matrix is not numerically positive definite. */
function direct(b: ContextBatch, ops: BatchOps, sigma: number): FitResult | null {
  const { n, d, x: X, z: Z } = b;
  const p = d + 1;
  const D = d * p;
  const N = new Float64Array(D * D);
  const phi = new Float64Array(D);
  for (let mu = 0; mu < n; mu++) {
    // Stryker disable next-line EqualityOperator: extra write falls past the end (dropped) (docs/equivalent-mutants.md)
    for (let i = 0; i < d; i++) {
      const xi = X[mu * d + i]!;
      // Stryker disable next-line EqualityOperator: extra write: overwritten or past end (docs/equivalent-mutants.md)
      for (let a = 0; a < p; a++) phi[i * p + a] = xi * Z[mu * p + a]!;
    }
    // Lower triangle only: row I, columns J <= I.
    // Stryker disable next-line EqualityOperator: extra write falls past the end (dropped) (docs/equivalent-mutants.md)
    for (let I = 0; I < D; I++) {
      const f = phi[I]!;
      const row = I * D;
      for (let J = 0; J <= I; J++) N[row + J] = N[row + J]! + f * phi[J]!;
    }
  }
  // Stryker disable next-line EqualityOperator: extra write falls past the end (dropped) (docs/equivalent-mutants.md)
  for (let I = 0; I < D; I++) N[I * D + I] = N[I * D + I]! + sigma;
  const B = rhs(b, ops);
  const gamma = B.slice();
  if (!cholesky(N, D)) return null;
  cholSolve(N, D, gamma);
  return { gamma, solver: 'direct', iterations: 0, relResidual: primalResidual(b, ops, sigma, gamma, B) };
}

/** K c: (x_μᵀ G z_μ)_μ with G = Σ_ν c_ν x_ν z_νᵀ, plus σc. */
function applyKernel(ops: BatchOps, c: Float64Array, sigma: number, out: Float64Array, G: Float64Array): void {
  ops.accumulate(c, G);
  ops.bilinear(G, out);
  // Stryker disable next-line EqualityOperator: extra write falls past the end (dropped) (docs/equivalent-mutants.md)
  for (let i = 0; i < out.length; i++) out[i] = out[i]! + sigma * c[i]!;
}

function dualResidual(b: ContextBatch, ops: BatchOps, sigma: number, c: Float64Array): number {
  const out = new Float64Array(b.n);
  applyKernel(ops, c, sigma, out, new Float64Array(b.d * (b.d + 1)));
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.n; i++) {
    num += (b.y[i]! - out[i]!) ** 2;
    den += b.y[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

/** null when the kernel matrix is not numerically positive definite. */
function kernel(b: ContextBatch, ops: BatchOps, sigma: number): FitResult | null {
  const { n, d, x: X, z: Z } = b;
  const p = d + 1;
  const K = new Float64Array(n * n);
  // Stryker disable next-line EqualityOperator: extra write falls past the end (dropped) (docs/equivalent-mutants.md)
  for (let mu = 0; mu < n; mu++) {
    for (let nu = 0; nu <= mu; nu++) {
      let xx = 0;
      for (let i = 0; i < d; i++) xx += X[mu * d + i]! * X[nu * d + i]!;
      let zz = 0;
      for (let a = 0; a < p; a++) zz += Z[mu * p + a]! * Z[nu * p + a]!;
      K[mu * n + nu] = xx * zz;
    }
    K[mu * n + mu] = K[mu * n + mu]! + sigma;
  }
  if (!cholesky(K, n)) return null;
  const c = b.y.slice();
  cholSolve(K, n, c);
  const gamma = new Float64Array(d * p);
  ops.accumulate(c, gamma);
  return { gamma, solver: 'kernel', iterations: 0, relResidual: dualResidual(b, ops, sigma, c) };
}

/**
 * Preconditioned conjugate gradients for A u = rhs. `apply` computes A v; `precond` maps a residual
 * to its preconditioned direction. Stops at relative residual `tol` (confirmed by recomputing the
 * true residual, so drift of the recursion cannot fake convergence; the returned residual is then the
 * true one) or when the residual has not improved tenfold in 100 iterations (stall).
 */
function cg(
  size: number,
  rhsVec: Float64Array,
  apply: (v: Float64Array, out: Float64Array) => void,
  precond: (r: Float64Array, out: Float64Array) => void,
  tol: number,
  maxIter: number,
): { u: Float64Array; iterations: number; relResidual: number } {
  const u = new Float64Array(size);
  const r = rhsVec.slice();
  const zv = new Float64Array(size);
  const q = new Float64Array(size);
  const bNorm = Math.sqrt(dot(rhsVec, rhsVec));
  if (bNorm === 0) return { u, iterations: 0, relResidual: 0 };
  precond(r, zv);
  const pv = zv.slice();
  let rz = dot(r, zv);
  let it = 0;
  let best = 1;
  let bestAt = 0;
  let rel = 1;
  while (it < maxIter) {
    apply(pv, q);
    const pq = dot(pv, q);
    // Stryker disable next-line EqualityOperator,ConditionalExpression: pq is never 0 here (docs/equivalent-mutants.md)
    if (!(pq > 0)) break;
    const step = rz / pq;
    // Stryker disable next-line EqualityOperator: extra write falls past the end (dropped) (docs/equivalent-mutants.md)
    for (let i = 0; i < size; i++) {
      u[i] = u[i]! + step * pv[i]!;
      r[i] = r[i]! - step * q[i]!;
    }
    it++;
    rel = Math.sqrt(dot(r, r)) / bNorm;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: checks: speed only (docs/equivalent-mutants.md)
    if (rel <= tol) {
      // Replace the recursive residual by the true one; continue if it was optimistic.
      apply(u, q);
      // Stryker disable next-line EqualityOperator,ConditionalExpression: same to rounding (docs/equivalent-mutants.md)
      for (let i = 0; i < size; i++) r[i] = rhsVec[i]! - q[i]!;
      rel = Math.sqrt(dot(r, r)) / bNorm;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: same to rounding (docs/equivalent-mutants.md)
      if (rel <= tol) break;
    }
    // The stall rule: give up after 100 steps without a tenfold gain. It only decides when CG gives up on a
    // solve that is not converging; the result is then the fallback or the DomainError either way.
    // Stryker disable next-line ArithmeticOperator,EqualityOperator: converges: no give-up (docs/equivalent-mutants.md)
    // Stryker disable next-line ConditionalExpression: always: no give-up; never: killed (docs/equivalent-mutants.md)
    const gained = rel < best / 10;
    // Stryker disable next-line ConditionalExpression,BlockStatement: never gives up here (docs/equivalent-mutants.md)
    if (gained) {
      best = rel;
      bestAt = it;
    }
    // Stryker disable next-line EqualityOperator,ConditionalExpression: same fallback path (docs/equivalent-mutants.md)
    // Stryker disable next-line LogicalOperator: same fallback or error, or maxIter first (docs/equivalent-mutants.md)
    if (!gained && it - bestAt > 100) break;
    precond(r, zv);
    const rzNew = dot(r, zv);
    const beta = rzNew / rz;
    rz = rzNew;
    // Stryker disable next-line EqualityOperator: extra write falls past the end (dropped) (docs/equivalent-mutants.md)
    for (let i = 0; i < size; i++) pv[i] = zv[i]! + beta * pv[i]!;
  }
  return { u, iterations: it, relResidual: rel };
}

/**
 * The lower triangle of ZᵀZ/d for n rows of length p. Four rows per pass, so each entry of the result is
 * loaded and stored once per four rows: at d = 128, τ = 10 the one-row loop took a tenth of the fit.
 */
export function gramOverD(Z: Float64Array, n: number, p: number, d: number): Float64Array {
  const C = new Float64Array(p * p);
  const n4 = n - (n % 4);
  for (let mu = 0; mu < n4; mu += 4) {
    const o0 = mu * p;
    const o1 = o0 + p;
    const o2 = o1 + p;
    const o3 = o2 + p;
    // Stryker disable next-line EqualityOperator: extra write: past end or unread triangle (docs/equivalent-mutants.md)
    for (let a = 0; a < p; a++) {
      const z0 = Z[o0 + a]!;
      const z1 = Z[o1 + a]!;
      const z2 = Z[o2 + a]!;
      const z3 = Z[o3 + a]!;
      const row = a * p;
      for (let c = 0; c <= a; c++)
        C[row + c] = C[row + c]! + (z0 * Z[o0 + c]! + z1 * Z[o1 + c]! + (z2 * Z[o2 + c]! + z3 * Z[o3 + c]!));
    }
  }
  for (let mu = n4; mu < n; mu++) {
    const o = mu * p;
    // Stryker disable next-line EqualityOperator: extra write: past end or unread triangle (docs/equivalent-mutants.md)
    for (let a = 0; a < p; a++) {
      const za = Z[o + a]!;
      for (let c = 0; c <= a; c++) C[a * p + c] = C[a * p + c]! + za * Z[o + c]!;
    }
  }
  // Stryker disable next-line ArithmeticOperator: preconditioner quality only (docs/equivalent-mutants.md)
  for (let i = 0; i < C.length; i++) C[i] = C[i]! / d;
  return C;
}

function pcg(b: ContextBatch, ops: BatchOps, sigma: number, tol: number, maxIter: number): FitResult {
  const { n, d, z: Z } = b;
  const p = d + 1;
  // C = ZᵀZ/d + σI, factored once.
  const C = gramOverD(Z, n, p, d);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: preconditioner only (docs/equivalent-mutants.md)
  // Stryker disable next-line ArithmeticOperator: σ changes the preconditioner only (docs/equivalent-mutants.md)
  for (let a = 0; a < p; a++) C[a * p + a] = C[a * p + a]! + sigma;
  // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable: C is SPD (docs/equivalent-mutants.md)
  if (!cholesky(C, p)) throw new Error('pcg: the preconditioner Z^T Z/d is singular');
  const scratch = new Float64Array(n);
  const B = rhs(b, ops);
  const res = cg(
    d * p,
    B,
    (v, out) => applyNormal(ops, v, sigma, out, scratch),
    (r, out) => {
      out.set(r);
      // Stryker disable next-line EqualityOperator: i = d solves past the end: dropped (docs/equivalent-mutants.md)
      for (let i = 0; i < d; i++) cholSolve(C, p, out, i * p);
    },
    tol,
    maxIter,
  );
  return { gamma: res.u, solver: 'pcg', iterations: res.iterations, relResidual: res.relResidual };
}

function dualCg(b: ContextBatch, ops: BatchOps, sigma: number, tol: number, maxIter: number): FitResult {
  const { n, d, x: X, z: Z } = b;
  const p = d + 1;
  const diag = new Float64Array(n);
  // The Jacobi scaling changes the speed only, and little at the tested sizes (d = 10, n = 80: 106 steps
  // with it, 123 without); the solution is the same.
  // Stryker disable next-line EqualityOperator: extra write falls past the end (dropped) (docs/equivalent-mutants.md)
  for (let mu = 0; mu < n; mu++) {
    let xx = 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: Jacobi scaling (docs/equivalent-mutants.md)
    // Stryker disable next-line AssignmentOperator: Jacobi scaling only (docs/equivalent-mutants.md)
    for (let i = 0; i < d; i++) xx += X[mu * d + i]! ** 2;
    let zz = 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: Jacobi scaling (docs/equivalent-mutants.md)
    // Stryker disable next-line AssignmentOperator: Jacobi scaling only (docs/equivalent-mutants.md)
    for (let a = 0; a < p; a++) zz += Z[mu * p + a]! ** 2;
    // Stryker disable next-line ArithmeticOperator: Jacobi scaling only (docs/equivalent-mutants.md)
    diag[mu] = xx * zz + sigma;
  }
  const G = new Float64Array(d * p);
  const res = cg(
    n,
    b.y,
    (v, out) => applyKernel(ops, v, sigma, out, G),
    (r, out) => {
      // Stryker disable next-line EqualityOperator: extra write past the end (dropped) (docs/equivalent-mutants.md)
      for (let i = 0; i < n; i++) out[i] = r[i]! / diag[i]!;
    },
    tol,
    maxIter,
  );
  const gamma = new Float64Array(d * p);
  ops.accumulate(res.u, gamma);
  return { gamma, solver: 'dual-cg', iterations: res.iterations, relResidual: res.relResidual };
}
