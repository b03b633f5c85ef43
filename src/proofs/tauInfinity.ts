// Proof 7: τ → ∞ (unlimited pretraining data): ε → λ, the errors tend to the limits of
// src/theory/limits.ts, and ridgeless at κ = ∞ both tend to ρ + x/(1 + x).
import { e, identity, limit, region, R, spans, sym, at } from './helpers.js';
import type { DecCtx, DecPoint } from './helpers.js';
import type { Proof } from './proof.js';
import { constant, variable, ZERO, type Expr } from '../symbolic/expr.js';
import type { Decimal } from 'decimal.js';
import { errorTerms } from '../theory/errors.js';
import { tauInfinity } from '../theory/limits.js';
import { kappaTerms } from '../theory/params.js';
import { M } from '../theory/resolvent.js';
import { epsilon } from '../theory/selfConsistency.js';
import { unifiedErrors } from '../theory/errors.js';

const [x, rho] = ['x', 'rho'].map(variable) as [Expr, Expr];
const ktInf = kappaTerms(sym, constant('inf'));
const ridgelessInf = errorTerms(sym, { kt: ktInf, x, tau: ZERO, rho, lambda: ZERO }, ZERO, e('1/(1 + x)'));
const iclInf = e('rho + numr^2 + t3 + x*Q', { numr: ridgelessInf.numr, t3: ridgelessInf.t3, Q: ridgelessInf.Q });

const atTau = (c: DecCtx, t: Decimal, p: DecPoint) => {
  const k = at(p, 'kappa');
  const kt = kappaTerms(c, k);
  const q = { kt, x: at(p, 'x'), tau: c.div(c.num(1), t), rho: at(p, 'rho'), lambda: at(p, 'lambda') };
  const ep = epsilon(c, k, q);
  return { eps: ep, ...unifiedErrors(c, q, ep, M(c, kt, q.x.plus(ep))) };
};
const lim = (c: DecCtx, p: DecPoint) =>
  tauInfinity(c, kappaTerms(c, at(p, 'kappa')), at(p, 'x'), at(p, 'rho'), at(p, 'lambda'));

const ridge = region('x > 0, kappa > 0, lambda > 0, rho >= 0', spans('x', 'kappa', 'lambda', 'rho'));
const ridgeless = region(
  'x > 0, kappa > 0, lambda = 0, rho >= 0',
  spans('x', 'kappa', ['lambda', R.between(0, 0)], 'rho'),
);
const blocksRegion = region('free blocks, t > 0', {
  t: R.pos(1e-3, 1),
  N: R.between(-5, 5),
  lambda: R.pos(1e-3, 5),
  eps: R.pos(1e-3, 5),
  E: R.between(0, 2),
});
const xr = region('x > 0, rho >= 0', { x: R.pos(1e-3, 100), rho: R.between(0, 2) });

export const tauInfinityProof: Proof = {
  name: 'tau-infinity',
  claim:
    'tau -> inf: eps -> lambda and the errors tend to the tau = inf ' +
    'limits; ridgeless at kappa = inf both tend to rho + x/(1 + x)',
  steps: [
    identity(
      'the self-consistency divided by tau, at tau = 1/t: t - 1 + ' +
        'lambda/eps - t eps M = 0, which at t = 0 forces eps = lambda',
      e('(1 - tau + tau*lambda/eps - eps*m)/tau', { tau: e('1/t') }),
      e('t - 1 + lambda/eps - t*eps*m'),
      region('free', { t: R.pos(1e-3, 1), lambda: R.pos(1e-3, 5), eps: R.pos(1e-3, 5), m: R.between(0, 1) }),
    ),
    identity(
      'e^IDG = tau numer/D with D = tau lambda/eps + eps E: at tau = 1/t it is ' +
        'numer/(lambda/eps + t eps E), continuous at t = 0 where (eps = lambda) it is numer',
      e('tau*N/(tau*lambda/eps + eps*E)', { tau: e('1/t') }),
      e('N/(lambda/eps + t*eps*E)'),
      blocksRegion,
    ),
    identity(
      'and c = numer/D = t numer/(lambda/eps + t eps E) -> 0, so e^ICL = ' +
        'rho + nu^2 m^2 + t3 + xQ + (1 + x)cE tends to rho + nu^2 m^2 + t3 + xQ',
      e('N/(tau*lambda/eps + eps*E)', { tau: e('1/t') }),
      e('t*N/(lambda/eps + t*eps*E)'),
      blocksRegion,
    ),
    limit("the core's eps at tau = 1/t tends to lambda", (c, t, p) => atTau(c, t, p).eps, e('lambda'), ridge),
    limit(
      "lambda > 0: e^ICL(tau) -> the core's tau = inf limit",
      (c, t, p) => atTau(c, t, p).eICL,
      (c, p) => lim(c, p).eICL,
      ridge,
    ),
    limit(
      "lambda > 0: e^IDG(tau) -> the core's tau = inf limit",
      (c, t, p) => atTau(c, t, p).eIDG,
      (c, p) => lim(c, p).eIDG,
      ridge,
    ),
    limit(
      "ridgeless: e^ICL(tau) -> the core's tau = inf limit",
      (c, t, p) => atTau(c, t, p).eICL,
      (c, p) => lim(c, p).eICL,
      ridgeless,
    ),
    limit(
      "ridgeless: e^IDG(tau) -> the core's tau = inf limit",
      (c, t, p) => atTau(c, t, p).eIDG,
      (c, p) => lim(c, p).eIDG,
      ridgeless,
    ),
    identity(
      'ridgeless, kappa = inf: the limit e^ICL = rho + nu^2 m^2 + t3 + xQ at m = 1/(1 + x) is rho + x/(1 + x)',
      iclInf,
      e('rho + x/(1 + x)'),
      xr,
    ),
    identity(
      'ridgeless, kappa = inf: the limit e^IDG = rho + xP + 0 is rho + x/(1 + x)',
      ridgelessInf.numer,
      e('rho + x/(1 + x)'),
      xr,
    ),
    identity(
      "the core's tau = inf e^ICL at kappa = inf, lambda = 0 is rho + x/(1 + x)",
      (c, p) => tauInfinity(c, kappaTerms(c, c.num('inf')), at(p, 'x'), at(p, 'rho'), c.num(0)).eICL,
      e('rho + x/(1 + x)'),
      xr,
      true,
    ),
    identity(
      "the core's tau = inf e^IDG at kappa = inf, lambda = 0 is rho + x/(1 + x)",
      (c, p) => tauInfinity(c, kappaTerms(c, c.num('inf')), at(p, 'x'), at(p, 'rho'), c.num(0)).eIDG,
      e('rho + x/(1 + x)'),
      xr,
      true,
    ),
  ],
  mutant: () => ({
    step: 8,
    change: 'exponent: x/(1 + x)^2 instead of x/(1 + x)',
    broken: identity('broken kappa = inf limit', iclInf, e('rho + x/(1 + x)^2'), xr),
  }),
};
