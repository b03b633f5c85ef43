// The asymptotic parameters α = ℓ/d, κ = k/d, τ = n/d², ρ (noise), λ (ridge), and their domains.
import type { Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';

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

/** The first parameter outside the domain of the theory, with its allowed range (undefined if none). */
function violation<T>(c: Ctx<T>, p: Params<T>): [keyof Params<T>, string] | undefined {
  if (!positiveOrInf(c, p.alpha)) return ['alpha', 'a number > 0 or inf'];
  if (!positiveOrInf(c, p.kappa)) return ['kappa', 'a number > 0 or inf'];
  if (!positiveOrInf(c, p.tau)) return ['tau', 'a number > 0 or inf'];
  if (!finiteNonNegative(c, p.rho)) return ['rho', 'a finite number >= 0'];
  if (!finiteNonNegative(c, p.lambda)) return ['lambda', 'a finite number >= 0'];
  if (c.isZero(p.lambda) && c.isZero(c.sub(p.tau, c.num(1)))) return ['tau', '!= 1 when lambda = 0 (the ridgeless errors diverge at tau = 1)'];
  const tpa = p.tauPerAlpha;
  if (!c.isFinite(p.alpha) && !c.isFinite(p.tau)) {
    if (tpa === undefined || !c.isFinite(tpa) || !c.lt(c.num(0), tpa)) return ['tauPerAlpha', 'a finite number > 0 when alpha = tau = inf'];
  } else if (tpa !== undefined) return ['tauPerAlpha', 'given only with alpha = inf and tau = inf'];
  return undefined;
}

/** Throws a DomainError naming the first parameter outside the domain of the theory. */
export function validateParams<T>(c: Ctx<T>, p: Params<T>): void {
  const v = violation(c, p);
  if (v === undefined) return;
  const [key, allowed] = v;
  const got = p[key];
  throw new DomainError(key === 'tauPerAlpha' ? 'tau-per-alpha' : key, allowed, got === undefined ? 'nothing' : c.toString(got));
}
