// Property 1: the formulas of src/theory against each other at random points of the whole domain.
// Each compares two computations that share no formula (or pushes the general formula toward a limit
// that is encoded separately), at a precision where the comparison's own rounding is far below the
// tolerance. Sources: THEORY.md §4–§7 and the derivations of proofs/ named at each property.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { fp as fpCtx, mp } from '../src/numeric/context.js';
import { contextRidgeError } from '../src/theory/baselines.js';
import { ridgelessClosedForm } from '../src/theory/closedForms.js';
import { paperUnifiedErrors, unifiedErrors } from '../src/theory/errors.js';
import { evaluate } from '../src/theory/evaluate.js';
import { kappaInfinity } from '../src/theory/limits.js';
import { kappaTerms, xOf } from '../src/theory/params.js';
import { M, Mprime } from '../src/theory/resolvent.js';
import { epsilon } from '../src/theory/selfConsistency.js';
import {
  alphaFinite,
  fullPoint,
  kappa,
  kappaFinite,
  magnitude,
  params,
  point,
  positiveLambda,
  positiveRho,
  rho,
  tauFinite,
  within,
  type DomainPoint,
} from './support/domain.js';
import { absDiff, at, rel } from '../test/support/theory.js';

const c60 = mp(60);
const c100 = mp(100);

describe('property 1: formulas against each other over the whole domain', () => {
  it("the cancellation-free errors equal the paper's verbatim form (THEORY.md §5; proofs/12) at 100 digits", () => {
    fc.assert(
      fc.property(point, (p) => {
        const c = c100;
        const q = at(c, p);
        const kt = kappaTerms(c, q.kappa);
        const x = xOf(c, q);
        const eps = epsilon(c, q.kappa, { kt, x, tau: q.tau, lambda: q.lambda });
        const nu = c.add(x, eps);
        const inputs = { kt, x, tau: q.tau, rho: q.rho, lambda: q.lambda };
        const ours = unifiedErrors(c, inputs, eps, M(c, kt, nu));
        const paper = paperUnifiedErrors(c, inputs, eps, M(c, kt, nu), Mprime(c, kt, nu));
        // The paper's form cancels by up to ~30 digits at the ends of the domain: 1e-50 leaves 20 to spare.
        within('e^ICL ours vs paper', p, ours.eICL, paper.eICL, rel(ours.eICL, paper.eICL), 1e-50);
        within('e^IDG ours vs paper', p, ours.eIDG, paper.eIDG, rel(ours.eIDG, paper.eIDG), 1e-50);
      }),
      params(300),
    );
  });

  it('the ridgeless closed forms (THEORY.md §5) are the unified formula at lambda -> 0+ (lambda = 1e-50, 100 digits)', () => {
    const ridgeless = fc
      .record({ alpha: alphaFinite, kappa, tau: tauFinite, rho })
      .filter((p) => Math.abs(p.tau - 1) >= 1e-6);
    fc.assert(
      fc.property(ridgeless, (r) => {
        const p: DomainPoint = { ...r, lambda: 1e-50 };
        const c = c100;
        const q = at(c, p);
        const closed = ridgelessClosedForm(c, { kappa: q.kappa, x: xOf(c, q), tau: q.tau, rho: q.rho });
        const general = evaluate(c, q);
        // ε(λ) − ε(0) = O(λ/(τ − 1)) relative to x >= 1e-12: below 1e-30 on this domain.
        within(
          'e^ICL closed form vs unified at lambda = 1e-50',
          p,
          closed.eICL,
          general.eICL,
          rel(closed.eICL, general.eICL),
          1e-25,
        );
        within(
          'e^IDG closed form vs unified at lambda = 1e-50',
          p,
          closed.eIDG,
          general.eIDG,
          rel(closed.eIDG, general.eIDG),
          1e-25,
        );
      }),
      params(300),
    );
  });

  it('the kappa = inf closed form (limits.ts, proofs/05) is the general formula at kappa = 1e30 (60 digits)', () => {
    fc.assert(
      fc.property(point, (p) => {
        const c = c60;
        const q = at(c, p, { kappa: '1e30' });
        const general = evaluate(c, q);
        const lim = kappaInfinity(c, xOf(c, q), q.tau, q.rho, q.lambda);
        // The κ-dependence is through 1/κ = 1e-30, amplified at most ~1e12 (τ within 1e-6 of 1, x = 1e-12).
        within('e^ICL at kappa = 1e30 vs kappa = inf form', p, general.eICL, lim.e, rel(general.eICL, lim.e), 1e-15);
        within('e^IDG at kappa = 1e30 vs kappa = inf form', p, general.eIDG, lim.e, rel(general.eIDG, lim.e), 1e-15);
        within(
          'epsilon at kappa = 1e30 vs kappa = inf form',
          p,
          general.epsilon,
          lim.epsilon,
          absDiff(general.epsilon, lim.epsilon, Decimal.max(lim.epsilon, 1e-300)),
          1e-15,
        );
      }),
      params(300),
    );
  });

  it('tau = inf (THEORY.md §6, proofs/07) is the general formula at tau = 1e40 (80 digits)', () => {
    const c = mp(80);
    fc.assert(
      fc.property(point, (p) => {
        const lim = evaluate(c, at(c, p, { tau: 'inf' }));
        const far = evaluate(c, at(c, p, { tau: '1e40' }));
        within('e^ICL at tau = 1e40 vs tau = inf', p, far.eICL, lim.eICL, rel(far.eICL, lim.eICL), 1e-20);
        within('e^IDG at tau = 1e40 vs tau = inf', p, far.eIDG, lim.eIDG, rel(far.eIDG, lim.eIDG), 1e-20);
      }),
      params(200),
    );
  });

  it('alpha = inf (THEORY.md §6, proofs/06): finite limits, and divergence rates per alpha or sqrt(alpha) of e^ICL, e^IDG and g_task, against the general formula at alpha = 1e50 (110 digits)', () => {
    const c = mp(110);
    const A = new Decimal('1e50');
    const pts = fc
      .record({
        kappa: fc.oneof(kappa, fc.constant(1)),
        tau: tauFinite,
        rho,
        lambda: fc.oneof(fc.constant(0), positiveLambda),
      })
      .filter((p) => !(p.lambda === 0 && Math.abs(p.tau - 1) < 1e-6))
      .filter((p) => !(p.lambda === 0 && p.kappa === p.tau && Math.abs(p.tau - 1 / 3) < 1e-15));
    fc.assert(
      fc.property(pts, fc.boolean(), (r, kappaAtBoundary) => {
        // Half the ridgeless points sit exactly on κ = min(τ, 1), where the growth is like √α.
        const base: DomainPoint = { alpha: Infinity, ...r };
        const p: DomainPoint = kappaAtBoundary && r.lambda === 0 ? { ...base, kappa: Math.min(r.tau, 1) } : base;
        const lim = evaluate(c, at(c, p));
        const far = evaluate(c, at(c, p, { alpha: '1e50' }));
        const scale = Decimal.max(lim.eICL.isFinite() ? lim.eICL : 1, lim.eIDG.isFinite() ? lim.eIDG : 1, 1);
        for (const k of ['eICL', 'eIDG', 'gTask'] as const) {
          const g = lim.growth[k];
          if (g === undefined) {
            // g_task relative to the errors (it vanishes at κ = ∞), the errors relative to themselves.
            const d = k === 'gTask' ? absDiff(far[k], lim[k], scale) : rel(far[k], lim[k]);
            within(`${k} at alpha = 1e50 vs alpha = inf`, p, far[k], lim[k], d, 1e-12);
          } else {
            const perAlpha = far[k].div(g.power === 1 ? A : A.sqrt());
            within(
              `${k}/alpha^${g.power} at alpha = 1e50 vs the encoded rate`,
              p,
              perAlpha,
              g.rate,
              rel(perAlpha, g.rate),
              1e-12,
            );
          }
        }
      }),
      params(300),
    );
  });

  it('alpha, tau -> inf with tau/alpha = c (THEORY.md §6, proofs/06) is the general formula at alpha = 1e50, tau = c alpha (110 digits)', () => {
    const c = mp(110);
    const pts = fc.record({
      kappa: fc.oneof(kappa, fc.constant(1)),
      rho,
      lambda: fc.oneof(fc.constant(0), positiveLambda),
      tauPerAlpha: magnitude(1e-3, 1e3),
    });
    fc.assert(
      fc.property(pts, (r) => {
        const p: DomainPoint = { alpha: Infinity, tau: Infinity, ...r };
        const lim = evaluate(c, at(c, p));
        const A = c.num('1e50');
        const far = evaluate(c, {
          ...at(c, p, { alpha: '1e50' }),
          tau: c.mul(c.num(r.tauPerAlpha), A),
          tauPerAlpha: undefined,
        });
        // Relative to the errors, absolute where they vanish (ρ = 0, κ >= 1: both limits are 0).
        const scale = Decimal.max(lim.eICL, lim.eIDG, 1);
        for (const k of ['eICL', 'eIDG', 'gTask'] as const)
          within(
            `${k} at alpha = 1e50, tau = c alpha vs the joint limit`,
            p,
            far[k],
            lim[k],
            absDiff(far[k], lim[k], scale),
            1e-12,
          );
      }),
      params(300),
    );
  });

  it('context-only ridge (THEORY.md §7, proofs/11) is a lower bound of e^ICL everywhere, and they agree as alpha -> inf', () => {
    // Ridge with penalty ρ is the posterior mean of a Gaussian task prior, asymptotically the
    // Bayes-optimal use of one context; linear attention is one estimator from the same context, so
    // its ICL error cannot be lower. At α = ∞ both are ρ.
    fc.assert(
      fc.property(point, (p) => {
        const c = c60;
        const q = at(c, p);
        const e = evaluate(c, q).eICL;
        const bound = contextRidgeError(c, q.alpha, q.rho);
        within(
          'ridge lower bound minus e^ICL (must be <= 0)',
          p,
          bound,
          e,
          Decimal.max(0, bound.minus(e)).div(bound.plus(1e-300)).toNumber(),
          1e-40,
        );
        const lim = contextRidgeError(c, c.num(Infinity), q.rho);
        const eLim = evaluate(c, at(c, p, { alpha: 'inf', kappa: 'inf', tau: 'inf', lambda: 0, tauPerAlpha: 1 })).eICL;
        within(
          'context ridge vs linear attention at alpha = tau = kappa = inf, ridgeless',
          p,
          lim,
          eLim,
          absDiff(lim, eLim),
          1e-50,
        );
      }),
      params(300),
    );
  });

  it('d epsilon/d lambda: the implicit derivative of the self-consistency (THEORY.md §4) equals a central difference (50 digits)', () => {
    const c = mp(50);
    const pts = fc.record({
      alpha: alphaFinite,
      kappa,
      tau: fc.oneof(tauFinite, fc.constant(1)),
      rho,
      lambda: positiveLambda,
    });
    fc.assert(
      fc.property(pts, (p) => {
        const q = at(c, p);
        const kt = kappaTerms(c, q.kappa);
        const x = xOf(c, q);
        const eps = (lam: Decimal) => epsilon(c, q.kappa, { kt, x, tau: q.tau, lambda: lam });
        const e = eps(q.lambda);
        // g(ε, λ) = ε M(x + ε) − (1 − τ) − τλ/ε = 0, so dε/dλ = −g_λ/g_ε = (τ/ε) / (M + εM' + τλ/ε²).
        const nu = x.plus(e);
        const implicit = q.tau.div(e).div(
          M(c, kt, nu)
            .plus(e.times(Mprime(c, kt, nu)))
            .plus(q.tau.times(q.lambda).div(e.times(e))),
        );
        const h = q.lambda.times('1e-12');
        const fd = eps(q.lambda.plus(h))
          .minus(eps(q.lambda.minus(h)))
          .div(h.times(2));
        // Truncation O(h²) ~ 1e-24 relative, rounding 1e-50/1e-12: 1e-15 leaves ~9 digits to spare.
        within('d eps/d lambda implicit vs central difference', p, implicit, fd, rel(implicit, fd), 1e-15);
      }),
      params(200),
    );
  });

  it('float64 agrees with 60 digits over the whole domain, alpha, tau = inf and the joint limit included (errors, epsilon, growth rates; g_task to 1e-12 of the larger error)', () => {
    fc.assert(
      fc.property(fullPoint, (p) => {
        const a = evaluate(c60, at(c60, p));
        const f = evaluate(fpCtx, p);
        for (const k of ['eICL', 'eIDG', 'epsilon'] as const)
          within(`${k} float64 vs 60 digits`, p, f[k], a[k], rel(f[k], a[k]), 1e-12);
        const scale = Decimal.max(a.eICL.abs(), a.eIDG.abs(), 1e-300);
        const gd = a.gTask.isFinite() ? absDiff(f.gTask, a.gTask, scale) : rel(f.gTask, a.gTask);
        within('gTask float64 vs 60 digits', p, f.gTask, a.gTask, gd, 1e-12);
        for (const k of ['eICL', 'eIDG', 'gTask'] as const) {
          const ga = a.growth[k];
          const gf = f.growth[k];
          if (ga === undefined && gf === undefined) continue;
          if (!ga || !gf || ga.power !== gf.power)
            throw new Error(`growth of ${k} differs between float64 and 60 digits at ${JSON.stringify(p)}`);
          within(`growth rate of ${k} float64 vs 60 digits`, p, gf.rate, ga.rate, rel(gf.rate, ga.rate), 1e-12);
        }
      }),
      params(3000),
    );
  });

  it("float64 against 60 digits for the other exported formulas: M, M', the kappa = inf form, context ridge", () => {
    fc.assert(
      fc.property(
        kappaFinite,
        magnitude(1e-14, 1e7),
        tauFinite,
        positiveRho,
        fc.oneof(fc.constant(0), positiveLambda),
        (k, x, t, r, l) => {
          const p = { kappa: k, x, tau: t, rho: r, lambda: l };
          const ktf = kappaTerms(fpCtx, k);
          const kt60 = kappaTerms(c60, c60.num(k));
          within(
            'M float64 vs 60 digits',
            p,
            M(fpCtx, ktf, x),
            M(c60, kt60, c60.num(x)),
            rel(M(fpCtx, ktf, x), M(c60, kt60, c60.num(x))),
            1e-13,
          );
          within(
            "M' float64 vs 60 digits",
            p,
            Mprime(fpCtx, ktf, x),
            Mprime(c60, kt60, c60.num(x)),
            rel(Mprime(fpCtx, ktf, x), Mprime(c60, kt60, c60.num(x))),
            1e-13,
          );
          if (!(l === 0 && Math.abs(t - 1) < 1e-6)) {
            const f = kappaInfinity(fpCtx, x, t, r, l).e;
            const e = kappaInfinity(c60, c60.num(x), c60.num(t), c60.num(r), c60.num(l)).e;
            within('kappa = inf form float64 vs 60 digits', p, f, e, rel(f, e), 1e-12);
          }
          const alpha = (1 + r) / x;
          within(
            'context ridge float64 vs 60 digits',
            p,
            contextRidgeError(fpCtx, alpha, r),
            contextRidgeError(c60, c60.num(alpha), c60.num(r)),
            rel(contextRidgeError(fpCtx, alpha, r), contextRidgeError(c60, c60.num(alpha), c60.num(r))),
            1e-12,
          );
        },
      ),
      params(2000),
    );
  });
});
