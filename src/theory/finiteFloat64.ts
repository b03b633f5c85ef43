// The finite-α, finite-τ errors in float64 as one straight-line function over plain numbers: the
// formulas of resolvent.ts (M_κ), selfConsistency.ts (ε: the ridgeless branches and the bracketed
// Newton solve as `solveBracketed` runs it in float64) and errors.ts (`unifiedErrors`), with every
// operation in the same order, so each result is the same double as `evaluate(fp, p)` gives
// (test/theory-finite-float64.test.ts holds them equal bit for bit on 10⁵ random points). The generic
// formulas stay the source of truth; this copy exists because a grid of 10⁶ points spends most of its
// first pass in the context's small calls and the objects they return, before V8 has optimized them.
// A point this path does not settle (a limit, outside the domain or the float64 box, a failed solve)
// returns false, and the caller goes to `evaluate`, which computes it or throws its DomainError.
import { fault } from '../numeric/faults.js';
import { float64Box } from './evaluate.js';
import type { Params } from './params.js';

/** Slots of the output array. */
export const EPSILON = 0;
export const E_ICL = 1;
export const E_IDG = 2;
export const G_TASK = 3;

const TOL = 16 * 2 ** -53;
const EPS = 2 ** -53;

/** M_κ(x) (resolvent.ts), NaN where M throws (the caller then takes the generic path). */
function resolvent(ik: number, omk: number, x: number): number {
  if (x < 0 || Number.isNaN(x)) return NaN;
  const b = x + omk;
  if (x === 0 && !(0 < b)) return NaN;
  const ikx = ik * x;
  const root = Math.sqrt(b * b + 4 * ikx);
  return b < 0 ? (root - b) / (ikx + ikx) : 2 / (b + root);
}

/** The positive root of a e² − b e − k = 0 (selfConsistency.ts). */
function quadraticRoot(a: number, b: number, k: number): number {
  const root = Math.sqrt(b * b + 4 * (a * k));
  if (!(b < 0)) return (b + root) / (a + a);
  return (k + k) / (root - b);
}

const midpoint = (a: number, b: number): number => (a + a < b ? Math.sqrt(a) * Math.sqrt(b) : (a + b) / 2);

/**
 * ε for λ > 0 as `solveBracketed(fp, …)` finds it, into out[EPSILON] (a double returned from a call
 * that is not inlined is boxed); NaN where that throws.
 */
function solve(
  kappa: number,
  ik: number,
  omk: number,
  x: number,
  tau: number,
  lambda: number,
  out: Float64Array,
): void {
  out[EPSILON] = NaN;
  const tl0 = tau * lambda;
  const lo = quadraticRoot(tau, (1 - tau) * x + tl0, tl0 * x);
  const x1 = 1 + x;
  const hi = quadraticRoot(tau, (1 - tau) * x1 + tl0, tl0 * x1);
  if (!(0 < lo) || !Number.isFinite(hi)) return;
  if (!(lo < hi)) {
    out[EPSILON] = lo;
    return;
  }
  // solveBracketed's (a, b) = (0, ∞) narrowed to the bracket: 0 < lo < hi < ∞ here.
  let a = lo;
  let b = hi;
  let e = midpoint(a, b);
  let prev = -0.5; // no previous step (a double from the start, so the loop's variables stay unboxed)
  const finiteKappa = Number.isFinite(kappa);
  for (let iter = 0; iter < 4000; iter++) {
    // residual(): g and its elasticity, the form with the smallest terms.
    const nu = x + e;
    const m = resolvent(ik, omk, nu);
    const onePlus = 1 + ik * m;
    const S = 1 + ik * (nu * (m * m));
    const P = m / onePlus;
    const mp = -((m * m * onePlus) / S);
    const tl = (tau * lambda) / e;
    const em = e * m;
    const xm = x * m;
    const omt = 1 - tau;
    let g = em - omt - tl;
    let size = em + Math.abs(omt);
    const size2 = tau + (P + xm);
    if (size2 < size) {
      g = tau - (P + xm + tl);
      size = size2;
    }
    if (finiteKappa) {
      const tmk = tau - kappa;
      const ak = kappa / (1 + ik * m);
      if (Math.abs(tmk) + (ak + xm) < size) g = tmk + ak - (xm + tl);
    }
    const edg = e * (m + e * mp) + tl;
    if (Number.isNaN(g) || Number.isNaN(edg)) return;
    if (g === 0) {
      out[EPSILON] = e;
      return;
    }
    if (g < 0) a = e;
    else b = e;
    const relStep = g / edg;
    const step = e * relStep;
    const rel = Math.abs(relStep);
    if (!(TOL < rel)) {
      out[EPSILON] = e - step;
      return;
    }
    if (prev >= 0 && rel < prev && rel < 1e-3 && !(EPS < (rel * (rel * rel)) / (prev * prev))) {
      out[EPSILON] = e - step;
      return;
    }
    let next = e - step;
    if (!(a < next && next < b)) next = midpoint(a, b);
    if (!(TOL * b < b - a)) {
      out[EPSILON] = midpoint(a, b);
      return;
    }
    prev = rel;
    e = next;
  }
}

/**
 * The errors at p into out (EPSILON, E_ICL, E_IDG, G_TASK) when α and τ are finite and p is inside the
 * domain and the float64 box; false otherwise, for the caller to use `evaluate`.
 */
export function finiteFloat64(p: Params<number>, out: Float64Array): boolean {
  const { alpha, kappa, tau, rho, lambda } = p;
  if (
    !(alpha > 0 && alpha < Infinity && kappa > 0 && tau > 0 && tau < Infinity) ||
    !(rho >= 0 && rho < Infinity && lambda >= 0 && lambda < Infinity) ||
    (lambda === 0 && tau === 1) ||
    p.tauPerAlpha !== undefined ||
    !float64Box(p)
  )
    return false;
  const finiteKappa = Number.isFinite(kappa);
  const ik = finiteKappa ? 1 / kappa : 0;
  const omk = finiteKappa ? (kappa - 1) / kappa : 1;
  const x = (1 + rho) / alpha;
  let eps: number;
  if (lambda !== 0) {
    solve(kappa, ik, omk, x, tau, lambda, out);
    eps = out[EPSILON]!;
  } else if (tau < 1) {
    // ridgelessEpsilon: M of κ/τ
    const rik = finiteKappa ? tau / kappa : 0;
    const romk = finiteKappa ? (kappa - tau) / kappa : 1;
    eps = (1 - tau) / (tau * resolvent(rik, romk, x));
  } else eps = 0;
  // errorTerms and unifiedErrors
  const nu = x + eps;
  const m = resolvent(ik, omk, nu);
  if (Number.isNaN(eps) || Number.isNaN(m)) return false;
  const onePlus = 1 + ik * m;
  const S = 1 + ik * (nu * (m * m));
  const P = m / onePlus;
  const numr = nu * m;
  const t3 = (ik * (numr * numr * (m * P))) / S;
  const xm = x * m;
  const Q = P * P + t3;
  const mEpsMp = (m * (P + (xm + ik * (xm * m)))) / S;
  const numer = (fault('numer-rho-sign') ? -rho : rho) + (x * P + (eps * (numr * P)) / S);
  const denom = eps === 0 ? tau - 1 + eps * (m + mEpsMp) : (tau * lambda) / eps + eps * mEpsMp;
  const idgPerTau = numer / denom;
  const eICL = rho + numr * numr + (t3 + x * Q) + (1 + x) * idgPerTau * mEpsMp;
  const eIDG0 = tau * idgPerTau;
  const eIDG = fault('idg-0.99') ? eIDG0 * 0.99 : eIDG0;
  out[EPSILON] = eps;
  out[E_ICL] = eICL;
  out[E_IDG] = eIDG;
  out[G_TASK] = finiteKappa ? eICL - eIDG : 0;
  return true;
}
