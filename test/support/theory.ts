// Shared by the theory tests: evaluate at a point given as strings, in any context.
import { Decimal } from 'decimal.js';
import { fp, mp, type Ctx } from '../../src/numeric/context.js';
import { evaluate } from '../../src/theory/evaluate.js';
import { liftDoubles, type Params } from '../../src/theory/params.js';

/** A parameter point in float64 (the theory's Params). */
export type Point = Params<number>;

/** The point in context c, each double read exactly (so fp and mp see the same numbers). */
export const at: <T>(c: Ctx<T>, p: Point) => Params<T> = liftDoubles;

/** The point from decimal strings, read exactly in c. */
export const fromStrings = <T>(c: Ctx<T>, s: Record<keyof Point, string>): Params<T> => ({
  alpha: c.num(s.alpha),
  kappa: c.num(s.kappa),
  tau: c.num(s.tau),
  rho: c.num(s.rho),
  lambda: c.num(s.lambda),
});

/** |a − b| / |b| with b at high precision (|a| when b = 0). */
export function relErr(a: number, b: Decimal): number {
  if (b.isZero()) return Math.abs(a);
  return new Decimal(a).minus(b).abs().div(b.abs()).toNumber();
}

/** Relative difference of two high-precision values. */
export const relDiff = (a: Decimal, b: Decimal): Decimal => (b.isZero() ? a.abs() : a.minus(b).abs().div(b.abs()));

export const mp60 = mp(60);
export const evalMp = (p: Point, c = mp60) => evaluate(c, at(c, p));
export const evalFp = (p: Point) => evaluate(fp, p);
