// Proof 3: ridgeless τ < 1: ε = (1 − τ)x/(τμ) with μ = x M_{κ/τ}(x) solves ε M_κ(x + ε) = 1 − τ.
import { e, coreM, identity, identityAt, region, R, at } from './helpers.js';
import type { Proof } from './proof.js';
import { fn, variable, ZERO } from '../symbolic/expr.js';
import { symbolic } from '../symbolic/symbolicContext.js';
import { kappaTerms } from '../theory/params.js';
import { epsilon, ridgelessEpsilon } from '../theory/selfConsistency.js';
import type { DecCtx, DecPoint } from './helpers.js';

const kappa = variable('kappa');
const x = variable('x');
const tau = variable('tau');
const mr = fn('M', e('kappa/tau'), x);
const theoryEps = (m: typeof mr) => e('(1 - tau)*x/(tau*mu)', { mu: e('x*mm', { mm: m }) });
const eps = theoryEps(mr);
const quadraticAt = (epsE: typeof eps, scale: string) =>
  e(`((x + ee)/kappa)*(${scale}*mm)^2 + (x + ee + 1 - 1/kappa)*(${scale}*mm) - 1`, { ee: epsE, mm: mr });

const below = region('x > 0, kappa > 0, 0 < tau < 1', {
  x: R.pos(1e-3, 20),
  kappa: R.pos(0.05, 20),
  tau: R.between(0.02, 0.98),
});
const branch = { x: '0.5', kappa: '0.7', tau: '0.4' };
const coreEps = (c: DecCtx, p: DecPoint) => {
  const k = at(p, 'kappa');
  return epsilon(c, k, { kt: kappaTerms(c, k), x: at(p, 'x'), tau: at(p, 'tau'), lambda: c.num(0) });
};

export const ridgelessEpsilonProof: Proof = {
  name: 'ridgeless-epsilon',
  claim:
    'ridgeless, tau < 1: eps = (1 - tau)x/(tau mu), mu = x M_{kappa/tau}(x), solves eps M_kappa(x + eps) = 1 - tau',
  steps: [
    identity(
      "with m' = M_{kappa/tau}(x) and eps = (1 - tau)x/(tau x m'), the value tau m' " +
        "solves the kappa-quadratic at nu = x + eps (using the (kappa/tau)-quadratic of m')",
      quadraticAt(eps, 'tau'),
      ZERO,
      below,
    ),
    identity(
      "tau m' > 0, so it is the positive root: M_kappa(x + eps) " +
        "= tau m', and eps M_kappa(x + eps) = eps tau m' = 1 - tau",
      e('ee*tau*mm', { ee: eps, mm: mr }),
      e('1 - tau'),
      below,
    ),
    identity(
      'the positive-root choice holds numerically: the core M_kappa(x + eps) equals tau M_{kappa/tau}(x)',
      e('M(kappa, x + ee)', { ee: eps }),
      e('tau*M(kappa/tau, x)'),
      below,
      true,
    ),
    identity(
      "the core's ridgelessEpsilon is docs/theory.md's (1 - tau)x/(tau " +
        'mu) (both from the core M, branch of the sample point)',
      ridgelessEpsilon(symbolic(branch), kappa, x, tau),
      theoryEps(coreM(branch, e('kappa/tau'), x)),
      below,
    ),
    identityAt(
      "the core's epsilon (lambda = 0, tau < 1) solves eps M_kappa(x + eps) = 1 - tau",
      { eps: coreEps },
      e('eps*M(kappa, x + eps)'),
      e('1 - tau'),
      below,
    ),
  ],
  mutant: () => ({
    step: 0,
    change: 'exponent of tau in eps: tau^2 instead of tau',
    broken: identity(
      'broken: eps = (1 - tau)x/(tau^2 mu)',
      quadraticAt(e('(1 - tau)*x/(tau^2*x*mm)', { mm: mr }), 'tau'),
      ZERO,
      below,
    ),
  }),
};
