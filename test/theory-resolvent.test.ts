import { describe, expect, it } from 'vitest';
import { Decimal as D0 } from 'decimal.js';

const Decimal = D0.clone({ precision: 80 });
type Decimal = D0;
import { fp, mp } from '../src/numeric/context.js';
import { DomainError } from '../src/numeric/domain.js';
import { kappaTerms } from '../src/theory/params.js';
import { M, Mprime } from '../src/theory/resolvent.js';
import { rel } from './support/theory.js';

const c = mp(60);
const K = (k: string) => kappaTerms(c, c.num(k));
const kappas = ['0.001', '0.5', '0.999999', '1', '1.000001', '3', '1e6'];
const xs = ['1e-12', '1e-6', '0.3', '1', '7', '1e4'];

describe('M_kappa(x)', () => {
  it('is a positive root of (x/kappa) M^2 + (x + 1 - 1/kappa) M - 1 = 0 to 1e-55', () => {
    for (const k of kappas)
      for (const xs_ of xs) {
        const x = c.num(xs_);
        const m = M(c, K(k), x);
        expect(m.isPositive()).toBe(true);
        const q = x
          .div(k)
          .times(m)
          .times(m)
          .plus(x.plus(1).minus(new Decimal(1).div(k)).times(m))
          .minus(1);
        expect(q.abs().toNumber()).toBeLessThan(1e-55 * Math.max(1, m.toNumber()));
      }
  });

  it('equals 1/(1 + x) at kappa = inf', () => {
    for (const xs_ of xs)
      expect(
        M(c, K('inf'), c.num(xs_))
          .minus(new Decimal(1).div(c.num(xs_).plus(1)))
          .abs()
          .toNumber(),
      ).toBeLessThan(1e-58);
  });

  it("M' matches a central difference of M at 60 digits", () => {
    for (const k of ['0.3', '1', '4', 'inf'])
      for (const xs_ of ['1e-3', '0.5', '20']) {
        const x = c.num(xs_);
        const h = x.times('1e-20');
        const fd = M(c, K(k), x.plus(h))
          .minus(M(c, K(k), x.minus(h)))
          .div(h.times(2));
        const exact = Mprime(c, K(k), x);
        expect(exact.isNegative()).toBe(true);
        expect(fd.minus(exact).div(exact).abs().toNumber()).toBeLessThan(1e-30);
      }
  });

  it('x M_kappa(x) -> 1 - kappa as x -> 0 for kappa < 1 (a fraction 1 - kappa of zero eigenvalues)', () => {
    for (const k of ['0.1', '0.5', '0.9']) {
      const gap = (xs_: string) =>
        c
          .num(xs_)
          .times(M(c, K(k), c.num(xs_)))
          .minus(new Decimal(1).minus(k))
          .abs()
          .toNumber();
      expect(gap('1e-20')).toBeLessThan(1e-18);
      expect(gap('1e-40')).toBeLessThan(gap('1e-20') * 1e-18);
    }
  });

  it('lies between the Jensen bound 1/(1 + x) and 1/x (used to bracket the self-consistency)', () => {
    for (const k of kappas)
      for (const xs_ of xs) {
        const x = c.num(xs_);
        const m = M(c, K(k), x);
        expect(m.gte(new Decimal(1).div(x.plus(1)))).toBe(true);
        expect(m.lte(new Decimal(1).div(x))).toBe(true);
      }
  });

  it('keeps full float64 accuracy where the textbook root cancels (kappa = 0.5, x = 1e-12)', () => {
    const exact = M(c, K('0.5'), c.num('1e-12'));
    const ours = M(fp, kappaTerms(fp, 0.5), 1e-12);
    expect(rel(ours, exact)).toBeLessThan(4e-16);
    const b = 1e-12 + 1 - 2;
    const textbook = 2 / (b + Math.sqrt(b * b + (4 * 1e-12) / 0.5));
    expect(rel(textbook, exact)).toBeGreaterThan(1e-8); // what the stable form avoids
  });

  it('is finite at x = 0 only for kappa > 1 and reports the divergence otherwise', () => {
    expect(M(c, K('4'), c.num(0)).minus(new Decimal(4).div(3)).abs().toNumber()).toBeLessThan(1e-58);
    expect(() => M(fp, kappaTerms(fp, 0.5), 0)).toThrow(DomainError);
    expect(() => M(fp, kappaTerms(fp, 1), 0)).toThrow(/diverges/);
    expect(() => M(fp, kappaTerms(fp, 2), -1)).toThrow(DomainError);
  });
});
