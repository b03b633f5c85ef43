// Proof 4: the paper's ridgeless closed forms (docs/theory.md §5, both branches) equal the unified
// formulas at λ = 0, and are the λ → 0⁺ limits of the unified formulas.
import { e, coreM, identity, limit, region, R, spans, sym, at } from './helpers.js';
import type { DecCtx, DecPoint } from './helpers.js';
import type { Proof } from './proof.js';
import { fn, variable, ZERO, type Expr } from '../symbolic/expr.js';
import { symbolic } from '../symbolic/symbolicContext.js';
import { paperUnifiedErrors, unifiedErrors } from '../theory/errors.js';
import { ridgelessClosedForm } from '../theory/closedForms.js';
import { kappaTerms } from '../theory/params.js';
import { M, resolventTerms } from '../theory/resolvent.js';
import { epsilon } from '../theory/selfConsistency.js';

const [x, kappa, tau, rho] = ['x', 'kappa', 'tau', 'rho'].map(variable) as [Expr, Expr, Expr, Expr];
const kt = kappaTerms(sym, kappa);
const q0 = { kt, x, tau, rho, lambda: ZERO };

// docs/theory.md §5 as printed, with m* = M_kappa(x) and m' = M_{kappa/tau}(x) (mu* = x m').
const m = fn('M', kappa, x);
const mr = fn('M', e('kappa/tau'), x);
const kStar = e('1/(1 - kappa*(mm/(kappa + mm))^2)', { mm: m });
const printed = {
  aboveICL: e(
    '(ks - 1/(tau - 1))*(1 + x)*(x*mm)^2 + ((3 - 2*tau)/(tau - ' +
      '1))*mm*x^2 + ((1 + rho)*mm/(tau - 1) + 1)*x + rho*mm/(tau - 1) + rho',
    { mm: m, ks: kStar },
  ),
  aboveIDG: e('tau*(rho + x*(1 - x*mm))/(tau - 1)', { mm: m }),
  belowICL: e('tau*(1 + x)/(1 - tau)*(1 - tau*(1 - mu)^2 - ((x - rho)/x)*mu) - 2*tau*(1 - mu) + rho + 1', {
    mu: e('x*mr', { mr }),
  }),
  belowIDG: e('tau*((x + ee)^2/ee + (rho + x - 2*x*(1 - tau)*(x/ee + 1))/(1 - tau - q*(1 - tau)^2))', {
    ee: e('(1 - tau)/(tau*mr)', { mr }),
    q: e('1/(1 - kappa/(1 + kappa*((1 - tau)/(tau*mr))/(1 - tau))^2)', { mr }),
  }),
};

// The unified formulas (paper's form) at λ = 0: ε = 0 above; below ε = (1 − τ)/(τm'), M_κ(x + ε) = τm' (proof 3).
const paperAbove = (mp: Expr) => paperUnifiedErrors(sym, q0, ZERO, m, mp);
const epsBelow = e('(1 - tau)/(tau*mr)', { mr });
const mBelow = e('tau*mr', { mr });
const nuBelow = e('x + ee', { ee: epsBelow });
const paperBelow = paperUnifiedErrors(sym, q0, epsBelow, mBelow, resolventTerms(sym, kt, nuBelow, mBelow).mp);

const above = region('x > 0, kappa > 0, tau > 1, rho >= 0', spans('x', 'kappa', ['tau', R.pos(1.05, 20)], 'rho'));
const below = region(
  'x > 0, kappa > 0, 0 < tau < 1, rho >= 0',
  spans('x', 'kappa', ['tau', R.between(0.05, 0.95)], 'rho'),
);
// τ < 1 with M itself as the symbol: ε = (1 − τ)/M.
const mFree: Record<string, Expr> = { ee: e('(1 - tau)/m') };
mFree.nu = e('x + ee', mFree);
const paperMFree = paperUnifiedErrors(sym, q0, mFree.ee!, variable('m'), e('-m^2*q'));
/** τ < 1 ridgeless e^ICL as a function of M = M_κ(x + ε) alone (proved below); reused at κ = ∞. */
export const iclQFree = e(
  '(1 + x)*(1 - 2*nu*m + nu^2*m^2/(1 - tau) + (rho + x - 2*x*(1 - tau)*(x/ee + 1))/ee) - 2*(1 - nu*m) + 1 + rho',
  mFree,
);
const belowM = region(
  'x > 0, M > 0, 0 < tau < 1, rho >= 0, q free',
  spans('x', ['m', R.pos(0.05, 5)], ['tau', R.between(0.05, 0.95)], 'rho', ['q', R.between(1.1, 5)], 'kappa'),
);
const belowFree = region(
  'x > 0, kappa > 0, 0 < tau < 1, rho >= 0, eps > 0, q free',
  spans('x', 'kappa', ['tau', R.between(0.05, 0.95)], 'rho', ['eps', R.pos(1e-2, 20)], ['q', R.between(1.1, 5)]),
);
const aboveBranch = { x: '0.5', kappa: '2', tau: '2', rho: '0.1' };

/** The core's errors at the point: its closed form, or its unified formula at a given λ. */
const closed = (c: DecCtx, p: DecPoint) =>
  ridgelessClosedForm(c, { kappa: at(p, 'kappa'), x: at(p, 'x'), tau: at(p, 'tau'), rho: at(p, 'rho') });
const unifiedAt = (c: DecCtx, p: DecPoint, lambda: ReturnType<DecCtx['num']>) => {
  const k = kappaTerms(c, at(p, 'kappa'));
  const q = { kt: k, x: at(p, 'x'), tau: at(p, 'tau'), rho: at(p, 'rho'), lambda };
  const ep = epsilon(c, at(p, 'kappa'), q);
  return unifiedErrors(c, q, ep, M(c, k, q.x.plus(ep)));
};

export const closedFormsProof: Proof = {
  name: 'ridgeless-closed-forms',
  claim:
    "the paper's ridgeless closed forms (tau < 1 and tau > 1, ICL and IDG) " +
    'equal the unified formulas at lambda = 0 and are their lambda -> 0+ limits',
  steps: [
    identity(
      "tau > 1: the core's closed e^IDG equals the unified tau c at eps = 0 (core M, radical form)",
      ridgelessClosedForm(symbolic(aboveBranch), { kappa, x, tau, rho }).eIDG,
      paperUnifiedErrors(
        sym,
        q0,
        ZERO,
        coreM(aboveBranch, kappa, x),
        resolventTerms(sym, kt, x, coreM(aboveBranch, kappa, x)).mp,
      ).eIDG,
      above,
    ),
    identity(
      "lemma: M'_kappa(x) = -M^2 k* with k* = 1/(1 - kappa (m*/(kappa " +
        "+ m*))^2), i.e. 1 - 2xm - x^2 M' = 1 - 2xm + k* (xm)^2",
      fn('Mp', kappa, x),
      e('-mm^2*ks', { mm: m, ks: kStar }),
      above,
    ),
    identity(
      "tau > 1: the unified e^ICL at eps = 0 (with the lemma) equals docs/theory.md's closed e^ICL",
      paperAbove(e('-mm^2*ks', { mm: m, ks: kStar })).eICL,
      printed.aboveICL,
      above,
    ),
    identity(
      "tau > 1: docs/theory.md's printed e^IDG equals the unified one at eps = 0",
      paperAbove(fn('Mp', kappa, x)).eIDG,
      printed.aboveIDG,
      above,
    ),
    identity(
      "tau < 1: at M = (1 - tau)/eps (the ridgeless self-consistency) the lemma's k* " +
        "is docs/theory.md's q = 1/(1 - kappa/(1 + kappa eps/(1 - tau))^2), so M' = -M^2 q",
      e('1/(1 - kappa*(mm/(kappa + mm))^2)', { mm: e('(1 - tau)/eps') }),
      e('1/(1 - kappa/(1 + kappa*eps/(1 - tau))^2)'),
      belowFree,
    ),
    identity(
      "tau < 1: the unified e^IDG at M = (1 - tau)/eps, M' = -M^2 " +
        "q equals docs/theory.md's closed e^IDG (eps, q as symbols)",
      paperUnifiedErrors(sym, q0, variable('eps'), e('(1 - tau)/eps'), e('-((1 - tau)/eps)^2*q')).eIDG,
      e('tau*((x + eps)^2/eps + (rho + x - 2*x*(1 - tau)*(x/eps + 1))/(1 - tau - q*(1 - tau)^2))'),
      belowFree,
    ),
    identity(
      "tau < 1: the unified e^IDG at eps = (1 - tau)/(tau m'), M = tau m' equals docs/theory.md's closed e^IDG",
      paperBelow.eIDG,
      printed.belowIDG,
      below,
    ),
    identity(
      "tau < 1, e^ICL: with M = (1 - tau)/eps, M' = -M^2 q and c = e^IDG/tau, c(M + eps M') " +
        '= nu^2 M^2 (1 - (1 - tau)q)/(1 - tau) + N/eps, N = rho + x - 2x(1 - tau)(x/eps + 1)',
      e('(eg/tau)*(m - ee*m^2*q)', { ...mFree, eg: paperMFree.eIDG }),
      e('nu^2*m^2*(1 - (1 - tau)*q)/(1 - tau) + (rho + x - 2*x*(1 - tau)*(x/ee + 1))/ee', mFree),
      belowM,
    ),
    identity(
      'so in Q + cE the q terms cancel: 1 - 2 nu M + nu^2 M^2 q + cE = 1 - 2 nu M + nu^2 M^2/(1 - tau) + N/eps',
      e('1 - 2*nu*m + nu^2*m^2*q + nu^2*m^2*(1 - (1 - tau)*q)/(1 - tau) + N/ee', mFree),
      e('1 - 2*nu*m + nu^2*m^2/(1 - tau) + N/ee', mFree),
      region('free', {
        x: R.pos(1e-2, 20),
        m: R.pos(0.05, 5),
        tau: R.between(0.05, 0.95),
        q: R.between(1.1, 5),
        N: R.between(-5, 5),
      }),
    ),
    identity(
      "the core's paper e^ICL there is (1 + x)(Q + cE) - 2(1 - nu M) " +
        '+ 1 + rho with that q-free bracket (structure of the formula)',
      paperMFree.eICL,
      iclQFree,
      belowM,
      true,
    ),
    identity(
      "tau < 1: the q-free e^ICL equals docs/theory.md's closed e^ICL with mu = x M/tau = x M_{kappa/tau}(x) (proof 3)",
      iclQFree,
      e('tau*(1 + x)/(1 - tau)*(1 - tau*(1 - mu)^2 - ((x - rho)/x)*mu) - 2*tau*(1 - mu) + rho + 1', {
        mu: e('x*m/tau'),
      }),
      belowM,
    ),
    identity(
      "tau < 1: the unified e^ICL there equals docs/theory.md's closed e^ICL",
      paperBelow.eICL,
      printed.belowICL,
      below,
    ),
    identity(
      "tau > 1: the core's closed e^ICL equals docs/theory.md's printed one",
      (c, p) => closed(c, p).eICL,
      printed.aboveICL,
      above,
      true,
    ),
    identity(
      "tau < 1: the core's closed e^ICL equals docs/theory.md's printed one",
      (c, p) => closed(c, p).eICL,
      printed.belowICL,
      below,
      true,
    ),
    identity(
      "tau < 1: the core's closed e^IDG equals docs/theory.md's printed one",
      (c, p) => closed(c, p).eIDG,
      printed.belowIDG,
      below,
      true,
    ),
    ...(['eICL', 'eIDG'] as const).flatMap((err) => [
      identity(
        `tau > 1: the core's closed ${err} equals the core's unified formula at lambda = 0`,
        (c, p) => closed(c, p)[err],
        (c, p) => unifiedAt(c, p, c.num(0))[err],
        above,
        true,
      ),
      identity(
        `tau < 1: the core's closed ${err} equals the core's unified formula at lambda = 0`,
        (c, p) => closed(c, p)[err],
        (c, p) => unifiedAt(c, p, c.num(0))[err],
        below,
        true,
      ),
      limit(
        `lambda -> 0+, tau > 1: the unified ${err} tends to the closed form`,
        (c, t, p) => unifiedAt(c, p, t)[err],
        (c, p) => closed(c, p)[err],
        above,
      ),
      limit(
        `lambda -> 0+, tau < 1: the unified ${err} tends to the closed form`,
        (c, t, p) => unifiedAt(c, p, t)[err],
        (c, p) => closed(c, p)[err],
        below,
      ),
    ]),
  ],
  mutant: () => ({
    step: 3,
    change: 'sign of x m* in the tau > 1 e^IDG: 1 + x m* instead of 1 - x m*',
    broken: identity(
      'broken tau > 1 e^IDG',
      paperAbove(fn('Mp', kappa, x)).eIDG,
      e('tau*(rho + x*(1 + x*mm))/(tau - 1)', { mm: m }),
      above,
    ),
  }),
};
