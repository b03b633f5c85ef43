// Shared helpers of the theory properties: a domain point in any precision, relative differences.
import { Decimal } from 'decimal.js';
import { mp, type Ctx } from '../../src/numeric/context.js';
import type { Params } from '../../src/theory/params.js';
import type { DomainPoint } from './domain.js';

/** The point in context c, each double read exactly. */
export function at<T>(
  c: Ctx<T>,
  p: DomainPoint,
  over: Partial<Record<keyof DomainPoint, number | string>> = {},
): Params<T> {
  const v = (k: keyof DomainPoint): T | undefined => {
    const x = k in over ? over[k] : p[k];
    return x === undefined ? undefined : c.num(x);
  };
  const out: Params<T> = {
    alpha: v('alpha')!,
    kappa: v('kappa')!,
    tau: v('tau')!,
    rho: v('rho')!,
    lambda: v('lambda')!,
  };
  const tpa = v('tauPerAlpha');
  return tpa === undefined ? out : { ...out, tauPerAlpha: tpa };
}

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
