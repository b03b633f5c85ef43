// Lemma 1 of docs/theory.md §3: the conditional moments of the context statistics (h, s) given a task w
// with ‖w‖² = d. Exact for every finite d >= 1 and ℓ >= 1 (α = ℓ/d is the finite ratio, not a limit).
// Each moment is the scalar coefficient of its tensor form, so callers can assemble or compare them.
import type { Ctx } from '../numeric/context.js';
import { ensure } from '../numeric/domain.js';
import { fault } from '../numeric/faults.js';

/** Domain of every moment below: integer d >= 1, integer ℓ >= 1, finite ρ >= 0. */
export function checkLemma1Domain<T>(c: Ctx<T>, d: number, ell: number, rho: T): void {
  ensure(Number.isInteger(d) && d >= 1, 'd', 'an integer >= 1', d);
  ensure(Number.isInteger(ell) && ell >= 1, 'ell', 'an integer >= 1', ell);
  ensure(c.isFinite(rho) && !c.lt(rho, c.num(0)), 'rho', 'a finite number >= 0', c.toString(rho));
}

/** E[h | w] = 1 · w: the coefficient of w. */
export const meanHCoef = <T>(c: Ctx<T>): T => c.num(1);

/** E[s | w] = 1 + ρ. */
export const meanS = <T>(c: Ctx<T>, rho: T): T => c.add(c.num(1), rho);

/** Coefficient of I_d in E[h hᵀ | w]: (1 + ρ)/α = (1 + ρ) d/ℓ. */
export const hhIdentityCoef = <T>(c: Ctx<T>, d: number, ell: number, rho: T): T =>
  c.div(c.mul(c.add(c.num(1), rho), c.num(d)), c.num(ell));

/** Coefficient of w wᵀ in E[h hᵀ | w]: 1 + 1/ℓ. */
export const hhTaskCoef = <T>(c: Ctx<T>, ell: number): T => c.add(c.num(1), c.div(c.num(1), c.num(ell)));

/** E[h s | w] = (1 + ρ)(1 + 2/ℓ) w: the coefficient of w. */
export const hsCoef = <T>(c: Ctx<T>, ell: number, rho: T): T =>
  // Stryker disable next-line StringLiteral: planted fault, off here; fault('') too (docs/equivalent-mutants.md)
  c.mul(c.add(c.num(1), rho), c.add(c.num(1), c.div(c.num(fault('hs-coefficient') ? 1 : 2), c.num(ell))));

/** E[s² | w] = (1 + ρ)² (1 + 2/ℓ). */
export const ssMoment = <T>(c: Ctx<T>, ell: number, rho: T): T => {
  const a = c.add(c.num(1), rho);
  return c.mul(c.mul(a, a), c.add(c.num(1), c.div(c.num(2), c.num(ell))));
};
