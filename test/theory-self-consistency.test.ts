import { describe, expect, it } from 'vitest';
import { Decimal as D0 } from 'decimal.js';

const Decimal = D0.clone({ precision: 80 });
type Decimal = D0;
import { convert, fp, mp, type Ctx } from '../src/numeric/context.js';
import { kappaTerms } from '../src/theory/params.js';
import { M } from '../src/theory/resolvent.js';
import {
  bracket,
  epsilon,
  ridgelessEpsilon,
  solveBracketed,
  type SelfConsistencyInputs,
} from '../src/theory/selfConsistency.js';
import { rel } from './support/theory.js';

const c = mp(60);
/** Inputs read as doubles, then exactly in ctx, so float64 and 60 digits solve the same problem. */
const inputs = <T>(
  ctx: Ctx<T>,
  kappa: string,
  alpha: string,
  rho: string,
  tau: string,
  lambda: string,
): SelfConsistencyInputs<T> => {
  const v = (s: string) => convert(fp, ctx, Number(s));
  return {
    kt: kappaTerms(ctx, v(kappa)),
    x: ctx.div(ctx.add(ctx.num(1), v(rho)), v(alpha)),
    tau: v(tau),
    lambda: v(lambda),
  };
};
/** The written equation, 1 − τ + τλ/ε − ε M_κ(x + ε), relative to its largest term. */
const defect = (q: SelfConsistencyInputs<Decimal>, eps: Decimal): number => {
  const terms = [new Decimal(1).minus(q.tau), q.tau.times(q.lambda).div(eps), eps.times(M(c, q.kt, q.x.plus(eps)))];
  return terms[0]!
    .plus(terms[1]!)
    .minus(terms[2]!)
    .abs()
    .div(Decimal.max(...terms.map((t) => t.abs())))
    .toNumber();
};

const cases: [string, string, string, string, string][] = [
  // kappa, alpha, rho, tau, lambda
  ['0.5', '2', '0.1', '1.5', '0.5'],
  ['1e-3', '1e12', '0', '1e-3', '1e-12'],
  ['1e6', '1e-2', '10', '1e6', '1e3'],
  ['inf', '10', '0.01', '2', '0.1'],
  ['0.999999', '3', '1', '1.000001', '1e-9'],
  ['2', '0.5', '0.2', '3', '1e-300'],
  ['0.3', '50', '0.5', '0.2', '1e-300'],
];

describe('self-consistency', () => {
  it('epsilon solves its equation to 1e-55 at 60 digits, from lambda = 1e-300 up', () => {
    for (const [k, a, r, t, l] of cases) {
      const q = inputs(c, k, a, r, t, l);
      const eps = solveBracketed(c, q);
      expect(eps.isPositive()).toBe(true);
      expect(defect(q, eps)).toBeLessThan(1e-55);
    }
  });

  it('float64 epsilon agrees with 60 digits to 1e-14 on the same cases', () => {
    for (const [k, a, r, t, l] of cases) {
      const exact = solveBracketed(c, inputs(c, k, a, r, t, l));
      expect(rel(solveBracketed(fp, inputs(fp, k, a, r, t, l)), exact)).toBeLessThan(1e-14);
    }
  });

  it('the bracket from the bounds 1/(1+u) <= M <= 1/u contains the root', () => {
    for (const [k, a, r, t, l] of cases) {
      const q = inputs(c, k, a, r, t, l);
      const { lo, hi } = bracket(c, q);
      const eps = solveBracketed(c, q);
      // up to rounding at 60 digits (at λ = 1e-300 the two bounds agree to ~300 digits)
      const slack = (v: Decimal) => v.times('1e-55');
      expect(lo.minus(slack(lo)).lte(eps) && eps.lte(hi.plus(slack(hi)))).toBe(true);
    }
  });

  it('ridgeless tau < 1: the closed form (1 - tau) x / (tau mu) solves eps M(x + eps) = 1 - tau, as does the bracketed solve at lambda = 0', () => {
    for (const [k, a, r, t] of [
      ['0.5', '1', '0.01', '0.5'],
      ['0.01', '1e6', '0', '0.3'],
      ['inf', '0.1', '3', '0.999'],
      ['40', '7', '1', '1e-3'],
    ]) {
      const q = inputs(c, k!, a!, r!, t!, '0');
      const closed = ridgelessEpsilon(c, q.kt.kappa, q.x, q.tau);
      expect(defect(q, closed)).toBeLessThan(1e-55);
      expect(solveBracketed(c, q).minus(closed).div(closed).abs().toNumber()).toBeLessThan(1e-55);
      expect(epsilon(c, q.kt.kappa, q).eq(closed)).toBe(true);
    }
  });

  it('ridgeless tau > 1 gives epsilon = 0; small lambda approaches it like lambda', () => {
    const q = inputs(c, '0.5', '2', '0.1', '3', '0');
    expect(epsilon(c, c.num('0.5'), q).isZero()).toBe(true);
    const e1 = solveBracketed(c, { ...q, lambda: c.num('1e-20') });
    const e2 = solveBracketed(c, { ...q, lambda: c.num('1e-30') });
    expect(e1.div(e2).minus('1e10').abs().div('1e10').toNumber()).toBeLessThan(1e-8);
  });
});
