// The one home of the theory tests' helpers (test/ and properties/): a point in any precision, relative
// and absolute differences taken at 200 digits, and the evaluations at float64 and 60 digits.
import { Decimal } from 'decimal.js';
import { fp, mp, type Ctx } from '../../src/numeric/context.js';
import { evaluate } from '../../src/theory/evaluate.js';
import { liftDoubles, type Params } from '../../src/theory/params.js';

/** A parameter point in float64 (the theory's Params; ∞ marks a limit). */
export type Point = Params<number>;

/** The point in context c, each double read exactly (so fp and mp see the same numbers); `over` replaces entries. */
export function at<T>(c: Ctx<T>, p: Point, over: Partial<Record<keyof Point, number | string>> = {}): Params<T> {
  const out = liftDoubles(c, p);
  for (const [k, v] of Object.entries(over)) if (v !== undefined) out[k as keyof Point] = c.num(v);
  return out;
}

/** The point from decimal strings, read exactly in c. */
export const fromStrings = <T>(c: Ctx<T>, s: Record<keyof Point, string>): Params<T> => ({
  alpha: c.num(s.alpha),
  kappa: c.num(s.kappa),
  tau: c.num(s.tau),
  rho: c.num(s.rho),
  lambda: c.num(s.lambda),
});

/** Differences are taken at 200 digits; a double is read exactly (not as its shortest decimal). */
const c200 = mp(200);
const dec = (v: Decimal | number): Decimal => (typeof v === 'number' ? c200.num(v) : c200.num(v.toString()));

/** |a − b| / |b| (|a| when b = 0); 0 when both are the same infinity. */
export function rel(a: Decimal | number, b: Decimal | number): number {
  const A = dec(a);
  const B = dec(b);
  if (!A.isFinite() || !B.isFinite()) return A.eq(B) ? 0 : Infinity;
  return B.isZero() ? A.abs().toNumber() : A.minus(B).abs().div(B.abs()).toNumber();
}

/** |a − b| / scale. */
export const absDiff = (a: Decimal | number, b: Decimal | number, scale: Decimal | number = 1): number =>
  dec(a).minus(dec(b)).abs().div(dec(scale)).toNumber();

export const mp60 = mp(60);
export const evalMp = (p: Point, c = mp60) => evaluate(c, at(c, p));
export const evalFp = (p: Point) => evaluate(fp, p);
