// Warnings next to simulated numbers: a noisy mean (near the interpolation threshold) and an
// extrapolation whose line does not fit the ladder. The lack-of-fit p is checked against values of
// the F distribution known by hand.
import { describe, expect, it } from 'vitest';
import { extrapolateWarnings, lackOfFitP, simulateWarnings } from '../src/sim/ladder/diagnostics.js';
import { compare } from '../src/sim/ladder/comparison.js';
import { P_THREE_SIGMA } from '../src/numeric/stats.js';
import { simulate, type SimulateResult } from '../src/sim/simulate.js';

describe('lack-of-fit p', () => {
  it('matches the F distribution: P(F(1, ν) ≥ t²) is the two-sided t tail, F(2, 2) tail is 1/(1 + f)', () => {
    // F(1, 4) ≥ 2.776² ↔ |t_4| ≥ 2.776: p = 0.05.
    expect(lackOfFitP(2.7764451051977987 ** 2, 1, 4)).toBeCloseTo(0.05, 6);
    expect(lackOfFitP(2 * 3, 2, 2)).toBeCloseTo(1 / (1 + 3), 12);
    expect(lackOfFitP(0, 2, 7)).toBe(1);
  });
});

describe('simulate warnings', () => {
  const result = (mean: number, stderr: number, n: number, lambda = 0): SimulateResult =>
    ({
      d: 8,
      n,
      params: { alpha: 2, kappa: 1, tau: n / 64, rho: 0.1, lambda },
      eICL: { mean, stderr },
      eIDG: { mean: 1, stderr: 0.01 },
      gTask: { mean: 0.01, stderr: 0.5 },
    }) as unknown as SimulateResult;
  it('names the quantity and the threshold when the standard error is a large part of the mean', () => {
    const [w] = simulateWarnings(result(126.6, 89, 73));
    expect(w).toMatch(
      /^warning: standard error \/ mean is e_ICL 70% .*n = 73 is near the interpolation threshold n = d\(d\+1\) = 72/,
    );
    expect(simulateWarnings(result(126.6, 89, 73, 0.1))[0]).not.toMatch(/threshold/);
    // Precise means, and a noisy g_task alone (a difference near 0), warn of nothing.
    expect(simulateWarnings(result(1, 0.1, 73))).toEqual([]);
  });
  it('a real ridgeless run next to n = d(d+1) warns', async () => {
    const r = await simulate({
      d: 8,
      alpha: 2,
      kappa: 1,
      tau: 73 / 64,
      rho: 0.1,
      lambda: 0,
      replicates: 4,
      seed: 1,
      workers: 1,
    });
    expect(simulateWarnings(r).join()).toMatch(/interpolation threshold/);
  });
});

describe('extrapolate warnings', () => {
  const run = (d: number, mean: number, stderr: number) =>
    ({
      d,
      replicates: 4,
      eICL: { mean, stderr },
      eIDG: { mean, stderr },
      gTask: { mean: 0, stderr },
    }) as unknown as SimulateResult;
  const theory = { eICL: 1, eIDG: 1, gTask: 0 };
  it('a ladder far off any a + b/d line is reported with its chi2/dof; one on a line is not', () => {
    const zigzag = compare(
      [run(8, 1.0, 0.01), run(12, 2.0, 0.01), run(16, 1.0, 0.01)],
      theory,
      'linear',
      P_THREE_SIGMA,
    );
    const w = extrapolateWarnings(zigzag, 4);
    expect(w.length).toBe(2);
    expect(w[0]).toMatch(
      /^warning: e_ICL: chi2\/dof = .*\/1 \(lack of fit p = .*\): the fit a\+b\/d .* does not describe the ladder/,
    );
    const line = compare(
      [run(8, 1 + 1 / 8, 0.01), run(12, 1 + 1 / 12, 0.01), run(16, 1 + 1 / 16 + 0.005, 0.01)],
      theory,
      'linear',
      P_THREE_SIGMA,
    );
    expect(extrapolateWarnings(line, 4)).toEqual([]);
  });
});
