// Affine forms over a parameter box: a quantity as c + Σᵢ gᵢξᵢ + e with ξᵢ ∈ [−1, 1] the box's sides
// rescaled (pᵢ = midᵢ + radᵢξᵢ) and |e| ≤ r. Plain interval evaluation forgets that two intermediate
// quantities move together with the same parameter; an affine form keeps the first-order dependence on
// each parameter, so a difference of correlated terms cancels (docs/certify.md). The theory's formulas
// run on it unchanged, through `Ctx<Affine>`.
//
// Rigour: c and gᵢ are doubles and r bounds everything else, including every rounding error: the
// meaning of a form is "for every point of the box there is |e| ≤ r with value = c + Σ gᵢξᵢ + e". A double
// operation errs by at most 2⁻⁵³ of its result (round to nearest) plus the smallest subnormal, so each
// product coefficient's rounding is added to r as |result|·2⁻⁵¹ + 2⁻¹⁰⁷⁴·4 (generous: a coefficient
// takes up to three operations); a sum's rounding error is computed exactly (two-sum), so that exact
// cancellations (ρ − ρ) leave nothing; and r itself, a sum and product of non-negative doubles, is inflated by (1 + 2⁻⁴⁰)
// (a relative error of 2⁻⁵³ per operation for fewer than 8000 operations). Products bound their
// second-order part by the product of the two forms' radii; 1/b and √b are linearized at a point t₀ with
// their exact Taylor remainder enclosed, in interval arithmetic, over the range of b.
import type { Ctx } from '../numeric/context.js';
import { PARAM_NAMES } from '../theory/params.js';
import type { Box } from './box.js';
import * as I from './interval.js';
import { ENTIRE, iv, type Interval } from './interval.js';

export interface Affine {
  readonly c: number;
  readonly g: readonly number[];
  /** Bound on the nonlinear and rounding part, ≥ 0 (Infinity: nothing is known). */
  readonly r: number;
}

const N = PARAM_NAMES.length;
const ZEROS: readonly number[] = Array.from({ length: N }, () => 0);
/** Nothing known. */
export const TOP: Affine = { c: 0, g: ZEROS, r: Infinity };
const ONE = iv(1);
const TINY = 4 * Number.MIN_VALUE;
const ROUND = 2 ** -51;
const INFLATE = 1 + 2 ** -40;

/** Rounding error bound of a coefficient computed as `v`. */
const err = (v: number): number => Math.abs(v) * ROUND + TINY;
/** An upward bound of a non-negative sum of bounds, NaN as Infinity. */
const up = (v: number): number => (Number.isNaN(v) ? Infinity : v * INFLATE + TINY);

function form(c: number, g: number[], r: number): Affine {
  if (!Number.isFinite(c) || !(r < Infinity) || !g.every(Number.isFinite)) return TOP;
  return { c, g, r };
}

/** The form of an interval: its midpoint, and its half-width (rounded up) in r. */
export function constant(v: Interval): Affine {
  if (!I.isBounded(v)) return TOP;
  if (v.lo === v.hi) return { c: v.lo, g: ZEROS, r: 0 };
  const m = I.mid(v);
  return form(m, [...ZEROS], up(Math.max(v.hi - m, m - v.lo) + err(v.hi) + err(v.lo)));
}

/** Σ|gᵢ| + r: the largest distance of the form from c. */
function radius(a: Affine): number {
  let s = a.r;
  for (const gi of a.g) s += Math.abs(gi);
  return up(s);
}

/** Every value the form takes on the box. */
export function range(a: Affine): Interval {
  if (!(a.r < Infinity)) return ENTIRE;
  const rad = radius(a);
  return rad === 0 ? iv(a.c) : I.add(iv(a.c), iv(-rad, rad));
}

/** The box's sides as forms: pᵢ = midᵢ + radᵢξᵢ, exactly (no remainder). */
export function variables(box: Box): Record<(typeof PARAM_NAMES)[number], Affine> {
  return Object.fromEntries(
    PARAM_NAMES.map((k, j) => {
      const s = box[k];
      if (s.lo === s.hi) return [k, constant(s)];
      const m = s.lo / 2 + s.hi / 2;
      // [m − rad, m + rad] contains the side (rad rounded up), so p = m + rad·ξ exactly for a ξ in [−1, 1].
      const rad = Math.max(I.sub(iv(s.hi), iv(m)).hi, I.sub(iv(m), iv(s.lo)).hi);
      return [
        k,
        form(
          m,
          ZEROS.map((z, i) => (i === j ? rad : z)),
          0,
        ),
      ];
    }),
  ) as unknown as Record<(typeof PARAM_NAMES)[number], Affine>;
}

/** The exact rounding error of s = fl(x + y) (Knuth's two-sum; exact for finite s). */
function sumError(x: number, y: number, s: number): number {
  const yy = s - x;
  return Math.abs(x - (s - yy) + (y - yy));
}

function add(a: Affine, b: Affine): Affine {
  const c = a.c + b.c;
  let r = a.r + b.r + sumError(a.c, b.c, c);
  const g = a.g.map((gi, i) => {
    const v = gi + b.g[i]!;
    r += sumError(gi, b.g[i]!, v);
    return v;
  });
  return form(c, g, up(r));
}

const neg = (a: Affine): Affine => ({ c: -a.c, g: a.g.map((gi) => -gi), r: a.r });

const isExactZero = (a: Affine): boolean => a.r === 0 && a.c === 0 && a.g.every((gi) => gi === 0);

function mul(a: Affine, b: Affine): Affine {
  // An exact zero times anything finite is an exact zero, whatever is known of the other factor.
  if (isExactZero(a) || isExactZero(b)) return { c: 0, g: ZEROS, r: 0 };
  const c = a.c * b.c;
  let r = radius(a) * radius(b) + Math.abs(a.c) * b.r + Math.abs(b.c) * a.r + err(c);
  const g = a.g.map((gi, i) => {
    const p = a.c * b.g[i]!;
    const q = b.c * gi;
    r += err(Math.abs(p) + Math.abs(q));
    return p + q;
  });
  return form(c, g, up(r));
}

/** A point t₀ of `b`'s range (its centre value when inside), nonzero on the side of the range. */
function expansionPoint(b: Affine, B: Interval): number {
  return b.c > B.lo && b.c < B.hi && b.c !== 0 ? b.c : I.mid(B);
}

/** 1/b = 1/t₀ − Δ/t₀² + Δ²/(t₀² b), Δ = b − t₀; the last term enclosed over b's range. */
function recip(b: Affine): Affine {
  const B = range(b);
  if (!I.isBounded(B) || !(B.lo > 0 || B.hi < 0)) return constant(I.div(ONE, B));
  const t0 = iv(expansionPoint(b, B));
  const delta = add(b, constant(I.neg(t0)));
  const inv = I.div(ONE, t0);
  const lin = add(constant(inv), mul(delta, constant(I.neg(I.sqr(inv)))));
  const rest = I.div(I.sqr(range(delta)), I.mul(I.sqr(t0), B));
  return add(lin, constant(rest));
}

/** √b = √t₀ + Δ/(2√t₀) − Δ²/(2√t₀(√b + √t₀)²), Δ = b − t₀; the last term enclosed over b's range. */
function sqrt(b: Affine): Affine {
  const B = range(b);
  if (!I.isBounded(B) || !(B.lo > 0)) return constant(I.sqrt(B));
  const t0 = iv(expansionPoint(b, B));
  const s0 = I.sqrt(t0);
  const delta = add(b, constant(I.neg(t0)));
  const lin = add(constant(s0), mul(delta, constant(I.div(ONE, I.mul(iv(2), s0)))));
  const rest = I.neg(I.div(I.sqr(range(delta)), I.mul(I.mul(iv(2), s0), I.sqr(I.add(I.sqrt(B), s0)))));
  return add(lin, constant(rest));
}

function abs(a: Affine): Affine {
  const A = range(a);
  if (A.lo >= 0) return a;
  if (A.hi <= 0) return neg(a);
  return constant(I.abs(A));
}

/** The theory's formulas on affine forms; comparisons read the ranges, true only when certain. */
export const affineCtx: Ctx<Affine> = {
  name: 'affine',
  digits: 15.95,
  eps: constant(iv(2 ** -53)),
  num: (v) => constant(I.ivCtx.num(v)),
  add,
  sub: (a, b) => add(a, neg(b)),
  mul,
  div: (a, b) => mul(a, recip(b)),
  neg,
  sqrt,
  abs,
  lt: (a, b) => I.lt(range(a), range(b)) === true,
  isZero: isExactZero,
  isFinite: (a) => I.isBounded(range(a)),
  isNaN: () => false,
  toNumber: (a) => a.c,
  toString: (a) => I.show(range(a)),
};
