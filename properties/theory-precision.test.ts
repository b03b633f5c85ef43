// float64 against 60 digits over the whole domain, and N-digit mode against 2N digits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { fp, mp } from '../src/numeric/context.js';
import { toDigits } from '../src/numeric/precision.js';
import { evaluate } from '../src/theory/evaluate.js';
import { kappaTerms, liftDoubles } from '../src/theory/params.js';
import { M } from '../src/theory/resolvent.js';
import { holds, kappa, magnitude, params, point, within, type DomainPoint } from './support/domain.js';

const c60 = mp(60);
const exact = (p: DomainPoint, c = c60) => evaluate(c, liftDoubles(c, p));
const rel = (a: number, b: Decimal) =>
  b.isZero() ? Math.abs(a) : new Decimal(a).minus(b).abs().div(b.abs()).toNumber();

describe('float64 over the domain', () => {
  it('agrees with 60 digits to 1e-12 (errors, epsilon) and g_task to 1e-12 of the larger error', () => {
    fc.assert(
      fc.property(point, (p) => {
        const a = evaluate(fp, p);
        const b = exact(p);
        expect(rel(a.eICL, b.eICL)).toBeLessThanOrEqual(1e-12);
        expect(rel(a.eIDG, b.eIDG)).toBeLessThanOrEqual(1e-12);
        expect(rel(a.epsilon, b.epsilon)).toBeLessThanOrEqual(1e-12);
        expect(new Decimal(a.gTask).minus(b.gTask).abs().toNumber()).toBeLessThanOrEqual(
          1e-12 * Math.max(a.eICL, a.eIDG),
        );
      }),
      params(5000),
    );
  });

  it('M_kappa(x) is positive, below 1/x, solves its quadratic (THEORY.md §4) to 60 digits, and float64 agrees to 1e-14', () => {
    fc.assert(
      fc.property(kappa, magnitude(1e-12, 1e7), (k, x) => {
        const p = { kappa: k, x };
        const m = M(fp, kappaTerms(fp, k), x);
        holds(m > 0 && m <= (1 / x) * (1 + 1e-15), '0 < M <= 1/x', p, `M = ${m}`);
        // The quadratic (x/κ)M² + (x + 1 − 1/κ)M − 1 = 0, written here from THEORY.md §4 (at κ = ∞: (x + 1)M − 1).
        const K = c60.num(k);
        const X = c60.num(x);
        const ik = K.isFinite() ? c60.num(1).div(K) : c60.num(0);
        const b = X.plus(1).minus(ik);
        const quad = (v: Decimal) => X.times(ik).times(v).times(v).plus(b.times(v)).minus(1);
        const exactM = M(c60, kappaTerms(c60, K), X);
        // Scale of the rounding in evaluating it: the terms before cancellation, x + 1 + 1/κ included.
        const size = X.times(ik).times(exactM).times(exactM).plus(X.plus(1).plus(ik).times(exactM)).plus(1);
        within(
          'quadratic residual of M at 60 digits (relative to its terms)',
          p,
          quad(exactM),
          0,
          quad(exactM).abs().div(size).toNumber(),
          1e-55,
        );
        // A float64 M off by δ leaves a residual √D·δ (√D = 2(x/κ)M + b, the slope at the root): relative error of m.
        const slope = X.times(ik).times(exactM).times(2).plus(b);
        within(
          'float64 M: quadratic residual / (slope * M)',
          p,
          m,
          exactM,
          quad(c60.num(m)).abs().div(slope.times(exactM)).toNumber(),
          1e-14,
        );
      }),
      params(1000),
    );
  });
});

describe('N-digit mode', () => {
  it('prints N correct significant digits (checked against an evaluation at 2N + 20 digits)', () => {
    fc.assert(
      fc.property(point, fc.integer({ min: 1, max: 100 }), (p, n) => {
        const got = toDigits(n, (c) => {
          const e = exact(p, c);
          return { eICL: e.eICL, eIDG: e.eIDG, epsilon: e.epsilon, gTask: e.gTask };
        });
        const ref = exact(p, mp(2 * n + 20));
        const round = (v: Decimal) => (v.isZero() ? '0' : v.toSignificantDigits(n, Decimal.ROUND_HALF_EVEN));
        for (const k of ['eICL', 'eIDG', 'epsilon', 'gTask'] as const) {
          const want = round(ref[k]);
          expect(new Decimal(got[k]).eq(want), `${k}: ${got[k]} vs ${want.toString()}`).toBe(true);
        }
      }),
      params(60),
    );
  });
});
