// Proposition 1: the O(d² k) implementation against the formula with A and B built explicitly, and
// against a direct test-set Monte Carlo.
import { describe, expect, it } from 'vitest';
import { proposition1Cases } from '../src/sim/experiments.js';
import { stream } from '../src/sim/rng.js';
import { sampleTasks } from '../src/sim/tasks.js';
import { predictionError } from '../src/theory/proposition1.js';

/** 1 + ρ − (2/d) tr(ΓA) + (1/d) tr(ΓBΓᵀ) with A ((d+1) × d) and B ((d+1) × (d+1)) formed entry by entry. */
function explicit(g: Float64Array, d: number, ell: number, rho: number, tasks: Float64Array | null, k: number): number {
  const p = d + 1;
  const R = (i: number, j: number): number => {
    if (!tasks) return i === j ? 1 : 0;
    let s = 0;
    for (let t = 0; t < k; t++) s += tasks[t * d + i]! * tasks[t * d + j]!;
    return s / k;
  };
  const m = (i: number): number => {
    if (!tasks) return 0;
    let s = 0;
    for (let t = 0; t < k; t++) s += tasks[t * d + i]!;
    return s / k;
  };
  const alpha = ell / d;
  const A = (r: number, c: number): number => (r < d ? R(r, c) : (1 + rho) * m(c));
  const B = (r: number, c: number): number => {
    if (r < d && c < d) return (r === c ? (1 + rho) / alpha : 0) + (1 + 1 / ell) * R(r, c);
    if (r < d) return (1 + rho) * (1 + 2 / ell) * m(r);
    if (c < d) return (1 + rho) * (1 + 2 / ell) * m(c);
    return (1 + rho) ** 2 * (1 + 2 / ell);
  };
  let trGA = 0;
  for (let i = 0; i < d; i++) for (let a = 0; a < p; a++) trGA += g[i * p + a]! * A(a, i);
  let trGBG = 0;
  for (let i = 0; i < d; i++)
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) trGBG += g[i * p + a]! * B(a, b) * g[i * p + b]!;
  return 1 + rho - (2 / d) * trGA + trGBG / d;
}

describe('proposition 1', () => {
  it('the fast trace formulas equal the explicit A, B form (ICL and IDG, odd d)', () => {
    const rng = stream(9, 0, 'p1');
    for (const [d, ell, k] of [
      [5, 7, 3],
      [8, 2, 11],
    ] as const) {
      const g = Float64Array.from({ length: d * (d + 1) }, () => rng.normal() / d);
      const tasks = sampleTasks(rng, k, d);
      expect(predictionError(g, d, ell, 0.3, { kind: 'icl' })).toBeCloseTo(explicit(g, d, ell, 0.3, null, 0), 12);
      expect(predictionError(g, d, ell, 0.3, { kind: 'tasks', tasks, k })).toBeCloseTo(
        explicit(g, d, ell, 0.3, tasks, k),
        12,
      );
    }
  });

  it('equals a direct test-set Monte Carlo within 4 standard errors (random and fitted Γ)', () => {
    const r = proposition1Cases(5, 40_000);
    for (const c of r.cases)
      expect(Math.abs(c.z), `${c.gamma} ${c.test}: ${c.formula} vs ${c.monteCarlo} ± ${c.stderr}`).toBeLessThan(4);
  });

  it('Γ = 0 has error 1 + ρ under both test distributions', () => {
    const tasks = sampleTasks(stream(1, 0, 'z'), 4, 6);
    expect(predictionError(new Float64Array(42), 6, 9, 0.25, { kind: 'icl' })).toBe(1.25);
    expect(predictionError(new Float64Array(42), 6, 9, 0.25, { kind: 'tasks', tasks, k: 4 })).toBe(1.25);
  });
});
