// Proof 2: the self-consistency 1 − τ + τλ/ε = ε M_κ(x + ε) is equivalent to a quartic in ε, and its
// positive root is unique (the left side decreases, the right side increases from 0 to 1).
import { e, identity, identityAt, limit, region, R, spans, sym, at } from './helpers.js';
import { derivative } from '../symbolic/nerdamer.js';
import type { Proof } from './proof.js';
import { fn, variable, ZERO } from '../symbolic/expr.js';
import { errorTerms } from '../theory/errors.js';
import { kappaTerms } from '../theory/params.js';
import { M } from '../theory/resolvent.js';
import { epsilon } from '../theory/selfConsistency.js';
import type { DecCtx, DecPoint } from './helpers.js';

const kappa = variable('kappa');
const x = variable('x');
const eps = variable('eps');
const nu = e('x + eps');
const m = fn('M', kappa, nu);

// With A = 1 − τ, B = τλ the self-consistency gives m = (Aε + B)/ε²; κε⁴ times the quadratic of m:
const A = '(1 - tau)';
const B = '(tau*lambda)';
const QUARTIC = {
  e4: '-kappa*tau',
  e3: `${A}^2 + kappa*${B} + (kappa*(x + 1) - 1)*${A}`,
  e2: `2*${A}*${B} + x*${A}^2 + (kappa*(x + 1) - 1)*${B}`,
  e1: `${B}^2 + 2*x*${A}*${B}`,
  e0: `x*${B}^2`,
};
const quartic = (q: typeof QUARTIC) => `(${q.e4})*eps^4 + (${q.e3})*eps^3 + (${q.e2})*eps^2 + (${q.e1})*eps + ${q.e0}`;
const substituted = e(`kappa*eps^4*((nu/kappa)*mm^2 + (nu + 1 - 1/kappa)*mm - 1)`, {
  nu,
  mm: e(`(${A}*eps + ${B})/eps^2`),
});

const params = region(
  'x > 0, kappa > 0, 0 < tau < 5, lambda > 0',
  spans('x', 'kappa', ['tau', R.pos(0.05, 5)], 'lambda'),
);
const withEps = region(
  'x > 0, kappa > 0, 0 < tau < 5, lambda > 0, eps > 0',
  spans('x', 'kappa', ['tau', R.pos(0.05, 5)], 'lambda', 'eps'),
);
const free = region('x > 0, kappa > 0, eps > 0', { x: R.pos(1e-3, 20), kappa: R.pos(0.05, 20), eps: R.pos(1e-3, 20) });

/** The core's ε at the region point. */
const coreEps = (c: DecCtx, p: DecPoint) => {
  const k = at(p, 'kappa');
  return epsilon(c, k, { kt: kappaTerms(c, k), x: at(p, 'x'), tau: at(p, 'tau'), lambda: at(p, 'lambda') });
};

export const selfConsistency: Proof = {
  name: 'self-consistency',
  claim:
    'for lambda > 0 the self-consistency 1 - tau + tau lambda/eps = eps ' +
    'M_kappa(x + eps) is a quartic in eps with a unique positive root',
  steps: [
    identity(
      `with m = ((1 - tau)eps + tau lambda)/eps^2, kappa eps^4 times the quadratic of m ` +
        `at nu = x + eps is the quartic ${quartic(QUARTIC)}; a positive root with (1 - ` +
        `tau)eps + tau lambda > 0 gives m > 0, the positive root M_kappa(nu), and conversely`,
      substituted,
      e(quartic(QUARTIC)),
      withEps,
    ),
    identityAt("the core's epsilon is a root of the quartic", { eps: coreEps }, e(quartic(QUARTIC)), ZERO, params),
    identityAt(
      "the core's epsilon solves the self-consistency itself",
      { eps: coreEps },
      e('eps*M(kappa, x + eps)'),
      e('1 - tau + tau*lambda/eps'),
      params,
    ),
    identity(
      "d/d eps [eps M_kappa(x + eps)] = M + eps M' equals the core's m(P + " +
        'xm + xm^2/kappa)/S, a ratio of positive terms: the right side increases',
      e('mm + eps*Mp(kappa, nu)', { mm: m, nu }),
      errorTerms(sym, { kt: kappaTerms(sym, kappa), x, tau: ZERO, rho: ZERO, lambda: ZERO }, eps, m).mEpsMp,
      free,
    ),
    identity(
      'd/d eps [1 - tau + tau lambda/eps] = -tau lambda/eps^2 < 0: the left side decreases from +inf',
      e(derivative('1 - tau + tau*lambda/eps', 'eps')),
      e('-tau*lambda/eps^2'),
      withEps,
    ),
    limit(
      'eps M_kappa(x + eps) -> 1 as eps -> inf (t = 1/eps)',
      (c, t, p) => M(c, kappaTerms(c, at(p, 'kappa')), at(p, 'x').plus(c.div(c.num(1), t))).div(t),
      e('1'),
      region('x > 0, kappa > 0', { x: R.pos(1e-2, 20), kappa: R.pos(0.05, 20) }),
    ),
    limit(
      'eps M_kappa(x + eps) -> 0 as eps -> 0 (x > 0)',
      (c, t, p) => t.times(M(c, kappaTerms(c, at(p, 'kappa')), at(p, 'x').plus(t))),
      e('0'),
      region('x > 0, kappa > 0', { x: R.pos(1e-2, 20), kappa: R.pos(0.05, 20) }),
    ),
  ],
  mutant: () => ({
    step: 0,
    change: 'factor 2 on (1 - tau)^2 in the eps^3 coefficient',
    broken: identity(
      'quartic (broken coefficient)',
      substituted,
      e(quartic({ ...QUARTIC, e3: `2*${QUARTIC.e3}` })),
      withEps,
    ),
  }),
};
