// Gradient arithmetic on intervals (forward-mode differentiation with interval values and partial
// derivatives) and the mean-value form it gives: f(P) ⊂ f(c) + Σᵢ ∂ᵢf(P)·(Pᵢ − cᵢ), whose overestimation
// shrinks like the square of the box, where plain interval evaluation's shrinks only like the box
// (docs/certify.md). The theory's formulas run on it unchanged, through `Ctx<Grad>`.
import type { Ctx } from '../numeric/context.js';
import { PARAM_NAMES } from '../theory/params.js';
import type { Box } from './box.js';
import * as I from './interval.js';
import { ENTIRE, iv, type Interval } from './interval.js';

/** A value and its partial derivatives in the five parameters (PARAM_NAMES order), all enclosed. */
export interface Grad {
  readonly v: Interval;
  readonly d: readonly Interval[];
}

const N = PARAM_NAMES.length;
const ZERO = iv(0);
const zeros: readonly Interval[] = Array.from({ length: N }, () => ZERO);
const map = (f: (i: number) => Interval): Interval[] => Array.from({ length: N }, (_, i) => f(i));

export const constant = (v: Interval): Grad => ({ v, d: zeros });

/** The box's sides as the independent variables. */
export const variables = (box: Box): Record<(typeof PARAM_NAMES)[number], Grad> =>
  Object.fromEntries(
    PARAM_NAMES.map((k, j) => [k, { v: box[k], d: map((i) => (i === j ? iv(1) : ZERO)) }]),
  ) as unknown as Record<(typeof PARAM_NAMES)[number], Grad>;

function mul(a: Grad, b: Grad): Grad {
  return { v: I.mul(a.v, b.v), d: map((i) => I.add(I.mul(a.d[i]!, b.v), I.mul(a.v, b.d[i]!))) };
}

function div(a: Grad, b: Grad): Grad {
  const v = I.div(a.v, b.v);
  return { v, d: map((i) => I.div(I.sub(a.d[i]!, I.mul(v, b.d[i]!)), b.v)) };
}

function sqrt(a: Grad): Grad {
  const v = I.sqrt(a.v);
  const twice = I.mul(iv(2), v);
  return { v, d: map((i) => I.div(a.d[i]!, twice)) };
}

function abs(a: Grad): Grad {
  if (a.v.lo >= 0) return a;
  if (a.v.hi <= 0) return { v: I.neg(a.v), d: a.d.map(I.neg) };
  return { v: I.abs(a.v), d: a.d.map((x) => I.hull(x, I.neg(x))) };
}

/** The theory's formulas with derivatives; comparisons and tests read the value, as `ivCtx` does. */
export const gradCtx: Ctx<Grad> = {
  name: 'interval-gradient',
  digits: 15.95,
  eps: constant(iv(2 ** -53)),
  num: (v) => constant(I.ivCtx.num(v)),
  add: (a, b) => ({ v: I.add(a.v, b.v), d: map((i) => I.add(a.d[i]!, b.d[i]!)) }),
  sub: (a, b) => ({ v: I.sub(a.v, b.v), d: map((i) => I.sub(a.d[i]!, b.d[i]!)) }),
  mul,
  div,
  neg: (a) => ({ v: I.neg(a.v), d: a.d.map(I.neg) }),
  sqrt,
  abs,
  lt: (a, b) => I.lt(a.v, b.v) === true,
  isZero: (a) => a.v.lo === 0 && a.v.hi === 0,
  isFinite: (a) => I.isBounded(a.v),
  isNaN: () => false,
  toNumber: (a) => I.mid(a.v),
  toString: (a) => I.show(a.v),
};

/**
 * The mean-value form of f over `box`: `atCentre` encloses f at the box's centre (the midpoints of its
 * sides), `g` encloses f and its gradient over the whole box.
 */
export function meanValue(box: Box, atCentre: Interval, g: Grad): Interval {
  let out = atCentre;
  PARAM_NAMES.forEach((k, i) => {
    const s = box[k];
    if (s.lo === s.hi) return;
    const c = s.lo / 2 + s.hi / 2;
    out = I.add(out, I.mul(g.d[i]!, I.sub(s, iv(c))));
  });
  return out;
}

/** The tighter of two enclosures of the same quantity (their intersection; the whole line if disjoint, which a correct evaluation never gives). */
export const tighter = (a: Interval, b: Interval): Interval => I.intersect(a, b) ?? ENTIRE;
