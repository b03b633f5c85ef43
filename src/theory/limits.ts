// Limits of the unified errors (docs/theory.md §6), derived for this project and encoded as closed forms.
// Each is checked against the general formula pushed toward the limit at high precision (tests) and
// derived step by step in proofs/.
import type { Ctx } from '../numeric/context.js';
import { fault } from '../numeric/faults.js';
import { DomainError } from '../numeric/domain.js';
import { errorTerms, unifiedErrors, type ErrorPair } from './errors.js';
import { kappaTerms, type KappaTerms } from './params.js';
import { M } from './resolvent.js';
import { positiveQuadraticRoot, solveBracketed } from './selfConsistency.js';

/** A divergent error behaves as rate · α^power (power 1: linear, 1/2: like √α). */
export interface Growth<T> {
  power: 1 | 0.5;
  rate: T;
}

/** Errors in a limit: a finite value, or Infinity (−Infinity) together with its growth. */
export interface LimitErrors<T> extends ErrorPair<T> {
  epsilon: T;
  growth: { eICL?: Growth<T>; eIDG?: Growth<T> };
}

const finite = <T>(epsilon: T, e: ErrorPair<T>): LimitErrors<T> => ({ epsilon, ...e, growth: {} });

/**
 * κ = ∞ (a fresh task per context): M = 1/(1 + ν), so the self-consistency is the quadratic
 * τε² − ((1 − τ)(1 + x) + τλ)ε − τλ(1 + x) = 0 and, with u = 1 + x + ε,
 *   e^ICL = e^IDG = τ (ρ + x/u + ε(u − 1)/u²) / (τλ/ε + ε(1 + x)/u²).
 * Ridgeless: e = τ(ρ + x/(1 + x))/(τ − 1) for τ > 1 and e = (ρ + ((1 − τ)² + x)/(1 + x))/(1 − τ) for τ < 1.
 */
export function kappaInfinity<T>(c: Ctx<T>, x: T, tau: T, rho: T, lambda: T): { epsilon: T; e: T } {
  const one = c.num(1);
  const onePlusX = c.add(one, x);
  const omt = c.sub(one, tau);
  if (c.isZero(lambda)) {
    if (c.isZero(omt)) throw new DomainError('tau', '!= 1 when lambda = 0', c.toString(tau));
    if (c.lt(tau, one)) {
      const e = c.div(c.add(rho, c.div(c.add(c.mul(omt, omt), x), onePlusX)), omt);
      return { epsilon: c.div(c.mul(omt, onePlusX), tau), e };
    }
    return { epsilon: c.num(0), e: c.div(c.mul(tau, c.add(rho, c.div(x, onePlusX))), c.neg(omt)) };
  }
  const tl = c.mul(tau, lambda);
  const eps = positiveQuadraticRoot(c, tau, c.add(c.mul(omt, onePlusX), tl), c.mul(tl, onePlusX));
  const u = c.add(onePlusX, eps);
  const u2 = c.mul(u, u);
  const numer = c.add(rho, c.add(c.div(x, u), c.div(c.mul(eps, c.sub(u, one)), u2)));
  const denom = c.add(c.div(tl, eps), c.div(c.mul(eps, onePlusX), u2));
  return { epsilon: eps, e: c.div(c.mul(tau, numer), denom) };
}

/**
 * τ = ∞ (unlimited pretraining data) at finite α: the self-consistency gives ε → λ and
 * c = numer/D → 0 with τc → numer, so, with ν = x + λ,
 *   e^ICL = ρ + ν²m² + t3 + xQ,   e^IDG = ρ + xP + λνmP/S
 * (the building blocks of errors.ts at ε = λ). Ridgeless at κ = ∞ both are ρ + x/(1 + x).
 */
export function tauInfinity<T>(c: Ctx<T>, kt: KappaTerms<T>, x: T, rho: T, lambda: T): LimitErrors<T> {
  const nu = c.add(x, lambda);
  const t = errorTerms(c, { kt, x, tau: c.num(Infinity), rho, lambda }, lambda, M(c, kt, nu));
  return finite(lambda, { eICL: c.add(c.add(rho, c.mul(t.numr, t.numr)), c.add(t.t3, c.mul(x, t.Q))), eIDG: t.numer });
}

/**
 * α = ∞ (unlimited context) at finite τ, so x = (1 + ρ)/α → 0.
 * λ > 0: the general formula at x = 0 (ε > 0 keeps M finite).
 * λ = 0: with κ_c = min(τ, 1),
 * - κ > κ_c: finite; the general formula at x = 0 with ε → 0 (τ > 1) or
 *   ε → ε₀ = (1 − τ)(κ − τ)/(τκ) (τ < 1);
 * - κ < κ_c: M_κ(ν) ≈ (1 − κ)/ν blows up and e^ICL grows linearly in α with rate
 *   ρ(1 − κ)/((1 + ρ)(τ − 1)) (τ > 1) or ρ(τ − κ)/((1 + ρ)(1 − τ)) (τ < 1), while e^IDG tends to
 *   τρ/(τ − 1) (τ > 1) or τρ(1 − κ)/((τ − κ)(1 − τ)) (τ < 1). At ρ = 0 e^ICL stays finite:
 *   (1 − κ)(τ − 1 + κ)/(τ − 1) (τ > 1) or 1 − κ + κ(τ − κ)/(1 − τ) (τ < 1), and e^IDG → 0;
 * - κ = κ_c: growth like √α (M_1(x) ≈ x^{-1/2}); rates per √α: e^ICL ρ/((τ − 1)√(1 + ρ)) and e^IDG
 *   finite τρ/(τ − 1) (κ = 1 < τ); e^ICL ρτ/((1 − τ)√(1 + ρ)) and e^IDG ρ/(2√(1 + ρ)) (κ = τ < 1);
 *   at ρ = 0 the limits are 0 and 0 (κ = 1 < τ), 1 − τ and 0 (κ = τ < 1).
 */
export function alphaInfinity<T>(c: Ctx<T>, kappa: T, tau: T, rho: T, lambda: T): LimitErrors<T> {
  const one = c.num(1);
  const zero = c.num(0);
  const kt = kappaTerms(c, kappa);
  const q = { kt, x: zero, tau, rho, lambda };
  if (!c.isZero(lambda)) {
    const eps = solveBracketed(c, q);
    return finite(eps, unifiedErrors(c, q, eps, M(c, kt, eps)));
  }
  const above = c.lt(one, tau);
  const kc = above ? one : tau;
  const sqrt1pr = c.sqrt(c.add(one, rho));
  if (c.lt(kc, kappa)) {
    const eps = above
      ? zero
      : c.isFinite(kappa)
        ? c.div(c.mul(c.sub(one, tau), c.sub(kappa, tau)), c.mul(tau, kappa))
        : c.div(c.sub(one, tau), tau);
    return finite(eps, unifiedErrors(c, q, eps, M(c, kt, eps)));
  }
  const tm1 = c.sub(tau, one);
  if (c.isZero(c.sub(kappa, kc))) {
    if (above) {
      const eIDG = c.div(c.mul(tau, rho), tm1);
      if (c.isZero(rho)) return finite(zero, { eICL: zero, eIDG });
      return {
        epsilon: zero,
        eICL: c.num(Infinity),
        eIDG,
        growth: { eICL: { power: 0.5, rate: c.div(rho, c.mul(tm1, sqrt1pr)) } },
      };
    }
    const omt = c.sub(one, tau);
    if (c.isZero(rho)) return finite(zero, { eICL: omt, eIDG: zero });
    return {
      epsilon: zero,
      eICL: c.num(Infinity),
      eIDG: c.num(Infinity),
      growth: {
        eICL: { power: 0.5, rate: c.div(c.mul(rho, tau), c.mul(omt, sqrt1pr)) },
        eIDG: { power: 0.5, rate: c.div(rho, c.mul(c.num(2), sqrt1pr)) },
      },
    };
  }
  // κ < κ_c <= 1: linear growth of e^ICL.
  const omk = c.sub(one, kappa);
  if (above) {
    const eIDG = c.div(c.mul(tau, rho), tm1);
    if (c.isZero(rho)) return finite(zero, { eICL: c.div(c.mul(omk, c.add(tm1, kappa)), tm1), eIDG });
    return {
      epsilon: zero,
      eICL: c.num(Infinity),
      eIDG,
      growth: { eICL: { power: 1, rate: c.div(c.mul(rho, omk), c.mul(c.add(one, rho), tm1)) } },
    };
  }
  const omt = c.sub(one, tau);
  const tmk = c.sub(tau, kappa);
  const eIDG = c.div(c.mul(c.mul(tau, rho), omk), c.mul(tmk, omt));
  if (c.isZero(rho)) return finite(zero, { eICL: c.add(omk, c.div(c.mul(kappa, tmk), omt)), eIDG });
  return {
    epsilon: zero,
    eICL: c.num(Infinity),
    eIDG,
    growth: { eICL: { power: 1, rate: c.div(c.mul(rho, tmk), c.mul(c.add(one, rho), omt)) } },
  };
}

/**
 * α, τ → ∞ with τ/α = c fixed (x → 0, τ = c(1 + ρ)/x). λ > 0: the τ = ∞ form at x = 0 (ε = λ).
 * λ = 0: e^IDG → ρ and e^ICL → ρ + (1 − κ)₊ (1 + ρ/(c(1 + ρ))), so
 * g_task = (1 − κ)₊ (1 + ρ/(c(1 + ρ))): positive below κ = 1 (memorization), zero above (in-context
 * learning), continuous with a kink at κ = 1.
 */
export function alphaTauInfinity<T>(c: Ctx<T>, kappa: T, rho: T, lambda: T, tauPerAlpha: T): LimitErrors<T> {
  const one = c.num(1);
  if (!c.isZero(lambda)) return tauInfinity(c, kappaTerms(c, kappa), c.num(0), rho, lambda);
  const k = fault('memorized-kappa-1.01') ? c.mul(kappa, c.num(1.01)) : kappa;
  const memorized = c.lt(k, one) ? c.sub(one, k) : c.num(0);
  const gTask = c.mul(memorized, c.add(one, c.div(rho, c.mul(tauPerAlpha, c.add(one, rho)))));
  return finite(c.num(0), { eICL: c.add(rho, gTask), eIDG: rho });
}
