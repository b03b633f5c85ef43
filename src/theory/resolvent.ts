// The resolvent of the task covariance, M_κ(x) = lim (1/d) tr (R̂ + x I)⁻¹, and the combinations of it
// that the error formulas need, each written so that no term cancels (docs/theory.md §4).
import type { Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import type { KappaTerms } from './params.js';

/**
 * M_κ(x): the positive root of (x/κ) M² + (x + 1 − 1/κ) M − 1 = 0, for x > 0 (x = 0 only when κ > 1,
 * where M_κ(0) = κ/(κ − 1)). With b = x + 1 − 1/κ the two algebraically equal forms
 * 2/(b + √D) and (√D − b)/(2x/κ) are each free of cancellation on one sign of b.
 */
export function M<T>(c: Ctx<T>, kt: KappaTerms<T>, x: T): T {
  const zero = c.num(0);
  if (c.lt(x, zero) || c.isNaN(x))
    throw new DomainError('x', 'a number >= 0 (M_kappa(x) is defined for x > 0)', c.toString(x));
  const b = c.add(x, kt.omk);
  if (c.isZero(x) && !c.lt(zero, b)) {
    throw new DomainError('x', '> 0 when kappa <= 1 (M_kappa(x) diverges as x -> 0)', c.toString(x));
  }
  const ikx = c.mul(kt.ik, x);
  const root = c.sqrt(c.add(c.mul(b, b), c.mul(c.num(4), ikx)));
  return c.lt(b, zero) ? c.div(c.sub(root, b), c.add(ikx, ikx)) : c.div(c.num(2), c.add(b, root));
}

/**
 * Quantities built from m = M_κ(ν), all positive, from which the errors are sums of positive terms:
 * P = 1 − νm = m/(1 + m/κ) and S = 1 + νm²/κ (both by the quadratic), and
 * M'_κ(ν) = −m²(1 + m/κ)/S (implicit differentiation).
 */
interface ResolventTerms<T> {
  m: T;
  P: T;
  S: T;
  /** M'_κ(ν); negative. */
  mp: T;
}

export function resolventTerms<T>(c: Ctx<T>, kt: KappaTerms<T>, nu: T, m: T): ResolventTerms<T> {
  const one = c.num(1);
  const onePlus = c.add(one, c.mul(kt.ik, m));
  const S = c.add(one, c.mul(kt.ik, c.mul(nu, c.mul(m, m))));
  return { m, P: c.div(m, onePlus), S, mp: c.neg(c.div(c.mul(c.mul(m, m), onePlus), S)) };
}

/** M'_κ(x) = dM_κ/dx. */
export function Mprime<T>(c: Ctx<T>, kt: KappaTerms<T>, x: T): T {
  return resolventTerms(c, kt, x, M(c, kt, x)).mp;
}
