// Proof 1: M_κ is the positive root of its quadratic; M'_κ by implicit differentiation; M_∞ = 1/(1+x);
// x M_κ(x) → 1 − κ as x → 0 for κ < 1.
import { e, coreM, identity, limit, region, R, sym, at } from './helpers.js';
import type { Proof } from './proof.js';
import { derivative } from '../symbolic/nerdamer.js';
import { parse } from '../symbolic/stepFormula.js';
import { fn, variable, ZERO } from '../symbolic/expr.js';
import { kappaTerms } from '../theory/params.js';
import { M, Mprime, resolventTerms } from '../theory/resolvent.js';

const x = variable('x');
const kappa = variable('kappa');

const all = region('x > 0, kappa > 0', { x: R.pos(1e-3, 50), kappa: R.pos(0.05, 20) });
const bPositive = region(
  'x > 0, kappa > 0, b = x + 1 - 1/kappa >= 0',
  { x: R.pos(1e-3, 50), kappa: R.pos(0.05, 20) },
  (p) => p.x! + 1 - 1 / p.kappa! >= 0,
);
const bNegative = region(
  'x > 0, 0 < kappa < 1, b = x + 1 - 1/kappa < 0',
  { x: R.pos(1e-4, 10), kappa: R.between(0.05, 0.95) },
  (p) => p.x! + 1 - 1 / p.kappa! < 0,
);
const below1 = region('0 < kappa < 1', { kappa: R.between(0.05, 0.95) });

// The core's M on each branch of its sign test on b.
const mPlus = coreM({ x: '2', kappa: '2' }, kappa, x);
const mMinus = coreM({ x: '0.1', kappa: '0.5' }, kappa, x);
const m = fn('M', kappa, x);

// F(x, M) = 0 is the quadratic; M' = −F_x / F_M.
const F = '(x/kappa)*mm^2 + (x + 1 - 1/kappa)*mm - 1';
const implicit = e(`-(${derivative(F, 'x')})/(${derivative(F, 'mm')})`, { mm: m });
const coreMprime = resolventTerms(sym, kappaTerms(sym, kappa), x, m);

export const resolvent: Proof = {
  name: 'resolvent',
  claim:
    "M_kappa(x) is the positive root of (x/kappa)M^2 + (x+1-1/kappa)M - 1 = 0; M' follows by " +
    'implicit differentiation; M_inf = 1/(1+x); x M_kappa(x) -> 1 - kappa as x -> 0 for kappa < 1',
  steps: [
    identity(
      'the core M for b >= 0, 2/(b + sqrt(b^2 + 4x/kappa)), solves the quadratic',
      e(F, { mm: mPlus }),
      ZERO,
      bPositive,
    ),
    identity(
      'the core M for b < 0, (sqrt(b^2 + 4x/kappa) - b)/(2x/kappa), solves the quadratic',
      e(F, { mm: mMinus }),
      ZERO,
      bNegative,
    ),
    identity(
      'the two forms of the root are equal (rationalization), so the branch choice only avoids cancellation',
      mPlus,
      mMinus,
      all,
    ),
    identity(
      'product of the roots = -kappa/x < 0: exactly one root is ' +
        'positive, and M = 2/(b + sqrt(D)) > 0 (sqrt(D) > |b|) is it',
      e('mm*(-(x + 1 - 1/kappa) - sqrt((x + 1 - 1/kappa)^2 + 4*x/kappa))/(2*x/kappa)', { mm: mPlus }),
      e('-kappa/x'),
      all,
    ),
    identity(
      "implicit differentiation: -F_x/F_M equals the core M'_kappa = -M^2(1 + M/kappa)/(1 + x M^2/kappa)",
      implicit,
      coreMprime.mp,
      all,
    ),
    limit(
      "the core M'_kappa is the derivative of the core M_kappa: (M(x+t) - M(x))/t -> M'(x)",
      (c, t, p) => {
        const kt = kappaTerms(c, at(p, 'kappa'));
        return M(c, kt, at(p, 'x').plus(t))
          .minus(M(c, kt, at(p, 'x')))
          .div(t);
      },
      (c, p) => Mprime(c, kappaTerms(c, at(p, 'kappa')), at(p, 'x')),
      all,
    ),
    identity(
      "P = 1 - xM equals the core's cancellation-free M/(1 + M/kappa) (by the quadratic)",
      e('1 - x*mm', { mm: m }),
      coreMprime.P,
      all,
    ),
    identity(
      'kappa = inf: the quadratic reads (x + 1)M - 1 = 0, so M_inf(x) = 1/(1 + x)',
      fn('M', e('inf'), x),
      e('1/(1 + x)'),
      all,
    ),
    identity(
      'the core M at kappa = inf equals 1/(1 + x)',
      (c, p) => M(c, kappaTerms(c, c.num('inf')), at(p, 'x')),
      e('1/(1 + x)'),
      region('x > 0', { x: R.pos(1e-6, 1e3) }),
      true,
    ),
    identity(
      'u = x M_kappa(x) solves (1/kappa)u^2 + (x + 1 - 1/kappa)u - x = 0',
      e('(1/kappa)*(x*mm)^2 + (x + 1 - 1/kappa)*(x*mm) - x', { mm: m }),
      ZERO,
      all,
    ),
    identity(
      'at x = 0 that equation factors as (u/kappa)(u - (1 - kappa)) = 0: u -> 0 or u -> 1 - kappa',
      e('(1/kappa)*u^2 + (1 - 1/kappa)*u'),
      e('(u/kappa)*(u - (1 - kappa))'),
      region('kappa > 0', { kappa: R.pos(0.05, 20), u: R.between(-2, 2) }),
    ),
    limit(
      'for kappa < 1, x M_kappa(x) -> 1 - kappa (the nonzero root: a fraction 1 - kappa of eigenvalues is 0)',
      (c, t, p) => t.times(M(c, kappaTerms(c, at(p, 'kappa')), t)),
      e('1 - kappa'),
      below1,
    ),
  ],
  mutant: () => ({
    step: 4,
    change: "sign of M' flipped",
    broken: identity(
      'implicit differentiation (broken: sign flipped)',
      implicit,
      parse('-mp', { mp: coreMprime.mp }),
      all,
    ),
  }),
};
