// Extra proof: the core's cancellation-free rewrite of the unified errors (src/theory/errors.ts) equals
// docs/theory.md §5's form, using the quadratic of M and the self-consistency.
import { e, identity, region, R, spans, sym, at } from './helpers.js';
import type { DecCtx, DecPoint } from './helpers.js';
import type { Proof } from './proof.js';
import { fn, variable, type Expr } from '../symbolic/expr.js';
import { errorTerms, paperUnifiedErrors, unifiedErrors } from '../theory/errors.js';
import { kappaTerms } from '../theory/params.js';
import { M, Mprime, resolventTerms } from '../theory/resolvent.js';
import { epsilon } from '../theory/selfConsistency.js';

const [x, kappa, tau, rho, eps] = ['x', 'kappa', 'tau', 'rho', 'eps'].map(variable) as [Expr, Expr, Expr, Expr, Expr];
const nu = e('x + eps');
const m = fn('M', kappa, nu);
// M' as the core writes it (proved by implicit differentiation in proof 1); keeps nerdamer's work small.
const mp = resolventTerms(sym, kappaTerms(sym, kappa), nu, m).mp;
// The self-consistency solved for λ, so that it holds identically: τλ/ε = τ − 1 + εm.
const lambda = e('eps*(eps*mm - 1 + tau)/tau', { mm: m });
const kt = kappaTerms(sym, kappa);
const t = errorTerms(sym, { kt, x, tau, rho, lambda }, eps, m);
const d = { mm: m, mp, nu, eps, lambda };
const paper = {
  Q: e('1 - 2*nu*mm - nu^2*mp', d),
  mEpsMp: e('mm + eps*mp', d),
  numer: e('rho + nu - nu^2*mm - eps*(1 - 2*nu*mm - nu^2*mp)', d),
  D: e('tau - 1 + 2*eps*mm + eps^2*mp', d),
};

const free = region('x > 0, kappa > 0, eps > 0, tau > 0, rho >= 0', spans('x', 'kappa', 'eps', 'tau', 'rho'));
const blocks = region(
  'free blocks',
  spans(
    'x',
    'rho',
    ['nu', R.pos(1e-2, 20)],
    ['m', R.between(0, 1)],
    ['t3', R.between(0, 1)],
    ['c', R.between(-3, 3)],
    ['E', R.between(0, 1)],
    'tau',
  ),
);
const params = region('x > 0, kappa > 0, tau > 0, lambda > 0, rho >= 0', spans('x', 'kappa', 'tau', 'lambda', 'rho'));
const coreEps = (c: DecCtx, p: DecPoint) => {
  const k = at(p, 'kappa');
  return epsilon(c, k, { kt: kappaTerms(c, k), x: at(p, 'x'), tau: at(p, 'tau'), lambda: at(p, 'lambda') });
};
const coreErrors = (c: DecCtx, p: DecPoint, paperForm: boolean) => {
  const k = kappaTerms(c, at(p, 'kappa'));
  const q = { kt: k, x: at(p, 'x'), tau: at(p, 'tau'), rho: at(p, 'rho'), lambda: at(p, 'lambda') };
  const ep = coreEps(c, p);
  const nuV = q.x.plus(ep);
  return paperForm
    ? paperUnifiedErrors(c, q, ep, M(c, k, nuV), Mprime(c, k, nuV))
    : unifiedErrors(c, q, ep, M(c, k, nuV));
};

export const rewriteProof: Proof = {
  name: 'unified-rewrite',
  claim:
    'the cancellation-free unified errors of src/theory/errors.ts equal ' +
    'docs/theory.md section 5 (given the quadratic of M and the self-consistency)',
  steps: [
    identity("Q = P^2 + t3 (core) equals 1 - 2 nu M - nu^2 M'", t.Q, paper.Q, free),
    identity("m(P + xm + xm^2/kappa)/S (core) equals M + eps M'", t.mEpsMp, paper.mEpsMp, free),
    identity(
      "rho + xP + eps nu m P/S (core) equals rho + nu - nu^2 M - eps(1 - 2 nu M - nu^2 M')",
      t.numer,
      paper.numer,
      free,
    ),
    identity(
      "tau lambda/eps + eps(M + eps M') (core denominator) equals " +
        "tau - 1 + 2 eps M + eps^2 M' at the self-consistent lambda",
      e('tau*lambda/eps + eps*(mm + eps*mp)', d),
      paper.D,
      free,
    ),
    identity(
      'assembly: with Q = (1 - nu m)^2 + t3, rho + nu^2 m^2 + t3 + ' +
        'xQ + (1 + x)cE equals (1 + x)(Q + cE) - 2(1 - nu m) + 1 + rho',
      e('rho + nu^2*m^2 + t3 + x*((1 - nu*m)^2 + t3) + (1 + x)*c*E'),
      e('(1 + x)*((1 - nu*m)^2 + t3 + c*E) - 2*(1 - nu*m) + 1 + rho'),
      blocks,
    ),
    identity(
      "the core's unified e^ICL equals its paper form at the core's epsilon",
      (c, p) => coreErrors(c, p, false).eICL,
      (c, p) => coreErrors(c, p, true).eICL,
      params,
      true,
    ),
    identity(
      "the core's unified e^IDG equals its paper form at the core's epsilon",
      (c, p) => coreErrors(c, p, false).eIDG,
      (c, p) => coreErrors(c, p, true).eIDG,
      params,
      true,
    ),
  ],
  mutant: () => ({
    step: 3,
    change: 'factor 2 on eps M dropped in the denominator',
    broken: identity(
      'broken denominator',
      e('tau*lambda/eps + eps*(mm + eps*mp)', d),
      e('tau - 1 + eps*mm + eps^2*mp', d),
      free,
    ),
  }),
};
