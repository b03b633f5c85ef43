// The unified errors: the cancellation-free rewrite against the paper's form, the ridgeless closed
// forms, λ → 0⁺, and κ = ∞.
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { mp } from '../src/numeric/context.js';
import { ridgelessClosedForm } from '../src/theory/closedForms.js';
import { paperUnifiedErrors, unifiedErrors } from '../src/theory/errors.js';
import { evaluate } from '../src/theory/evaluate.js';
import { kappaInfinity } from '../src/theory/limits.js';
import { kappaTerms, xOf } from '../src/theory/params.js';
import { M, resolventTerms } from '../src/theory/resolvent.js';
import { epsilon } from '../src/theory/selfConsistency.js';
import { at, rel, type Point } from './support/theory.js';

const c = mp(60);
const points: Point[] = [
  { alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 },
  { alpha: 0.01, kappa: 1e-3, tau: 1e-3, rho: 10, lambda: 1e3 },
  { alpha: 1e8, kappa: 3, tau: 0.7, rho: 0, lambda: 1e-12 },
  { alpha: 5, kappa: 0.2, tau: 40, rho: 1, lambda: 0 },
  { alpha: 0.3, kappa: 7, tau: 0.2, rho: 0.5, lambda: 0 },
  { alpha: 10, kappa: Infinity, tau: 0.5, rho: 0.01, lambda: 0.01 },
];

const both = (p: Point) => {
  const q = at(c, p);
  const kt = kappaTerms(c, q.kappa);
  const x = xOf(c, q);
  const eps = epsilon(c, q.kappa, { kt, x, tau: q.tau, lambda: q.lambda });
  const nu = x.plus(eps);
  const m = M(c, kt, nu);
  const inputs = { kt, x, tau: q.tau, rho: q.rho, lambda: q.lambda };
  return {
    stable: unifiedErrors(c, inputs, eps, m),
    paper: paperUnifiedErrors(c, inputs, eps, m, resolventTerms(c, kt, nu, m).mp),
  };
};

describe('unified errors', () => {
  it("the cancellation-free rewrite equals docs/theory.md §5's form to 1e-45 at 60 digits", () => {
    for (const p of points) {
      const { stable, paper } = both(p);
      expect(rel(stable.eICL, paper.eICL)).toBeLessThan(1e-45);
      expect(rel(stable.eIDG, paper.eIDG)).toBeLessThan(1e-45);
    }
  });

  it('the rewrite is needed: the paper form loses digits in float64 at small x (alpha = 1e8, rho = 0)', async () => {
    const { fp } = await import('../src/numeric/context.js');
    const p: Point = { alpha: 1e8, kappa: 40, tau: 3, rho: 0, lambda: 0 };
    const kt = kappaTerms(fp, p.kappa);
    const x = (1 + p.rho) / p.alpha;
    const eps = epsilon(fp, p.kappa, { kt, x, tau: p.tau, lambda: p.lambda });
    const m = M(fp, kt, x + eps);
    const inputs = { kt, x, tau: p.tau, rho: p.rho, lambda: p.lambda };
    const paper = paperUnifiedErrors(fp, inputs, eps, m, resolventTerms(fp, kt, x + eps, m).mp).eICL;
    const exact = both(p).stable.eICL;
    expect(new Decimal(paper).minus(exact).abs().div(exact).toNumber()).toBeGreaterThan(1e-12);
    expect(new Decimal(unifiedErrors(fp, inputs, eps, m).eICL).minus(exact).abs().div(exact).toNumber()).toBeLessThan(
      1e-15,
    );
  });

  it("at lambda = 0 they equal the paper's ridgeless closed forms on both sides of tau = 1", () => {
    for (const tau of [1e-3, 0.3, 0.99, 0.999999, 1.000001, 1.01, 2, 1e5])
      for (const kappa of [0.1, 0.9, 1, 2.5, Infinity])
        for (const alpha of [0.05, 1, 30]) {
          const p: Point = { alpha, kappa, tau, rho: 0.3, lambda: 0 };
          const q = at(c, p);
          const e = evaluate(c, q);
          const cf = ridgelessClosedForm(c, { kappa: q.kappa, x: xOf(c, q), tau: q.tau, rho: q.rho });
          expect(rel(e.eICL, cf.eICL)).toBeLessThan(1e-40);
          expect(rel(e.eIDG, cf.eIDG)).toBeLessThan(1e-40);
          if (!cf.epsilon.isZero()) expect(rel(e.epsilon, cf.epsilon)).toBeLessThan(1e-45);
        }
  });

  it('lambda -> 0+ converges to the ridgeless closed forms, like lambda, on both sides of tau = 1', () => {
    for (const tau of [0.4, 0.9, 1.1, 3]) {
      const p: Point = { alpha: 2, kappa: 0.6, tau, rho: 0.1, lambda: 0 };
      const q = at(c, p);
      const cf = ridgelessClosedForm(c, { kappa: q.kappa, x: xOf(c, q), tau: q.tau, rho: q.rho });
      const gap = (lambda: string) => rel(evaluate(c, { ...q, lambda: c.num(lambda) }).eICL, cf.eICL);
      expect(gap('1e-20')).toBeLessThan(1e-17);
      expect(gap('1e-30') / gap('1e-20')).toBeGreaterThan(1e-11);
      expect(gap('1e-30') / gap('1e-20')).toBeLessThan(1e-9);
    }
  });

  it('at kappa = inf e^ICL = e^IDG for every tau, alpha, rho, lambda, and both equal the kappa = inf closed form', () => {
    for (const tau of [1e-3, 0.5, 0.999, 1.5, 1e4])
      for (const lambda of [0, 1e-9, 0.3, 100])
        for (const alpha of [0.02, 3, 1e6])
          for (const rho of [0, 2]) {
            if (lambda === 0 && tau === 1) continue;
            const q = at(c, { alpha, kappa: Infinity, tau, rho, lambda });
            const e = evaluate(c, q);
            expect(rel(e.eICL, e.eIDG)).toBeLessThan(1e-50);
            const k = kappaInfinity(c, xOf(c, q), q.tau, q.rho, q.lambda);
            expect(rel(k.e, e.eIDG)).toBeLessThan(1e-50);
            expect(e.gTask.isZero()).toBe(true);
          }
  });

  it('errors are at least rho and g_task is positive for kappa < inf (spot check of the invariants)', () => {
    for (const p of points) {
      const e = evaluate(c, at(c, p));
      expect(e.eICL.gte(p.rho)).toBe(true);
      expect(e.eIDG.gte(p.rho)).toBe(true);
      if (p.kappa !== Infinity) expect(e.gTask.isPositive()).toBe(true);
    }
  });
});
