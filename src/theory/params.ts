// The asymptotic parameters α = ℓ/d, κ = k/d, τ = n/d², ρ (noise), λ (ridge), and their domains.
import type { Ctx } from '../numeric/context.js';
import { require } from '../numeric/domain.js';

export interface Params<T> {
  alpha: T;
  kappa: T;
  tau: T;
  rho: T;
  lambda: T;
  /** c = τ/α, needed only for the joint limit α, τ → ∞. */
  tauPerAlpha?: T;
}

/**
 * κ enters M_κ only through 1/κ and 1 − 1/κ. Both are kept, each computed without cancellation
 * (1 − 1/κ as (κ − 1)/κ, exact to rounding near κ = 1), and κ = ∞ is simply ik = 0, omk = 1.
 */
export interface KappaTerms<T> {
  /** κ itself (Infinity allowed). */
  kappa: T;
  ik: T;
  omk: T;
}

export function kappaTerms<T>(c: Ctx<T>, kappa: T): KappaTerms<T> {
  if (!c.isFinite(kappa)) return { kappa, ik: c.num(0), omk: c.num(1) };
  return { kappa, ik: c.div(c.num(1), kappa), omk: c.div(c.sub(kappa, c.num(1)), kappa) };
}

/** Terms of κ/τ (the resolvent of the ridgeless τ < 1 closed form), from κ and τ without rounding κ/τ. */
export function kappaRatioTerms<T>(c: Ctx<T>, kappa: T, tau: T): KappaTerms<T> {
  if (!c.isFinite(kappa)) return { kappa, ik: c.num(0), omk: c.num(1) };
  return { kappa: c.div(kappa, tau), ik: c.div(tau, kappa), omk: c.div(c.sub(kappa, tau), kappa) };
}

/** x = (1 + ρ)/α: the effective noise of the in-context estimate h; 0 at α = ∞. */
export const xOf = <T>(c: Ctx<T>, p: Params<T>): T => c.div(c.add(c.num(1), p.rho), p.alpha);

const positiveOrInf = <T>(c: Ctx<T>, v: T): boolean => !c.isNaN(v) && c.lt(c.num(0), v);
const finiteNonNegative = <T>(c: Ctx<T>, v: T): boolean => c.isFinite(v) && !c.lt(v, c.num(0));

/** Throws a DomainError naming the first parameter outside the domain of the theory. */
export function validateParams<T>(c: Ctx<T>, p: Params<T>): void {
  require(positiveOrInf(c, p.alpha), 'alpha', 'a number > 0 or inf', () => c.toString(p.alpha));
  require(positiveOrInf(c, p.kappa), 'kappa', 'a number > 0 or inf', () => c.toString(p.kappa));
  require(positiveOrInf(c, p.tau), 'tau', 'a number > 0 or inf', () => c.toString(p.tau));
  require(finiteNonNegative(c, p.rho), 'rho', 'a finite number >= 0', () => c.toString(p.rho));
  require(finiteNonNegative(c, p.lambda), 'lambda', 'a finite number >= 0', () => c.toString(p.lambda));
  if (c.isZero(p.lambda)) {
    require(!(c.isZero(c.sub(p.tau, c.num(1)))), 'tau', '!= 1 when lambda = 0 (the ridgeless errors diverge at tau = 1)', () => c.toString(p.tau));
  }
  const joint = !c.isFinite(p.alpha) && !c.isFinite(p.tau);
  if (joint) {
    const tpa = p.tauPerAlpha;
    require(tpa !== undefined && c.isFinite(tpa) && c.lt(c.num(0), tpa), 'tau-per-alpha', 'a finite number > 0 when alpha = tau = inf', () => (tpa === undefined ? 'nothing' : c.toString(tpa)));
  } else {
    require(p.tauPerAlpha === undefined, 'tau-per-alpha', 'given only with alpha = inf and tau = inf', () => c.toString(p.tauPerAlpha!));
  }
}
