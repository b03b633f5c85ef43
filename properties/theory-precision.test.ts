// float64 against 60 digits over the whole domain, and N-digit mode against 2N digits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { convert, fp, mp } from '../src/numeric/context.js';
import { toDigits } from '../src/numeric/precision.js';
import { evaluate } from '../src/theory/evaluate.js';
import { kappaTerms } from '../src/theory/params.js';
import { M } from '../src/theory/resolvent.js';
import { point, type DomainPoint } from './support/domain.js';

const c60 = mp(60);
const exact = (p: DomainPoint, c = c60) =>
  evaluate(c, { alpha: convert(fp, c, p.alpha), kappa: convert(fp, c, p.kappa), tau: convert(fp, c, p.tau), rho: convert(fp, c, p.rho), lambda: convert(fp, c, p.lambda) });
const rel = (a: number, b: Decimal) => (b.isZero() ? Math.abs(a) : new Decimal(a).minus(b).abs().div(b.abs()).toNumber());

describe('float64 over the domain', () => {
  it('agrees with 60 digits to 1e-12 (errors, epsilon) and g_task to 1e-12 of the larger error', () => {
    fc.assert(
      fc.property(point, (p) => {
        const a = evaluate(fp, p);
        const b = exact(p);
        expect(rel(a.eICL, b.eICL)).toBeLessThanOrEqual(1e-12);
        expect(rel(a.eIDG, b.eIDG)).toBeLessThanOrEqual(1e-12);
        expect(rel(a.epsilon, b.epsilon)).toBeLessThanOrEqual(1e-12);
        expect(new Decimal(a.gTask).minus(b.gTask).abs().toNumber()).toBeLessThanOrEqual(1e-12 * Math.max(a.eICL, a.eIDG));
      }),
      { numRuns: 5000 },
    );
  });

  it('M_kappa(x) is positive, below 1/x, and solves its quadratic to 1e-14 relative', () => {
    fc.assert(
      fc.property(point, fc.double({ min: -28, max: 7, noNaN: true }), (p, lx) => {
        const x = Math.exp(lx);
        const m = M(fp, kappaTerms(fp, p.kappa), x);
        expect(m > 0 && m <= 1 / x * (1 + 1e-15)).toBe(true);
        const exactM = M(c60, kappaTerms(c60, convert(fp, c60, p.kappa)), convert(fp, c60, x));
        expect(rel(m, exactM)).toBeLessThan(1e-14);
      }),
      { numRuns: 1000 },
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
      { numRuns: 60 },
    );
  });
});
