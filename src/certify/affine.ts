// Affine forms over a parameter box: a quantity as c + Σᵢ gᵢξᵢ + e with ξᵢ ∈ [−1, 1] the box's sides
// rescaled (pᵢ = midᵢ + radᵢξᵢ) and |e| ≤ r. Plain interval evaluation forgets that two intermediate
// quantities move together with the same parameter; an affine form keeps the first-order dependence on
// each parameter, so a difference of correlated terms cancels (docs/certify.md). The theory's formulas
// run on it unchanged, through `Ctx<Affine>`.
//
// Rigour: the coefficients are intervals evaluated with outward rounding, and the meaning of a form is
// "for every point of the box there are c' ∈ c, gᵢ' ∈ gᵢ, |e| ≤ r with value = c' + Σ gᵢ'ξᵢ + e". Each
// operation keeps that true: products bound their second-order part by the product of the two forms'
// radii; 1/b and √b are linearized at a point t₀ with their exact Taylor remainder enclosed over the range
// of b. After each operation the widths of c and gᵢ are moved into r (|ξᵢ| ≤ 1), so coefficients stay
// points.
import type { Ctx } from '../numeric/context.js';
import { PARAM_NAMES } from '../theory/params.js';
import type { Box } from './box.js';
import * as I from './interval.js';
import { ENTIRE, iv, type Interval } from './interval.js';

export interface Affine {
  readonly c: Interval;
  readonly g: readonly Interval[];
  /** Bound on the nonlinear and rounding part, ≥ 0 (Infinity: nothing is known). */
  readonly r: number;
}

const N = PARAM_NAMES.length;
const ZERO = iv(0);
const ZEROS: readonly Interval[] = Array.from({ length: N }, () => ZERO);
/** Nothing known. */
export const TOP: Affine = { c: ZERO, g: ZEROS, r: Infinity };
const ONE = iv(1);
const SYM = iv(-1, 1);

/** Upper bound of a sum or product of non-negative bounds, as an interval operation (NaN-safe). */
const upAdd = (a: number, b: number): number => I.add(iv(a), iv(b)).hi;
const upMul = (a: number, b: number): number => I.mul(iv(a), iv(b)).hi;
const mag = (a: Interval): number => Math.max(Math.abs(a.lo), Math.abs(a.hi));

/** Moves the widths of c and gᵢ into r, leaving point coefficients. */
function normalize(c: Interval, g: readonly Interval[], r: number): Affine {
  if (!I.isBounded(c) || !(r < Infinity) || !g.every(I.isBounded)) return TOP;
  let rr = r;
  const point = (a: Interval): Interval => {
    if (a.lo === a.hi) return a;
    const m = I.mid(a);
    rr = upAdd(rr, Math.max(I.sub(iv(a.hi), iv(m)).hi, I.sub(iv(m), iv(a.lo)).hi));
    return iv(m);
  };
  const cc = point(c);
  const gg = g.map(point);
  return Number.isNaN(rr) ? TOP : { c: cc, g: gg, r: rr };
}

export const constant = (v: Interval): Affine => (I.isBounded(v) ? normalize(v, ZEROS, 0) : TOP);

/** Every value the form takes on the box. */
export function range(a: Affine): Interval {
  if (!(a.r < Infinity)) return ENTIRE;
  let out = a.r === 0 ? a.c : I.add(a.c, iv(-a.r, a.r));
  for (const gi of a.g) if (gi.lo !== 0 || gi.hi !== 0) out = I.add(out, I.mul(gi, SYM));
  return out;
}

/** Σ|gᵢ| + r: the largest distance of the form from c. */
const radius = (a: Affine): number => a.g.reduce((s, gi) => upAdd(s, mag(gi)), a.r);

/** The box's sides as forms: pᵢ = midᵢ + radᵢξᵢ (the rounded midpoint, the radius rounded up). */
export function variables(box: Box): Record<(typeof PARAM_NAMES)[number], Affine> {
  return Object.fromEntries(
    PARAM_NAMES.map((k, j) => {
      const s = box[k];
      if (s.lo === s.hi) return [k, constant(s)];
      const m = s.lo / 2 + s.hi / 2;
      const rad = Math.max(I.sub(iv(s.hi), iv(m)).hi, I.sub(iv(m), iv(s.lo)).hi);
      return [k, { c: iv(m), g: ZEROS.map((z, i) => (i === j ? iv(rad) : z)), r: 0 }];
    }),
  ) as unknown as Record<(typeof PARAM_NAMES)[number], Affine>;
}

function add(a: Affine, b: Affine): Affine {
  return normalize(
    I.add(a.c, b.c),
    a.g.map((gi, i) => I.add(gi, b.g[i]!)),
    upAdd(a.r, b.r),
  );
}

const neg = (a: Affine): Affine => ({ c: I.neg(a.c), g: a.g.map(I.neg), r: a.r });

function mul(a: Affine, b: Affine): Affine {
  const g = a.g.map((gi, i) => I.add(I.mul(a.c, b.g[i]!), I.mul(b.c, gi)));
  const r = upAdd(upMul(radius(a), radius(b)), upAdd(upMul(mag(a.c), b.r), upMul(mag(b.c), a.r)));
  return normalize(I.mul(a.c, b.c), g, r);
}

/** A point t₀ of `b`'s range (its centre value when inside), nonzero on the side of the range. */
function expansionPoint(b: Affine, B: Interval): number {
  const t = I.mid(b.c);
  return t > B.lo && t < B.hi && t !== 0 ? t : I.mid(B);
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
  isZero: (a) => a.r === 0 && a.c.lo === 0 && a.c.hi === 0 && a.g.every((gi) => gi.lo === 0 && gi.hi === 0),
  isFinite: (a) => I.isBounded(range(a)),
  isNaN: () => false,
  toNumber: (a) => I.mid(a.c),
  toString: (a) => I.show(range(a)),
};
