// Proof 5: κ → ∞: e^ICL ≡ e^IDG for all τ, α, ρ, λ, and their closed form (src/theory/limits.ts).
import { e, identity, limit, region, R, spans, sym, at } from './helpers.js';
import type { DecCtx, DecPoint } from './helpers.js';
import type { Proof } from './proof.js';
import { constant, fn, substitute, variable, type Expr } from '../symbolic/expr.js';
import { errorTerms, unifiedErrors } from '../theory/errors.js';
import { ridgelessClosedForm } from '../theory/closedForms.js';
import { kappaInfinity } from '../theory/limits.js';
import { kappaTerms } from '../theory/params.js';
import { M } from '../theory/resolvent.js';
import { epsilon } from '../theory/selfConsistency.js';
import { iclQFree } from './closedForms.js';

const inf = constant('inf');
const [x, tau, rho, eps] = ['x', 'tau', 'rho', 'eps'].map(variable) as [Expr, Expr, Expr, Expr];
const nu = e('x + eps');
const m = fn('M', inf, nu);
const ktInf = kappaTerms(sym, inf);
const lambda = e('eps*(eps*mm - 1 + tau)/tau', { mm: m });
const blocks = errorTerms(sym, { kt: ktInf, x, tau, rho, lambda }, eps, m);
const d = { mm: m, nu, lambda };

const free = region('x > 0, eps > 0, tau > 0, rho >= 0', spans('x', 'eps', 'tau', 'rho'));
const params = region('x > 0, tau > 0, lambda > 0, rho >= 0', spans('x', 'tau', 'lambda', 'rho'));
const ridgeless = region(
  'x > 0, tau > 0 (tau != 1), rho >= 0',
  { x: R.pos(1e-2, 20), tau: R.pos(0.05, 20), rho: R.between(0, 2) },
  (p) => Math.abs(p.tau! - 1) > 0.02,
);

const ridgelessAbove = region('x > 0, tau > 1, rho >= 0', spans('x', ['tau', R.pos(1.05, 20)], 'rho'));
const ridgelessBelow = region('x > 0, 0 < tau < 1, rho >= 0', spans('x', ['tau', R.between(0.05, 0.95)], 'rho'));

const coreUnified = (c: DecCtx, p: DecPoint, kappa: ReturnType<DecCtx['num']>) => {
  const kt = kappaTerms(c, kappa);
  const q = { kt, x: at(p, 'x'), tau: at(p, 'tau'), rho: at(p, 'rho'), lambda: at(p, 'lambda') };
  const ep = epsilon(c, kappa, q);
  return unifiedErrors(c, q, ep, M(c, kt, q.x.plus(ep)));
};
const ridgelessPoint = (c: DecCtx, p: DecPoint): DecPoint => ({ ...p, lambda: c.num(0) });

export const kappaInfinityProof: Proof = {
  name: 'kappa-infinity',
  claim:
    'at kappa = inf, M = 1/(1 + nu) and e^ICL = e^IDG for all tau, ' +
    'alpha, rho, lambda, with the closed form of src/theory/limits.ts',
  steps: [
    identity('kappa = inf: P = M, t3 = 0, so Q = M^2 (core blocks)', blocks.Q, e('mm^2', d), free),
    identity("kappa = inf: M + eps M' = (1 + x)M^2 (core block)", blocks.mEpsMp, e('(1 + x)*mm^2', d), free),
    identity(
      'the self-consistency gives tau lambda/eps = tau - 1 + eps M',
      e('tau*lambda/eps', d),
      e('tau - 1 + eps*mm', d),
      free,
    ),
    identity(
      'e^ICL = e^IDG reduces to numer (tau - (1+x)^2 M^2) = (rho + (nu^2 + x)M^2) D, which holds given (1 + nu)M = 1',
      e('(rho + x*mm + eps*nu*mm^2)*(tau - (1 + x)^2*mm^2)', d),
      e('(rho + (nu^2 + x)*mm^2)*(tau - 1 + eps*mm + eps*mm^2*(1 + x))', d),
      free,
    ),
    identity(
      'hence, with c = numer/D, the core e^ICL - e^IDG = rho + nu^2 M^2 + x M^2 + (1+x)^2 M^2 c - tau c vanishes',
      e('rho + (nu^2 + x)*m^2 + (1 + x)^2*m^2*c - tau*c', {
        c: e('nn/D', { nn: e('(rho + (nu^2 + x)*m^2)*D/(tau - (1 + x)^2*m^2)') }),
      }),
      e('0'),
      region(
        'free',
        spans('rho', ['nu', R.pos(1e-2, 20)], 'x', ['m', R.between(0.01, 1)], ['D', R.pos(0.1, 10)], 'tau'),
      ),
    ),
    identity(
      'with M = 1/(1 + nu) the self-consistency is tau eps^2 - ' +
        '((1 - tau)(1 + x) + tau lambda)eps - tau lambda(1 + x) = 0',
      e('(1 + nu)*(eps*mm - (1 - tau) - tau*lambda/eps)*eps', { mm: e('1/(1 + nu)', { nu }), nu }),
      e('tau*eps^2 - ((1 - tau)*(1 + x) + tau*lambda)*eps - tau*lambda*(1 + x)'),
      region('x, eps, tau, lambda > 0', spans('x', 'eps', 'tau', 'lambda')),
    ),
    identity(
      'the core numer block at kappa = inf is rho + x/u + eps(u - 1)/u^2 with u = 1 + x + eps ' +
        '= 1/M, so e = tau numer/(tau lambda/eps + eps(1 + x)/u^2) (the closed form of limits.ts)',
      blocks.numer,
      e('rho + x*mm + eps*(u - 1)*mm^2', { ...d, u: e('1 + nu', { nu }) }),
      free,
    ),
    identity(
      "ridgeless tau > 1: the paper's closed e^IDG = tau(rho + x(1 - x m*))/(tau " +
        '- 1) at m* = M_inf(x) = 1/(1 + x) is tau(rho + x/(1 + x))/(tau - 1)',
      e('tau*(rho + x*(1 - x*mm))/(tau - 1)', { mm: e('1/(1 + x)') }),
      e('tau*(rho + x/(1 + x))/(tau - 1)'),
      ridgelessAbove,
    ),
    identity(
      'ridgeless tau < 1: eps M_inf(x + eps) = 1 - tau gives M = tau/(1 + x), and the tau ' +
        '< 1 e^ICL (proof 4, in terms of M) is (rho + ((1 - tau)^2 + x)/(1 + x))/(1 - tau)',
      substitute(iclQFree, { m: e('tau/(1 + x)') }),
      e('(rho + ((1 - tau)^2 + x)/(1 + x))/(1 - tau)'),
      ridgelessBelow,
    ),
    identity(
      "and M = tau/(1 + x) is M_inf at nu = x + eps with eps = (1 - tau)(1 + x)/tau (the core's ridgeless epsilon)",
      e('1/(1 + x + (1 - tau)*(1 + x)/tau)'),
      e('tau/(1 + x)'),
      ridgelessBelow,
    ),
    identity(
      "the core's kappaInfinity equals the core's unified e^ICL at kappa = inf (lambda > 0)",
      (c, p) => kappaInfinity(c, at(p, 'x'), at(p, 'tau'), at(p, 'rho'), at(p, 'lambda')).e,
      (c, p) => coreUnified(c, p, c.num('inf')).eICL,
      params,
      true,
    ),
    identity(
      "the core's kappaInfinity equals the core's unified e^IDG at kappa = inf (lambda > 0)",
      (c, p) => kappaInfinity(c, at(p, 'x'), at(p, 'tau'), at(p, 'rho'), at(p, 'lambda')).e,
      (c, p) => coreUnified(c, p, c.num('inf')).eIDG,
      params,
      true,
    ),
    identity(
      "ridgeless: the core's kappaInfinity equals the paper's closed e^ICL at kappa = inf (both branches)",
      (c, p) => kappaInfinity(c, at(p, 'x'), at(p, 'tau'), at(p, 'rho'), c.num(0)).e,
      (c, p) =>
        ridgelessClosedForm(c, { kappa: c.num('inf'), x: at(p, 'x'), tau: at(p, 'tau'), rho: at(p, 'rho') }).eICL,
      ridgeless,
      true,
    ),
    identity(
      "ridgeless: and the paper's closed e^IDG at kappa = inf",
      (c, p) => kappaInfinity(c, at(p, 'x'), at(p, 'tau'), at(p, 'rho'), c.num(0)).e,
      (c, p) =>
        ridgelessClosedForm(c, { kappa: c.num('inf'), x: at(p, 'x'), tau: at(p, 'tau'), rho: at(p, 'rho') }).eIDG,
      ridgeless,
      true,
    ),
    limit(
      'kappa -> inf: the unified g_task at finite kappa = 1/t tends to 0',
      (c, t, p) => {
        const r = coreUnified(c, p, c.div(c.num(1), t));
        return r.eICL.minus(r.eIDG);
      },
      e('0'),
      params,
    ),
    limit(
      'kappa -> inf: the unified e^ICL at kappa = 1/t tends to the closed form',
      (c, t, p) => coreUnified(c, p, c.div(c.num(1), t)).eICL,
      (c, p) => kappaInfinity(c, at(p, 'x'), at(p, 'tau'), at(p, 'rho'), at(p, 'lambda')).e,
      params,
    ),
    identity(
      "the core's kappaInfinity at lambda = 0 (tau < 1 and tau > 1) matches the core unified formula at kappa = inf",
      (c, p) => kappaInfinity(c, at(p, 'x'), at(p, 'tau'), at(p, 'rho'), c.num(0)).e,
      (c, p) => coreUnified(c, ridgelessPoint(c, p), c.num('inf')).eICL,
      ridgeless,
      true,
    ),
  ],
  mutant: () => ({
    step: 1,
    change: "factor (1 + x) squared instead of linear in M + eps M'",
    broken: identity('broken block', blocks.mEpsMp, e('(1 + x)^2*mm^2', d), free),
  }),
};
