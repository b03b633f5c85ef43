// Baselines of docs/theory.md §7 that have a closed form.
import type { Ctx } from '../numeric/context.js';
import { ensure } from '../numeric/domain.js';
import { allowedRange, kappaTerms } from './params.js';
import { M } from './resolvent.js';

/**
 * Ridge on the context alone, ŵ = (XᵀX + ρI)⁻¹Xᵀy (the posterior mean under the Gaussian task prior):
 * asymptotic ICL error ρ + (ρ/α) M_α(ρ/α), i.e. M with κ replaced by α. At ρ = 0 the estimator is the
 * minimum-norm interpolant and the limit ρ → 0 gives 1 − α for α < 1 and 0 for α >= 1.
 */
export function contextRidgeError<T>(c: Ctx<T>, alpha: T, rho: T): T {
  ensure(!c.isNaN(alpha) && c.lt(c.num(0), alpha), 'alpha', allowedRange('alpha'), () => c.toString(alpha));
  ensure(c.isFinite(rho) && !c.lt(rho, c.num(0)), 'rho', allowedRange('rho'), () => c.toString(rho));
  const one = c.num(1);
  // Stryker disable next-line ConditionalExpression: shortcut: general formula gives ρ (docs/equivalent-mutants.md)
  if (!c.isFinite(alpha)) return rho;
  if (c.isZero(rho)) return c.lt(alpha, one) ? c.sub(one, alpha) : c.num(0);
  const r = c.div(rho, alpha);
  return c.add(rho, c.mul(r, M(c, kappaTerms(c, alpha), r)));
}
