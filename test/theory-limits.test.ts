// Each encoded limit against the general formula pushed toward it at 80 digits: finite limits must
// be approached like 1/α (or 1/τ), divergent ones must match rate · α^power.
import { describe, expect, it } from 'vitest';
import type { Decimal } from 'decimal.js';
import { mp } from '../src/numeric/context.js';
import { DomainError } from '../src/numeric/domain.js';
import { evaluate, type Evaluation } from '../src/theory/evaluate.js';
import { contextRidgeError } from '../src/theory/baselines.js';

const c = mp(80);
type S = { alpha: string; kappa: string; tau: string; rho: string; lambda: string; tauPerAlpha?: string };
const ev = (s: S): Evaluation<Decimal> => {
  const p = {
    alpha: c.num(s.alpha),
    kappa: c.num(s.kappa),
    tau: c.num(s.tau),
    rho: c.num(s.rho),
    lambda: c.num(s.lambda),
  };
  return evaluate(c, s.tauPerAlpha ? { ...p, tauPerAlpha: c.num(s.tauPerAlpha) } : p);
};

/** How far the general formula at `big` is from the limit, for each error (relative, or ratio − 1). */
function distance(
  limit: Evaluation<Decimal>,
  general: Evaluation<Decimal>,
  scale: Decimal,
  name: 'eICL' | 'eIDG',
): number {
  const g = limit.growth[name];
  if (g)
    return general[name]
      .div(g.rate.times(g.power === 1 ? scale : scale.sqrt()))
      .minus(1)
      .abs()
      .toNumber();
  const l = limit[name];
  return general[name]
    .minus(l)
    .abs()
    .div(l.isZero() ? 1 : l.abs())
    .toNumber();
}

/** The general formula at two sizes approaches the limit with the derived order ([e^ICL, e^IDG]: 1 or 1/2). */
function expectApproach(limitPoint: S, near: (size: string) => S, orders: [number, number]): void {
  const limit = ev(limitPoint);
  for (const [i, name] of (['eICL', 'eIDG'] as const).entries()) {
    const order = orders[i]!;
    const d20 = distance(limit, ev(near('1e20')), c.num('1e20'), name);
    const d30 = distance(limit, ev(near('1e30')), c.num('1e30'), name);
    expect(d30, `${name} at ${JSON.stringify(limitPoint)}`).toBeLessThan(10 ** (-30 * order + 3));
    // the approach has the derived order: 10 decades of size give 10·order decades of distance
    if (d20 > 0)
      expect(Math.log10(d20 / d30), `${name} order at ${JSON.stringify(limitPoint)}`).toBeCloseTo(10 * order, 0);
  }
}

describe('alpha = inf at fixed tau', () => {
  const cases: [string, string, string, string, [number, number]][] = [
    // kappa, tau, rho, lambda, orders of approach of e^ICL and e^IDG
    ['2', '3', '0.5', '0', [1, 1]], // kappa > 1 = min(tau, 1): finite
    ['0.5', '3', '0.5', '0', [1, 1]], // kappa < 1: linear growth of e^ICL
    ['1', '3', '0.5', '0', [0.5, 1]], // kappa = 1: sqrt growth of e^ICL
    ['0.5', '3', '0', '0', [1, 1]], // noiseless: finite
    ['1', '3', '0', '0', [0.5, 1]],
    ['0.8', '0.5', '0.5', '0', [1, 1]], // kappa > tau: finite
    ['0.3', '0.5', '0.5', '0', [1, 1]], // kappa < tau < 1: linear growth of e^ICL
    ['0.5', '0.5', '0.5', '0', [0.5, 0.5]], // kappa = tau: sqrt growth of both
    ['0.3', '0.5', '0', '0', [1, 1]],
    ['0.5', '0.5', '0', '0', [0.5, 0.5]],
    ['inf', '0.5', '0.5', '0', [1, 1]],
    ['2', '0.5', '0.2', '0.1', [1, 1]], // lambda > 0: the general formula at x = 0
  ];
  for (const [kappa, tau, rho, lambda, order] of cases) {
    it(`kappa=${kappa} tau=${tau} rho=${rho} lambda=${lambda}`, () => {
      expectApproach({ alpha: 'inf', kappa, tau, rho, lambda }, (a) => ({ alpha: a, kappa, tau, rho, lambda }), order);
    });
  }

  it('diverges exactly where kappa < min(tau, 1) (rho > 0, ridgeless), with the derived rates', () => {
    const e = ev({ alpha: 'inf', kappa: '0.5', tau: '3', rho: '0.5', lambda: '0' });
    expect(e.eICL.isFinite()).toBe(false);
    expect(
      e.growth
        .eICL!.rate.minus(c.num('0.5').times('0.5').div(c.num('1.5').times(2)))
        .abs()
        .toNumber(),
    ).toBeLessThan(1e-70);
    const f = ev({ alpha: 'inf', kappa: '0.3', tau: '0.5', rho: '0.5', lambda: '0' });
    expect(
      f.growth
        .eICL!.rate.minus(c.num('0.5').times('0.2').div(c.num('1.5').times('0.5')))
        .abs()
        .toNumber(),
    ).toBeLessThan(1e-70);
    expect(ev({ alpha: 'inf', kappa: '1.2', tau: '3', rho: '0.5', lambda: '0' }).eICL.isFinite()).toBe(true);
  });
});

describe('tau = inf at fixed alpha', () => {
  for (const [alpha, kappa, rho, lambda] of [
    ['2', '0.5', '0.5', '0'],
    ['2', 'inf', '0.5', '0'],
    ['2', '0.5', '0.5', '0.3'],
    ['0.3', '3', '0', '0'],
    ['50', '0.01', '1', '2'],
  ]) {
    it(`alpha=${alpha} kappa=${kappa} rho=${rho} lambda=${lambda}`, () => {
      expectApproach({ alpha, kappa, tau: 'inf', rho, lambda }, (t) => ({ alpha, kappa, tau: t, rho, lambda }), [1, 1]);
    });
  }
  it('ridgeless at kappa = inf tends to rho + x/(1 + x)', () => {
    for (const [alpha, rho] of [
      ['2', '0.5'],
      ['0.1', '0'],
      ['1e6', '3'],
    ]) {
      const e = ev({ alpha, kappa: 'inf', tau: 'inf', rho, lambda: '0' });
      const x = c.num(rho).plus(1).div(alpha);
      expect(
        e.eICL
          .minus(x.div(x.plus(1)).plus(rho))
          .abs()
          .toNumber(),
      ).toBeLessThan(1e-75);
      expect(e.eIDG.minus(e.eICL).abs().toNumber()).toBeLessThan(1e-75);
    }
  });
});

describe('alpha, tau -> inf with tau/alpha = c', () => {
  for (const [kappa, rho, lambda] of [
    ['0.5', '0.5', '0'],
    ['2', '0.5', '0'],
    ['1', '0.5', '0'],
    ['0.5', '0', '0'],
    ['0.5', '0.3', '0.2'],
  ]) {
    it(`kappa=${kappa} rho=${rho} lambda=${lambda}, c = 0.2`, () => {
      expectApproach(
        { alpha: 'inf', kappa, tau: 'inf', rho, lambda, tauPerAlpha: '0.2' },
        (a) => ({ alpha: a, kappa, tau: c.toString(c.num(a).times('0.2')), rho, lambda }),
        kappa === '1' ? [0.5, 1] : [1, 1],
      );
    });
  }
  it('g_task has its transition at kappa = 1: (1 - kappa)(1 + rho/(c(1 + rho))) below, 0 above', () => {
    const g = (kappa: string) =>
      ev({ alpha: 'inf', kappa, tau: 'inf', rho: '0.5', lambda: '0', tauPerAlpha: '0.2' }).gTask;
    expect(
      g('0.4')
        .minus(c.num('0.6').times(c.num(1).plus(c.num('0.5').div(c.num('0.2').times('1.5')))))
        .abs()
        .toNumber(),
    ).toBeLessThan(1e-75);
    expect(g('1').isZero() && g('1.5').isZero() && g('inf').isZero()).toBe(true);
    expect(g('0.999').isPositive()).toBe(true);
  });
});

describe('context-only ridge baseline', () => {
  it('tends to rho as alpha -> inf and to the interpolation limit as rho -> 0', () => {
    const r = (a: string, rho: string) => contextRidgeError(c, c.num(a), c.num(rho));
    expect(r('1e30', '0.3').minus('0.3').abs().toNumber()).toBeLessThan(1e-29);
    expect(r('inf', '0.3').eq('0.3')).toBe(true);
    expect(r('0.4', '1e-40').minus(r('0.4', '0')).abs().toNumber()).toBeLessThan(1e-35);
    expect(r('0.4', '0').eq('0.6')).toBe(true);
    expect(r('2.5', '1e-40').abs().toNumber()).toBeLessThan(1e-35);
    expect(() => contextRidgeError(c, c.num(0), c.num(1))).toThrow(DomainError);
  });
});
