// g_task at α = ∞ when an error diverges: the growth of e^ICL − e^IDG composed from the two errors'
// growths (THEORY.md; limits.ts), checked against the rates written out here: e^ICL alone (g_task
// takes its growth), both like √α at κ = τ < 1 (the rates subtract; the sign flips at τ = 1/3), and
// the signed infinity of g_task. The growth of each error is checked against the general formula in
// theory-limits; this file checks only how evaluate() combines them.
import { describe, expect, it } from 'vitest';
import type { Decimal } from 'decimal.js';
import { fp, mp } from '../src/numeric/context.js';
import { evaluate } from '../src/theory/evaluate.js';

const c = mp(60);
const at = (kappa: string, tau: string, rho: string) =>
  evaluate(c, { alpha: c.num(Infinity), kappa: c.num(kappa), tau: c.num(tau), rho: c.num(rho), lambda: c.num(0) });
const near = (a: Decimal, b: Decimal | string): void =>
  expect(a.minus(b).abs().toNumber(), `${a} vs ${b}`).toBeLessThan(1e-55);

describe('g_task of the α = ∞ limit with divergent errors', () => {
  it("only e^ICL diverges (κ < min(τ, 1)): g_task = +∞ with e^ICL's growth, linear or √α", () => {
    for (const [kappa, tau, rho] of [
      ['0.5', '3', '0.5'],
      ['0.3', '0.5', '2'],
      ['1', '3', '0.5'],
    ] as const) {
      const e = at(kappa, tau, rho);
      expect(e.eIDG.isFinite()).toBe(true);
      expect(e.growth.eIDG).toBeUndefined();
      expect(e.gTask.toString()).toBe('Infinity');
      expect(e.growth.gTask).toEqual(e.growth.eICL);
    }
    expect(at('1', '3', '0.5').growth.gTask!.power).toBe(0.5);
    expect(at('0.5', '3', '0.5').growth.gTask!.power).toBe(1);
  });

  it('κ = τ < 1: both grow like √α and g_task grows at ρ(τ/(1 − τ) − 1/2)/√(1 + ρ), of either sign', () => {
    for (const [tau, rho, sign] of [
      ['0.5', '0.5', 'Infinity'],
      ['0.25', '2', '-Infinity'],
      ['0.4', '0.1', 'Infinity'],
      ['0.3', '1', '-Infinity'],
    ] as const) {
      const e = at(tau, tau, rho);
      const t = c.num(tau);
      const r = c.num(rho);
      const want = r.times(t.div(c.num(1).minus(t)).minus('0.5')).div(r.plus(1).sqrt());
      expect(e.growth.gTask!.power).toBe(0.5);
      near(e.growth.gTask!.rate, want);
      near(e.growth.gTask!.rate, e.growth.eICL!.rate.minus(e.growth.eIDG!.rate));
      expect(e.gTask.toString(), `tau = ${tau}`).toBe(sign);
      // The two errors' own growths are reported unchanged beside it.
      expect(e.growth.eICL!.power).toBe(0.5);
      expect(e.growth.eIDG!.power).toBe(0.5);
      expect(e.eICL.toString()).toBe('Infinity');
      expect(e.eIDG.toString()).toBe('Infinity');
    }
  });

  it('finite limits have no growth entries and g_task is the difference (0 at κ = ∞)', () => {
    const e = at('2', '3', '0.5');
    expect(e.growth).toEqual({});
    near(e.gTask, e.eICL.minus(e.eIDG));
    expect(e.gTask.isZero()).toBe(false);
    const k = at('inf', '0.5', '0.5');
    expect(k.gTask.isZero()).toBe(true);
    expect(k.growth).toEqual({});
  });

  it('float64 composes the same way', () => {
    const e = evaluate(fp, { alpha: Infinity, kappa: 0.25, tau: 0.25, rho: 2, lambda: 0 });
    expect(e.gTask).toBe(-Infinity);
    expect(e.growth.gTask!.rate).toBeCloseTo((2 * (1 / 3 - 0.5)) / Math.sqrt(3), 14);
  });
});
