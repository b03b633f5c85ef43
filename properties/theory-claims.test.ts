// Property 2: the paper's qualitative claims, each as a property over the domain, each with its source.
// A claim is tested against the general formula at finite parameters (not against the code that
// encodes the claim in a limit), at enough digits that rounding cannot decide it.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { mp } from '../src/numeric/context.js';
import { unifiedErrors } from '../src/theory/errors.js';
import { evaluate } from '../src/theory/evaluate.js';
import { kappaTerms, xOf } from '../src/theory/params.js';
import { M } from '../src/theory/resolvent.js';
import { epsilon } from '../src/theory/selfConsistency.js';
import { simulate } from '../src/sim/simulate.js';
import {
  alphaFinite,
  fullPoint,
  holds,
  kappaFinite,
  magnitude,
  nearOne,
  params,
  point,
  positiveRho,
  rho,
  tauFinite,
  within,
  type DomainPoint,
} from './support/domain.js';
import { at, rel } from '../test/support/theory.js';

const c60 = mp(60);

describe('property 2: the qualitative claims of the paper', () => {
  it('errors >= rho everywhere (THEORY.md §2: the label noise of the query, variance ρ, is independent of the prediction)', () => {
    fc.assert(
      fc.property(fullPoint, (p) => {
        const e = evaluate(c60, at(c60, p));
        const r = c60.num(p.rho);
        for (const k of ['eICL', 'eIDG'] as const) {
          // Exact in the theory; 1e-50 of the error is rounding at 60 digits.
          holds(!e[k].lt(r.minus(e[k].abs().times('1e-50'))), `${k} >= rho`, p, `${k} = ${e[k].toString()}`);
        }
      }),
      params(2000),
    );
  });

  // FINDING (this search): g_task >= 0 is false in the theory below the interpolation threshold. The
  // first failure shrank to α = 10, κ = 1, τ = 0.1, ρ = 10, λ = 0, where g_task = −0.1288 (60 digits), and
  // the model agrees: `icl-verify extrapolate --alpha 10 --kappa 1 --tau 0.1 --rho 10 --lambda 0 --ds
  // 20,30,40,60 --replicates 16 --seed 7` gives g_task = −0.114 ± 0.012 at d = 60 and −0.089 [−0.235, 0.057]
  // extrapolated (z = −0.53 against the theory). Over 200 000 random points (α ∈ [1e-2, 1e4], κ, τ ∈ [1e-3,
  // 1e4], ρ ∈ [0, 10], λ ∈ {0} ∪ [1e-6, 10]) 16.6% had g_task < 0, every one with τ < 1, ρ > 0.45, α > 2.6:
  // with fewer contexts than parameters and noisy labels, Γ* fits the pretraining tasks' noise, which
  // costs more on those tasks than on fresh ones. Restricted to τ >= 1 the property then shrank to a
  // second counterexample with ridge: α = 100, κ = 1, τ = 1.01, ρ = 7.28, λ = 1.03, g_task = −4.2e-6
  // (and, by random search, down to −0.12 of the error near τ = 1⁺ with ρ ≈ 10). No counterexample was
  // found ridgeless above the peak (0 of 200 000 random points, and this property), so the claim is
  // tested there (λ = 0, τ > 1: an empirical boundary, not a derived one) and both counterexamples are
  // pinned below.
  it('g_task >= 0 ridgeless above the peak, lambda = 0 and tau > 1 (Fig. 4 of the paper; false elsewhere, see the finding above)', () => {
    fc.assert(
      fc.property(
        fullPoint.map((p) => ({ ...p, lambda: 0 })).filter((p) => p.tau > 1 + 1e-6),
        (p) => {
          const e = evaluate(c60, at(c60, p));
          const scale = Decimal.max(e.eICL.abs(), e.eIDG.abs(), 1e-300);
          holds(
            !e.gTask.lt(scale.times('-1e-50')),
            'g_task >= 0',
            p,
            `g_task = ${e.gTask.toSignificantDigits(8).toString()} (e^ICL = ${e.eICL.toSignificantDigits(8).toString()}, e^IDG = ${e.eIDG.toSignificantDigits(8).toString()})`,
          );
        },
      ),
      params(2000),
    );
  });

  it('finding: g_task < 0 at alpha = 10, kappa = 1, tau = 0.1, rho = 10, lambda = 0 (theory and finite-d model) and at alpha = 100, kappa = 1, tau = 1.01, rho = 7.28, lambda = 1.03 (theory)', async () => {
    const p: DomainPoint = { alpha: 10, kappa: 1, tau: 0.1, rho: 10, lambda: 0 };
    const e = evaluate(c60, at(c60, p));
    within(
      'g_task (60 digits) vs the value found by the search',
      p,
      e.gTask.toSignificantDigits(6).toString(),
      '-0.128849',
      rel(e.gTask, c60.num('-0.128849')),
      1e-5,
    );
    const p2: DomainPoint = { alpha: 100, kappa: 1, tau: 1.01, rho: 7.28, lambda: 1.03 };
    const e2 = evaluate(c60, at(c60, p2));
    holds(
      e2.gTask.lt(0),
      'g_task < 0 (the second counterexample, with ridge, above the peak)',
      p2,
      e2.gTask.toSignificantDigits(6).toString(),
    );
    // The model itself, not the theory: 16 replicates at d = 60 (about a second); g_task ≈ −0.11 ± 0.012.
    const s = await simulate({ d: 60, ...p, replicates: 16, seed: 7 });
    const hi = s.gTask.mean + 4 * (s.gTask.stderr ?? Infinity);
    holds(hi < 0, 'simulated g_task + 4 stderr < 0 at d = 60', p, `g_task = ${s.gTask.mean} ± ${s.gTask.stderr}`);
  });

  it('g_task -> 0 as kappa -> inf, like 1/kappa (THEORY.md §6 "ICL = IDG"): kappa g_task converges, computed as e^ICL - e^IDG at finite kappa (80 digits)', () => {
    const c = mp(80);
    fc.assert(
      fc.property(point, (p) => {
        const g = (k: string) => {
          const e = evaluate(c, at(c, p, { kappa: k }));
          return { g: e.gTask.times(k), scale: Decimal.max(e.eICL, e.eIDG) };
        };
        const a = g('1e20');
        const b = g('1e22');
        // κ·g_task = C + O(1/κ): the two agree to ~1e-20 of the errors unless C is 0 to that accuracy.
        within(
          'kappa * g_task at kappa = 1e20 vs 1e22',
          p,
          a.g,
          b.g,
          a.g
            .minus(b.g)
            .abs()
            .div(Decimal.max(b.g.abs(), a.scale.times('1e-10')))
            .toNumber(),
          1e-8,
        );
      }),
      params(300),
    );
  });

  it('at kappa = inf e^ICL and e^IDG, computed by their two separate expressions (errors.ts), are equal to 60 digits (proofs/05; not the evaluate() shortcut that sets g_task = 0)', () => {
    fc.assert(
      fc.property(point, (r) => {
        const p: DomainPoint = { ...r, kappa: Infinity };
        const q = at(c60, p);
        const kt = kappaTerms(c60, q.kappa);
        const x = xOf(c60, q);
        const eps = epsilon(c60, q.kappa, { kt, x, tau: q.tau, lambda: q.lambda });
        const e = unifiedErrors(c60, { kt, x, tau: q.tau, rho: q.rho, lambda: q.lambda }, eps, M(c60, kt, x.plus(eps)));
        within('e^ICL vs e^IDG at kappa = inf', p, e.eICL, e.eIDG, rel(e.eICL, e.eIDG), 1e-50);
      }),
      params(500),
    );
  });

  it('ridgeless, rho > 0: e^ICL diverges in alpha exactly when kappa < min(tau, 1), linearly at the rate of proofs/06 (general formula at alpha = 1e40, 2e40; 110 digits)', () => {
    const c = mp(110);
    const pts = fc
      .record({
        kappa: fc.oneof(kappaFinite, fc.constant(Infinity)),
        tau: tauFinite,
        rho: fc.oneof(positiveRho, fc.constant(0)),
      })
      .filter((p) => Math.abs(p.tau - 1) >= 1e-6);
    fc.assert(
      fc.property(pts, (r) => {
        const p: DomainPoint = { alpha: 1e40, lambda: 0, ...r };
        const kc = Math.min(r.tau, 1);
        // Exact equality κ = κ_c (√α growth) is the next property; here the two sides with a margin.
        fc.pre(Math.abs(r.kappa / kc - 1) > 1e-6);
        const A = c.num('1e40');
        const e1 = evaluate(c, at(c, p)).eICL;
        const e2 = evaluate(c, at(c, p, { alpha: '2e40' })).eICL;
        const slope = e2.minus(e1).div(A);
        if (r.kappa < kc && r.rho > 0) {
          // proofs/06: rate ρ(1 − κ)/((1 + ρ)(τ − 1)) above the peak, ρ(τ − κ)/((1 + ρ)(1 − τ)) below.
          const { kappa: k, tau: t, rho: rr } = r;
          const rate = t > 1 ? (rr * (1 - k)) / ((1 + rr) * (t - 1)) : (rr * (t - k)) / ((1 + rr) * (1 - t));
          within('d e^ICL / d alpha at alpha = 1e40 vs the derived rate', p, slope, rate, rel(slope, rate), 1e-9);
        } else {
          // Bounded: the increment over [1e40, 2e40] is O(x/|κ − κ_c|²) <= 1e-28, where divergence would give ~1e40·rate.
          holds(
            e2.minus(e1).abs().lte(e1.abs().plus(1).times('1e-20')),
            'e^ICL converges as alpha -> inf',
            p,
            `e(1e40) = ${e1.toSignificantDigits(12).toString()}, e(2e40) = ${e2.toSignificantDigits(12).toString()}`,
          );
        }
      }),
      params(400),
    );
  });

  it('ridgeless, rho > 0, kappa = min(tau, 1): e^ICL grows like sqrt(alpha) (proofs/06), general formula at alpha = 1e40, 4e40', () => {
    const c = mp(110);
    fc.assert(
      fc.property(
        tauFinite.filter((t) => Math.abs(t - 1) >= 1e-6),
        positiveRho,
        (t, r) => {
          const p: DomainPoint = { alpha: 1e40, kappa: Math.min(t, 1), tau: t, rho: r, lambda: 0 };
          const e1 = evaluate(c, at(c, p)).eICL;
          const e4 = evaluate(c, at(c, p, { alpha: '4e40' })).eICL;
          const slope = e4.minus(e1).div(c.num('1e20')); // (√(4e40) − √(1e40)) = 1e20
          const rate = t > 1 ? r / ((t - 1) * Math.sqrt(1 + r)) : (r * t) / ((1 - t) * Math.sqrt(1 + r));
          within('d e^ICL / d sqrt(alpha) at alpha = 1e40 vs the derived rate', p, slope, rate, rel(slope, rate), 1e-9);
        },
      ),
      params(200),
    );
  });

  it('lambda = 0: the errors peak at tau = 1, diverging like 1/|tau - 1| from both sides (THEORY.md §5, "double descent")', () => {
    const c = mp(80);
    fc.assert(
      fc.property(alphaFinite, kappaFinite, rho, fc.boolean(), (a, k, r, below) => {
        const p: DomainPoint = { alpha: a, kappa: k, tau: 1, rho: r, lambda: 0 };
        const s = below ? -1 : 1;
        const e = (d: string) => evaluate(c, at(c, p, { tau: c.num(1).plus(c.num(d).times(s)).toString() }));
        const near = e('1e-30');
        const nearer = e('1e-31');
        for (const k2 of ['eICL', 'eIDG'] as const) {
          const a1 = near[k2].times('1e-30');
          const a2 = nearer[k2].times('1e-31');
          holds(a2.gt(0), `|tau - 1| ${k2} > 0 at tau = 1 ${below ? '-' : '+'} 1e-31`, p);
          within(
            `|tau - 1| * ${k2} at tau = 1 ${below ? '-' : '+'} 1e-30 vs 1e-31 (a finite positive limit)`,
            p,
            a1,
            a2,
            rel(a1, a2),
            1e-20,
          );
        }
      }),
      params(300),
    );
  });

  it('alpha, tau -> inf with tau = c alpha, lambda = 0: g_task has a phase transition at kappa = 1 (THEORY.md §6, Fig. 4): (1 - kappa)(1 + rho/(c(1 + rho))) below, 0 above (general formula at alpha = 1e60)', () => {
    const c = mp(130);
    const kap = fc.oneof(magnitude(1e-3, 1e3), nearOne(1e-6), fc.constant(1));
    fc.assert(
      fc.property(kap, positiveRho, magnitude(1e-3, 1e3), (k, r, cpa) => {
        const p: DomainPoint = { alpha: 1e60, kappa: k, tau: cpa * 1e60, rho: r, lambda: 0 };
        const A = c.num('1e60');
        const e = evaluate(c, { ...at(c, p), tau: A.times(c.num(cpa)) });
        const want = k < 1 ? (1 - k) * (1 + r / (cpa * (1 + r))) : 0;
        // O(√x) = 1e-30 corrections at κ = 1; 1e-12 of the errors is far above them.
        within(
          'g_task at alpha = 1e60, tau = c alpha vs (1 - kappa)+ (1 + rho/(c(1 + rho)))',
          p,
          e.gTask,
          want,
          e.gTask.minus(c.num(want)).abs().div(Decimal.max(e.eICL, 1)).toNumber(),
          1e-12,
        );
      }),
      params(300),
    );
  });
});
