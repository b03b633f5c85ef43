// The straight-line float64 path of grids (theory/finiteFloat64.ts) against the generic formulas:
// the same double for ε, e^ICL, e^IDG and g_task at 10⁵ random points of the float64 box (finite α and
// τ; κ = ∞, λ = 0 and ρ = 0 among them; τ and κ near 1 and near each other, where the solve changes
// form), and false, leaving the point to `evaluate`, at limits and outside the box. Seed printed.
import { describe, expect, it } from 'vitest';
import { fp } from '../src/numeric/context.js';
import { evaluate } from '../src/theory/evaluate.js';
import { E_ICL, E_IDG, EPSILON, finiteFloat64, G_TASK } from '../src/theory/finiteFloat64.js';
import type { Params } from '../src/theory/params.js';

const SEED = 20261205;

/** mulberry32: uniform doubles in [0, 1) from a fixed seed. */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function randomPoint(u: () => number): Params<number> {
  const logIn = (lo: number, hi: number) => lo * (hi / lo) ** u();
  const near1 = () => 1 + (u() - 0.5) * 10 ** (-1 - 5 * u());
  const pick = u();
  const tau = pick < 0.15 ? near1() : logIn(1e-3, 5e5);
  // κ near τ: both inside [1e-3, 1e6], the box's range
  const kappa =
    u() < 0.1 ? Infinity : pick > 0.85 ? Math.max(2e-3, tau) * near1() : u() < 0.15 ? near1() : logIn(1e-3, 1e6);
  const rho = u() < 0.1 ? 0 : logIn(1e-4, 10);
  let lambda = u() < 0.4 ? 0 : logIn(1e-12, 1e3);
  if (lambda === 0 && Math.abs(tau - 1) < 1e-6) lambda = 1e-3;
  return { alpha: logIn(1e-2, 1e12), kappa, tau, rho, lambda };
}

describe('finiteFloat64', () => {
  it(`gives the generic formulas' doubles bit for bit at 100000 random points of the float64 box (seed ${SEED})`, () => {
    const u = uniform(SEED);
    const out = new Float64Array(4);
    let ridgeless = 0;
    for (let i = 0; i < 100_000; i++) {
      const p = randomPoint(u);
      if (p.lambda === 0) ridgeless++;
      expect(finiteFloat64(p, out), JSON.stringify(p)).toBe(true);
      const e = evaluate(fp, p);
      const same =
        Object.is(out[EPSILON], e.epsilon) &&
        Object.is(out[E_ICL], e.eICL) &&
        Object.is(out[E_IDG], e.eIDG) &&
        Object.is(out[G_TASK], e.gTask);
      if (!same) expect([...out], JSON.stringify(p)).toEqual([e.epsilon, e.eICL, e.eIDG, e.gTask]);
    }
    // both branches drawn often: the ridgeless closed forms and the Newton solve
    expect(ridgeless).toBeGreaterThan(30_000);
    expect(ridgeless).toBeLessThan(50_000);
  });

  it('leaves limits, points outside the domain and points outside the float64 box to evaluate', () => {
    const out = new Float64Array(4);
    const base = { alpha: 2, kappa: 0.5, tau: 3, rho: 0.1, lambda: 0.01 };
    for (const p of [
      { ...base, alpha: Infinity },
      { ...base, tau: Infinity },
      { ...base, alpha: Infinity, tau: Infinity, tauPerAlpha: 1 },
      { ...base, tau: 1, lambda: 0 },
      { ...base, rho: -1 },
      { ...base, kappa: 0 },
      { ...base, alpha: NaN },
      { ...base, alpha: 1e-3 },
      { ...base, lambda: 1e-13 },
      { ...base, tau: 1 + 1e-7, lambda: 0 },
    ])
      expect(finiteFloat64(p, out), JSON.stringify(p)).toBe(false);
  });
});
