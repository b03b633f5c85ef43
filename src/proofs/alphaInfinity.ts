// Proof 6: α → ∞ (ridgeless, ρ > 0): e^ICL has a finite limit when κ > min(τ, 1) and grows linearly in α
// when κ < min(τ, 1); with τ/α = c fixed, g_task → (1 − κ)₊ (1 + ρ/(c(1 + ρ))): a transition at κ = 1.
import { e, identity, limit, region, R, sym, at } from './helpers.js';
import type { DecCtx, DecPoint } from './helpers.js';
import type { Proof } from './proof.js';
import { symbolic } from '../symbolic/symbolicContext.js';
import { variable, ZERO, type Expr } from '../symbolic/expr.js';
import type { Decimal } from 'decimal.js';
import { paperUnifiedErrors } from '../theory/errors.js';
import { evaluate } from '../theory/evaluate.js';
import { alphaInfinity, alphaTauInfinity } from '../theory/limits.js';
import { kappaTerms } from '../theory/params.js';
import { Mprime } from '../theory/resolvent.js';

const [x, kappa, tau, rho] = ['x', 'kappa', 'tau', 'rho'].map(variable) as [Expr, Expr, Expr, Expr];
const q0 = { kt: kappaTerms(sym, kappa), x, tau, rho, lambda: ZERO };

/** The core's errors at α = 1/t (ridgeless unless the point has lambda). */
const atAlpha = (c: DecCtx, t: Decimal, p: DecPoint) =>
  evaluate(c, {
    alpha: c.div(c.num(1), t),
    kappa: at(p, 'kappa'),
    tau: at(p, 'tau'),
    rho: at(p, 'rho'),
    lambda: c.num(0),
  });
const limitOf = (c: DecCtx, p: DecPoint) => alphaInfinity(c, at(p, 'kappa'), at(p, 'tau'), at(p, 'rho'), c.num(0));
const rateOf = (c: DecCtx, p: DecPoint): Decimal => {
  const g = limitOf(c, p).growth.eICL;
  if (!g) throw new Error('the core reports no growth of e^ICL here');
  return g.rate;
};

const rhoR = R.between(0.05, 2);
// Margins keep the points away from κ = κ_c, where the approach is slower (like √x).
const finiteAbove = region('tau > 1, kappa > 1.2, rho > 0', { tau: R.pos(1.1, 20), kappa: R.pos(1.2, 20), rho: rhoR });
const finiteBelow = region(
  'tau < 1, kappa > 1.2 tau, rho > 0',
  { tau: R.between(0.05, 0.9), kappa: R.pos(0.06, 20), rho: rhoR },
  (p) => p.kappa! > 1.2 * p.tau!,
);
const growAbove = region('tau > 1, kappa < 0.8, rho > 0', {
  tau: R.pos(1.1, 20),
  kappa: R.between(0.05, 0.8),
  rho: rhoR,
});
const growBelow = region(
  'tau < 1, kappa < 0.8 tau, rho > 0',
  { tau: R.between(0.1, 0.9), kappa: R.between(0.02, 0.8), rho: rhoR },
  (p) => p.kappa! < 0.8 * p.tau!,
);
const below1 = region('0 < kappa < 0.9', { kappa: R.between(0.05, 0.9) });

const joint = (c: DecCtx, t: Decimal, p: DecPoint) =>
  evaluate(c, {
    alpha: c.div(c.num(1), t),
    kappa: at(p, 'kappa'),
    tau: c.div(at(p, 'c'), t),
    rho: at(p, 'rho'),
    lambda: c.num(0),
  });
const jointLimit = (c: DecCtx, p: DecPoint) => {
  const l = alphaTauInfinity(c, at(p, 'kappa'), at(p, 'rho'), c.num(0), at(p, 'c'));
  return l.eICL.minus(l.eIDG);
};

// The growth rate for τ > 1: x e^ICL at ε = 0 written with u = xM and w = x²M'.
const xTimesICL = e('x*ei', { ei: paperUnifiedErrors(sym, q0, ZERO, e('u/x'), e('w/x^2')).eICL });
const xTimesICLBlocks = e('(1 + x)*(x*(1 - 2*u - w) + ((rho + x - x*u)/(tau - 1))*u) - 2*x*(1 - u) + x*(1 + rho)');
const coreRateAbove = alphaInfinity(symbolic({ kappa: '0.5', tau: '2', rho: '0.3' }), kappa, tau, rho, ZERO).growth
  .eICL!.rate;

export const alphaInfinityProof: Proof = {
  name: 'alpha-infinity',
  claim:
    'alpha -> inf, ridgeless, rho > 0: e^ICL is finite for kappa > min(tau, 1) and grows linearly ' +
    'for kappa < min(tau, 1); with tau/alpha = c, g_task -> (1 - kappa)_+ (1 + rho/(c(1 + rho)))',
  steps: [
    identity(
      'kappa > 1: at x = 0 the quadratic reads (1 - 1/kappa)M - 1 = 0, so M_kappa(0) = kappa/(kappa - 1) (finite)',
      e('(x/kappa)*mm^2 + (x + 1 - 1/kappa)*mm - 1', { x: ZERO, mm: e('kappa/(kappa - 1)') }),
      ZERO,
      finiteAbove,
    ),
    identity(
      'tau > 1, kappa > 1: the unified e^ICL at x = 0, eps = 0, M ' +
        '= kappa/(kappa - 1) is rho + rho kappa/((kappa - 1)(tau - 1))',
      paperUnifiedErrors(sym, { ...q0, x: ZERO }, ZERO, e('kappa/(kappa - 1)'), variable('w')).eICL,
      e('rho + rho*kappa/((kappa - 1)*(tau - 1))'),
      region('free', { kappa: R.pos(1.2, 20), tau: R.pos(1.1, 20), rho: rhoR, w: R.between(-5, 0) }),
    ),
    identity(
      "tau > 1, kappa > 1: the core's alpha = inf limit is that value",
      (c, p) => limitOf(c, p).eICL,
      e('rho + rho*kappa/((kappa - 1)*(tau - 1))'),
      finiteAbove,
      true,
    ),
    identity(
      'tau < 1, kappa > tau: eps0 = (1 - tau)(kappa - tau)/(tau kappa) with M = tau kappa/(kappa - tau) ' +
        'solves the quadratic at x = eps0 and eps0 M = 1 - tau (the ridgeless self-consistency at x = 0)',
      e('(ee/kappa)*mm^2 + (ee + 1 - 1/kappa)*mm - 1', {
        ee: e('(1 - tau)*(kappa - tau)/(tau*kappa)'),
        mm: e('tau*kappa/(kappa - tau)'),
      }),
      ZERO,
      finiteBelow,
    ),
    identity(
      'and eps0 M = 1 - tau',
      e('ee*mm', { ee: e('(1 - tau)*(kappa - tau)/(tau*kappa)'), mm: e('tau*kappa/(kappa - tau)') }),
      e('1 - tau'),
      finiteBelow,
    ),
    identity(
      "tau < 1, kappa > tau: the core's limit epsilon is eps0",
      (c, p) => limitOf(c, p).epsilon,
      e('(1 - tau)*(kappa - tau)/(tau*kappa)'),
      finiteBelow,
      true,
    ),
    limit(
      'tau > 1, kappa > 1: e^ICL(alpha) -> the finite limit of the core (t = 1/alpha)',
      (c, t, p) => atAlpha(c, t, p).eICL,
      (c, p) => limitOf(c, p).eICL,
      finiteAbove,
    ),
    limit(
      'tau < 1, kappa > tau: e^ICL(alpha) -> the finite limit',
      (c, t, p) => atAlpha(c, t, p).eICL,
      (c, p) => limitOf(c, p).eICL,
      finiteBelow,
    ),
    limit(
      'tau > 1, kappa > 1: e^IDG(alpha) -> its finite limit',
      (c, t, p) => atAlpha(c, t, p).eIDG,
      (c, p) => limitOf(c, p).eIDG,
      finiteAbove,
    ),
    limit(
      'tau < 1, kappa > tau: e^IDG(alpha) -> its finite limit',
      (c, t, p) => atAlpha(c, t, p).eIDG,
      (c, p) => limitOf(c, p).eIDG,
      finiteBelow,
    ),
    identity(
      "tau > 1, eps = 0: x e^ICL in u = xM, w = x^2 M' is (1 + x)(x(1 - 2u " +
        '- w) + c u) - 2x(1 - u) + x(1 + rho), c = (rho + x - xu)/(tau - 1)',
      xTimesICL,
      xTimesICLBlocks,
      region('free', { x: R.pos(1e-2, 10), u: R.between(0, 1), w: R.between(-1, 0), rho: rhoR, tau: R.pos(1.1, 20) }),
    ),
    limit(
      "kappa < 1: w = x^2 M'_kappa(x) -> -(1 - kappa) (bounded), with u = xM -> 1 - kappa (proof 1)",
      (c, t, p) => t.times(t).times(Mprime(c, kappaTerms(c, at(p, 'kappa')), t)),
      e('kappa - 1'),
      below1,
    ),
    identity(
      'so at x -> 0: e^ICL/alpha = x e^ICL/(1 + rho) -> rho(1 - ' +
        "kappa)/((1 + rho)(tau - 1)), the core's growth rate (tau > 1)",
      e('(((1 + x)*(x*(1 - 2*u - w) + ((rho + x - x*u)/(tau - 1))*u) - 2*x*(1 - u) + x*(1 + rho))/(1 + rho))', {
        x: ZERO,
        u: e('1 - kappa'),
        w: e('kappa - 1'),
      }),
      coreRateAbove,
      growAbove,
    ),
    limit(
      "tau > 1, kappa < 1: e^ICL(alpha)/alpha -> the core's rate",
      (c, t, p) => atAlpha(c, t, p).eICL.times(t),
      rateOf,
      growAbove,
    ),
    limit(
      "tau < 1, kappa < tau: e^ICL(alpha)/alpha -> the core's rate rho(tau - kappa)/((1 + rho)(1 - tau))",
      (c, t, p) => atAlpha(c, t, p).eICL.times(t),
      rateOf,
      growBelow,
    ),
    limit(
      "tau > 1, kappa < 1: e^IDG(alpha) stays finite, -> the core's limit",
      (c, t, p) => atAlpha(c, t, p).eIDG,
      (c, p) => limitOf(c, p).eIDG,
      growAbove,
    ),
    limit(
      "tau < 1, kappa < tau: e^IDG(alpha) -> the core's limit",
      (c, t, p) => atAlpha(c, t, p).eIDG,
      (c, p) => limitOf(c, p).eIDG,
      growBelow,
    ),
    limit(
      'tau = c alpha, kappa < 1: g_task -> (1 - kappa)(1 + rho/(c(1 + rho))) (memorization)',
      (c, t, p) => {
        const r = joint(c, t, p);
        return r.eICL.minus(r.eIDG);
      },
      jointLimit,
      region('kappa < 0.9, c > 0', { kappa: R.between(0.05, 0.9), rho: rhoR, c: R.pos(0.05, 5) }),
    ),
    limit(
      'tau = c alpha, kappa > 1: g_task -> 0 (in-context learning)',
      (c, t, p) => {
        const r = joint(c, t, p);
        return r.eICL.minus(r.eIDG);
      },
      jointLimit,
      region('kappa > 1.1, c > 0', { kappa: R.pos(1.1, 20), rho: rhoR, c: R.pos(0.05, 5) }),
    ),
    identity(
      'the joint limit is continuous at kappa = 1 with a kink: (1 - kappa)(1 + ' +
        'rho/(c(1 + rho))) vanishes at kappa = 1 and has slope -(1 + rho/(c(1 + rho)))',
      e('(1 - kappa)*(1 + rho/(cc*(1 + rho)))', { kappa: e('1 + h') }),
      e('-h*(1 + rho/(cc*(1 + rho)))'),
      region('free', { h: R.between(-1, 1), rho: rhoR, cc: R.pos(0.05, 5) }),
    ),
  ],
  mutant: () => ({
    step: 13,
    change: 'growth rate with exponent 2 on (1 - kappa)',
    broken: limit(
      'broken rate',
      (c, t, p) => atAlpha(c, t, p).eICL.times(t),
      (c, p) => {
        const k = at(p, 'kappa');
        const r = at(p, 'rho');
        return r.times(c.num(1).minus(k).pow(2)).div(c.num(1).plus(r).times(at(p, 'tau').minus(1)));
      },
      growAbove,
    ),
  }),
};
