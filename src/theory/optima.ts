// Optima of the asymptotic errors, each located by the sign change of its exact derivative
// (derivatives.ts) inside a bracket whose end signs are verified at the working precision:
//   λ*(α, κ, τ, ρ): the minimiser of e^ICL over λ >= 0 (0 when e^ICL rises from λ = 0; ∞ when it still
//                   falls at the end of the scan, toward its λ → ∞ value 1 + ρ);
//   α*(κ, τ, ρ, λ): an interior minimiser in α of e^ICL (or e^IDG) where the curve is non-monotone
//                   (Figures 2 and 3 of the paper), or the statement that the scan found none.
// A float64 scan on a log grid finds the candidate (the global minimum over the grid); bisection on the
// derivative's sign then narrows [lo, hi] until both ends agree to the requested digits, and the signs at
// the final ends are evaluated again at 10 more digits. The minimum is certified local: the bracket holds a
// sign change of the derivative; it is the global one over the scanned range, not over (0, ∞).
// docs/theory.md states no limit of λ* or α* (e.g. as α → ∞), so none is encoded here.
import type { Decimal } from 'decimal.js';
import { fp, mp, type Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import { logspace } from './grid.js';
import { derivatives } from './derivatives.js';
import { evaluate } from './evaluate.js';
import type { Params } from './params.js';

/** Which error an optimum minimises. */
export type Quantity = 'eICL' | 'eIDG';

export interface Optimum {
  /** interior: a certified bracket; zero / infinity: the minimum is at that end of the range; none: no interior minimum. */
  kind: 'interior' | 'zero' | 'infinity' | 'none';
  /** The optimum to the requested digits (decimal string; '0', 'inf', or '' for none). */
  value: string;
  /** The certified bracket [lo, hi] (interior only): the derivative is < 0 at lo and > 0 at hi. */
  lo?: string;
  hi?: string;
  /** The minimised error at the optimum (its limit at 'infinity'), to the requested digits. */
  error?: string;
  /** What the answer means, in one line. */
  note: string;
}

/** Where the scans look (log-spaced, points per decade). */
export const LAMBDA_SCAN = { lo: 1e-8, hi: 1e8, perDecade: 4 };
export const ALPHA_SCAN = { lo: 1e-3, hi: 1e6, perDecade: 8 };

type Axis = 'lambda' | 'alpha';
type Fixed = Omit<Params<string>, 'lambda' | 'alpha'> & Partial<Params<string>>;

const at = <T>(c: Ctx<T>, base: Fixed, axis: Axis, v: T): Params<T> => ({
  alpha: axis === 'alpha' ? v : c.num(base.alpha!),
  kappa: c.num(base.kappa),
  tau: c.num(base.tau),
  rho: c.num(base.rho),
  lambda: axis === 'lambda' ? v : c.num(base.lambda!),
});

const slope = <T>(c: Ctx<T>, base: Fixed, axis: Axis, q: Quantity, v: T): T =>
  derivatives(c, at(c, base, axis, v), axis)[q];

/** Bisects [lo, hi] (slope < 0 at lo, > 0 at hi) until both ends round to the same `digits` digits. */
// In float64 the derivative near its root is rounding noise, so bisection is always done 10 digits above
// the digits asked for (float64 output: 17 digits, printed as the nearest double).
function refine(base: Fixed, axis: Axis, q: Quantity, lo0: number, hi0: number, digits: number | null): Optimum {
  const sig = digits ?? 17;
  const c = mp(sig + 10);
  let lo: Decimal = c.num(lo0);
  let hi: Decimal = c.num(hi0);
  const zero = c.num(0);
  const show = (v: Decimal) => (digits === null ? String(v.toNumber()) : c.toString(v, sig));
  for (let i = 0; i < 4000; i++) {
    if (c.toString(lo, sig) === c.toString(hi, sig)) break;
    // geometric midpoint while the bracket spans a factor over 2, else arithmetic
    const mid = c.lt(c.add(lo, lo), hi) ? c.sqrt(c.mul(lo, hi)) : c.div(c.add(lo, hi), c.num(2));
    if (c.lt(slope(c, base, axis, q, mid), zero)) lo = mid;
    else hi = mid;
  }
  // The end signs again, 10 digits above the working precision (float64: at 30 digits).
  const check = mp(sig + 20);
  const sLo = slope(check, base, axis, q, check.num(c.toString(lo)));
  const sHi = slope(check, base, axis, q, check.num(c.toString(hi)));
  // (at λ = 0 the lower end's slope is negative by the scan; 0 stays 0 in every context)
  if (!(sLo.isNegative() && sHi.isPositive()))
    throw new Error(`optimum: the bracket's end signs did not hold at ${check.digits} digits (${sLo}, ${sHi})`);
  const mid = c.div(c.add(lo, hi), c.num(2));
  const e = evaluate(c, at(c, base, axis, mid))[q];
  return {
    kind: 'interior',
    value: show(mid),
    lo: c.toString(lo),
    hi: c.toString(hi),
    error: show(e),
    note:
      `${q} has a local minimum in ${axis} inside [lo, hi] (d${q}/d${axis} < 0 at lo, > 0 ` +
      `at hi, checked at ${check.digits} digits); the lowest over the scanned ${axis} range`,
  };
}

const scanPoints = (s: { lo: number; hi: number; perDecade: number }): number[] =>
  logspace(s.lo, s.hi, Math.round(Math.log10(s.hi / s.lo) * s.perDecade) + 1);

/** λ*: the minimiser of e^ICL over λ >= 0 at α, κ, τ (finite), ρ. `digits` null: float64. */
export function optimalLambda(base: Omit<Params<string>, 'lambda'>, digits: number | null = null): Optimum {
  const fixed: Fixed = { ...base, lambda: '0' };
  const q: Quantity = 'eICL';
  const p0 = at(fp, fixed, 'lambda', 0);
  if (!fp.isFinite(p0.alpha) || !fp.isFinite(p0.tau))
    throw new DomainError(!fp.isFinite(p0.alpha) ? 'alpha' : 'tau', 'finite for the optimal lambda', 'inf');
  const f = (l: number) => evaluate(fp, at(fp, fixed, 'lambda', l)).eICL;
  // λ = 0 is a candidate unless τ = 1, where the ridgeless error diverges
  let zeroOk = true;
  try {
    f(0);
  } catch (err) {
    if (!(err instanceof DomainError) || err.parameter !== 'tau') throw err;
    zeroOk = false;
  }
  const L = [...(zeroOk ? [0] : []), ...scanPoints(LAMBDA_SCAN)];
  const values = L.map(f);
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! < values[best]!) best = i;
  const w = digits === null ? fp : mp(digits + 10);
  const errorAt = (l: number | string): string => {
    const v = evaluate(w as Ctx<unknown>, at(w as Ctx<unknown>, fixed, 'lambda', (w as Ctx<unknown>).num(l)))[q];
    return digits === null ? (w as Ctx<unknown>).toString(v) : (w as Ctx<unknown>).toString(v, digits);
  };
  const check = mp(digits === null ? 30 : digits + 20);
  if (L[best] === 0 && !slope(check, fixed, 'lambda', q, check.num(0)).isNegative())
    return {
      kind: 'zero',
      value: '0',
      error: errorAt(0),
      note:
        `lambda* = 0 (ridgeless): de/dlambda >= 0 at lambda = 0 (checked at ${check.digits} ` +
        `digits) and no lower e^ICL on the scan to lambda = ${LAMBDA_SCAN.hi}`,
    };
  if (best === L.length - 1)
    return {
      kind: 'infinity',
      value: 'inf',
      error: errorAt(L[best]!),
      note:
        `e^ICL is lowest at the end of the scan, lambda = ${LAMBDA_SCAN.hi} (the value ` +
        `given): the minimum is at the boundary lambda -> inf, where e^ICL -> 1 + rho`,
    };
  // λ = 0 with a negative slope is a lower end; otherwise the scan's neighbours of the lowest point
  const lo = L[best] === 0 ? 0 : L[best - 1]!;
  const hi = L[best + 1]!;
  if (!(slope(fp, fixed, 'lambda', q, lo) < 0 && slope(fp, fixed, 'lambda', q, hi) > 0))
    throw new Error(`optimal lambda: no sign change of de/dlambda around the scan's lowest point ${L[best]}`);
  return refine(fixed, 'lambda', q, lo, hi, digits);
}

/** α*: an interior minimiser in α of e^ICL (or e^IDG) at κ, τ (finite), ρ, λ, or the answer that the scan has none. */
export function alphaStar(
  base: Omit<Params<string>, 'alpha'>,
  digits: number | null = null,
  q: Quantity = 'eICL',
): Optimum {
  const fixed: Fixed = { ...base, alpha: '1' };
  const grid = scanPoints(ALPHA_SCAN);
  const values = grid.map((a) => evaluate(fp, at(fp, fixed, 'alpha', a))[q]);
  // interior local minima of the scan: a fall then a rise, each beyond float64 rounding of the values
  const tol = (v: number) => 1e-12 * Math.abs(v);
  const minima: number[] = [];
  for (let i = 1; i < grid.length - 1; i++) {
    const v = values[i]!;
    if (values[i - 1]! - v > tol(v) && values[i + 1]! - v > tol(v)) minima.push(i);
  }
  if (minima.length === 0) {
    const falling = values[values.length - 1]! < values[0]!;
    return {
      kind: 'none',
      value: '',
      note:
        `no alpha* here: ${q} has no interior minimum on alpha in [${ALPHA_SCAN.lo}, ${ALPHA_SCAN.hi}] ` +
        `(${ALPHA_SCAN.perDecade} points per decade); it ${falling ? 'falls' : 'rises'} ` +
        `overall from ${values[0]} to ${values[values.length - 1]}`,
    };
  }
  const best = minima.reduce((b, i) => (values[i]! < values[b]! ? i : b));
  const [lo, hi] = [grid[best - 1]!, grid[best + 1]!];
  if (!(slope(fp, fixed, 'alpha', q, lo) < 0 && slope(fp, fixed, 'alpha', q, hi) > 0))
    throw new Error(`alpha*: no sign change of d${q}/dalpha around the scan's lowest point ${grid[best]}`);
  const out = refine(fixed, 'alpha', q, lo, hi, digits);
  if (minima.length > 1) out.note += `; ${minima.length - 1} other local minimum(s) on the scan`;
  return out;
}
