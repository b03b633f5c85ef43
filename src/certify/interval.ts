// Interval arithmetic on float64 with outward rounding (docs/certify.md). An interval [lo, hi] encloses a
// real number; every operation returns an interval that encloses every result of the exact operation on
// members of its arguments. IEEE 754 round-to-nearest gives +, −, ×, ÷ and √ within half an ulp of the
// exact result, so each computed bound is moved one ulp outward (`down`, `up`): the exact result is then
// inside. A bound that would be NaN (∞ − ∞, 0 · ∞) becomes the infinite bound on its side, so the result
// is wider, never wrong; division by an interval that contains 0 gives the whole line (undecided).
import { Decimal } from 'decimal.js';
import type { Ctx } from '../numeric/context.js';
import { exactDecimal } from '../numeric/context.js';

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** Three-valued truth of a comparison of intervals. */
export type Truth = true | false | 'unknown';

const ULP_FACTOR = 2 ** -52;

/**
 * The largest double below x, or lower (x − |x|·2⁻⁵² is at least one ulp below x, and rounding to
 * nearest is monotone, so the rounded result is at most the predecessor of x). Multiplying by a power of
 * two is exact, so the step itself is not rounded; subnormals step by the smallest subnormal.
 */
export function down(x: number): number {
  if (x !== x) return -Infinity;
  if (x === Infinity) return Number.MAX_VALUE;
  if (x === -Infinity) return x;
  return x - Math.max(Math.abs(x) * ULP_FACTOR, Number.MIN_VALUE);
}

/** The smallest double above x, or higher (mirror of `down`). */
export function up(x: number): number {
  if (x !== x) return Infinity;
  if (x === -Infinity) return -Number.MAX_VALUE;
  if (x === Infinity) return x;
  return x + Math.max(Math.abs(x) * ULP_FACTOR, Number.MIN_VALUE);
}

export const ENTIRE: Interval = Object.freeze({ lo: -Infinity, hi: Infinity });

/** [lo, hi]; a NaN bound becomes the infinite bound on its side. */
export function iv(lo: number, hi: number = lo): Interval {
  const l = lo !== lo ? -Infinity : lo;
  const h = hi !== hi ? Infinity : hi;
  if (l > h) throw new RangeError(`interval with lo > hi: [${lo}, ${hi}]`);
  return { lo: l, hi: h };
}

/** The interval of a decimal string: the double itself when it is exact, else one ulp either side. */
export function fromDecimal(s: string): Interval {
  const n = Number(s);
  if (!Number.isFinite(n)) throw new RangeError(`not a finite decimal: '${s}'`);
  if (new Decimal(exactDecimal(n)).eq(new Decimal(s.trim()))) return iv(n);
  return iv(down(n), up(n));
}

export const width = (a: Interval): number => a.hi - a.lo;
export const mid = (a: Interval): number =>
  Number.isFinite(a.lo) && Number.isFinite(a.hi) ? a.lo / 2 + a.hi / 2 : a.lo === -Infinity ? a.hi : a.lo;
export const contains = (a: Interval, v: number): boolean => a.lo <= v && v <= a.hi;
export const subset = (a: Interval, b: Interval): boolean => b.lo <= a.lo && a.hi <= b.hi;
/** a inside the interior of b. */
export const interior = (a: Interval, b: Interval): boolean => b.lo < a.lo && a.hi < b.hi;
export const isBounded = (a: Interval): boolean => Number.isFinite(a.lo) && Number.isFinite(a.hi);
export const hull = (a: Interval, b: Interval): Interval => iv(Math.min(a.lo, b.lo), Math.max(a.hi, b.hi));
/** The intersection, or undefined when empty. */
export function intersect(a: Interval, b: Interval): Interval | undefined {
  const lo = Math.max(a.lo, b.lo);
  const hi = Math.min(a.hi, b.hi);
  return lo <= hi ? iv(lo, hi) : undefined;
}

export const add = (a: Interval, b: Interval): Interval => iv(down(a.lo + b.lo), up(a.hi + b.hi));
export const sub = (a: Interval, b: Interval): Interval => iv(down(a.lo - b.hi), up(a.hi - b.lo));
export const neg = (a: Interval): Interval => iv(-a.hi, -a.lo);

/** A bound product: 0 times an infinite bound is 0 (the interval's members are finite reals). */
const prod = (x: number, y: number): number => (x === 0 || y === 0 ? 0 : x * y);

export function mul(a: Interval, b: Interval): Interval {
  if (a === b) return sqr(a);
  // An exact zero times members that are finite reals is exactly zero: no rounding to widen.
  if ((a.lo === 0 && a.hi === 0) || (b.lo === 0 && b.hi === 0)) return iv(0);
  const p = [prod(a.lo, b.lo), prod(a.lo, b.hi), prod(a.hi, b.lo), prod(a.hi, b.hi)];
  return iv(down(Math.min(...p)), up(Math.max(...p)));
}

/** a², tighter than a·a when a straddles 0 (the two factors are the same number). */
export function sqr(a: Interval): Interval {
  const l = Math.abs(a.lo);
  const h = Math.abs(a.hi);
  if (a.lo <= 0 && a.hi >= 0) return iv(0, up(prod(Math.max(l, h), Math.max(l, h))));
  const s = Math.min(l, h);
  const b = Math.max(l, h);
  return iv(Math.max(0, down(s * s)), up(prod(b, b)));
}

export function div(a: Interval, b: Interval): Interval {
  if (b.lo <= 0 && b.hi >= 0) return ENTIRE;
  // b has one sign and finite members; x/±∞ is 0 for the finite members a bound stands for.
  const q = (x: number, y: number): number => (x === 0 || !Number.isFinite(y) ? 0 : x / y);
  const p = [q(a.lo, b.lo), q(a.lo, b.hi), q(a.hi, b.lo), q(a.hi, b.hi)];
  if (p.some((v) => v !== v)) return ENTIRE;
  return iv(down(Math.min(...p)), up(Math.max(...p)));
}

/**
 * √ over the part of a in [0, ∞) (the convention of IEEE 1788 for a function's natural domain): the
 * formulas take square roots only of quantities that are ≥ 0 on their domain. A wholly negative a means
 * the formula left its domain: the whole line, so that nothing is decided.
 */
export function sqrt(a: Interval): Interval {
  if (a.hi < 0) return ENTIRE;
  return iv(a.lo <= 0 ? 0 : Math.max(0, down(Math.sqrt(a.lo))), up(Math.sqrt(a.hi)));
}

export function abs(a: Interval): Interval {
  if (a.lo >= 0) return a;
  if (a.hi <= 0) return neg(a);
  return iv(0, Math.max(-a.lo, a.hi));
}

/** a^n for an integer n ≥ 0, by squaring (even powers are ≥ 0). */
export function pow(a: Interval, n: number): Interval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`pow needs an integer exponent >= 0, got ${n}`);
  if (n === 0) return iv(1);
  if (n === 1) return a;
  const half = pow(a, Math.floor(n / 2));
  const even = sqr(half);
  return n % 2 === 0 ? even : mul(even, a);
}

export const min = (a: Interval, b: Interval): Interval => iv(Math.min(a.lo, b.lo), Math.min(a.hi, b.hi));
export const max = (a: Interval, b: Interval): Interval => iv(Math.max(a.lo, b.lo), Math.max(a.hi, b.hi));

/** a < b for every member pair (true), for none (false), or some but not all. */
export function lt(a: Interval, b: Interval): Truth {
  if (a.hi < b.lo) return true;
  if (a.lo >= b.hi) return false;
  return 'unknown';
}
/** a ≤ b. */
export function le(a: Interval, b: Interval): Truth {
  if (a.hi <= b.lo) return true;
  if (a.lo > b.hi) return false;
  return 'unknown';
}
export const gt = (a: Interval, b: Interval): Truth => lt(b, a);
export const ge = (a: Interval, b: Interval): Truth => le(b, a);

export const show = (a: Interval): string => `[${a.lo}, ${a.hi}]`;

const constants = new Map<number, Interval>();

/**
 * The theory's formulas, generic over `Ctx<T>`, evaluated on intervals. `lt` is true only when certain;
 * the formulas' branches on `lt` either choose between algebraically equal forms (M_κ, the residual of
 * the self-consistency, the quadratic root), where either branch encloses, or are taken by src/certify
 * only after it has decided the comparison for the whole box (τ < 1 or τ > 1 of the ridgeless forms).
 */
export const ivCtx: Ctx<Interval> = {
  name: 'interval',
  digits: 15.95,
  eps: iv(2 ** -53),
  num: (v) => {
    if (typeof v === 'string') {
      const s = v.trim().toLowerCase();
      return s === 'inf' || s === 'infinity' ? iv(Infinity) : fromDecimal(s);
    }
    let c = constants.get(v);
    if (c === undefined) {
      c = iv(v);
      if (constants.size < 256) constants.set(v, c);
    }
    return c;
  },
  add,
  sub,
  mul,
  div,
  neg,
  sqrt,
  abs,
  lt: (a, b) => lt(a, b) === true,
  isZero: (a) => a.lo === 0 && a.hi === 0,
  isFinite: (a) => Number.isFinite(a.lo) && Number.isFinite(a.hi),
  isNaN: () => false,
  toNumber: mid,
  toString: (a) => show(a),
};
