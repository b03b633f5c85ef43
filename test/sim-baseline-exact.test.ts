// The exact small cases behind three registry checks: dMMSE's estimate is the posterior mean over its
// task pool (computed in the check from the definition), a replicate's reported errors are Proposition 1
// of its Γ*, and the ladders' fit recovers a planted a + b/d + c/d². Their planted faults
// (dmmse-noise-1.1, score-gamma-1.005, extrapolation-regressor) are killed by
// `npm run faults`; here the unfaulted checks must pass with their evidence showing what they compared.
import { describe, expect, it } from 'vitest';
import { checks } from '../src/checks/sim.js';
import { runCheck } from '../src/registry/run.js';
import { extrapolate } from '../src/sim/ladder/leastSquares.js';

const byId = (id: string) => checks.find((c) => c.id === id)!;

describe('exact small cases of the sim checks', () => {
  it('dMMSE equals the posterior mean on non-degenerate posteriors', async () => {
    const r = await runCheck(byId('sim.baselines.dmmse-posterior'), { quick: true, seed: 3 });
    expect(r.status).toBe('pass');
    const rows = r.evidence.rows as { maxAbsDiff: number; smallestTopPosterior: number }[];
    expect(rows.length).toBe(3);
    for (const row of rows) {
      expect(row.maxAbsDiff).toBeLessThanOrEqual(1e-12);
      expect(row.smallestTopPosterior).toBeLessThan(0.9);
    }
  });

  it("a replicate's reported errors are the exact errors of its Γ* (scoring path)", async () => {
    const r = await runCheck(byId('sim.replicate.scoring'), { quick: true, seed: 2 });
    expect(r.status).toBe('pass');
    const rows = r.evidence.rows as { relErr: number; exact: { eICL: number; eIDG: number } }[];
    expect(rows.length).toBe(4);
    for (const row of rows) {
      expect(row.relErr).toBeLessThanOrEqual(1e-10);
      // ICL and IDG differ at these k: the two test laws are both exercised.
      expect(Math.abs(row.exact.eICL - row.exact.eIDG)).toBeGreaterThan(1e-6);
    }
  });

  it('the extrapolation recovers a planted curve on every registry ladder, and a 1/(d+1) regressor would not', async () => {
    const r = await runCheck(byId('sim.extrapolation.design'), { quick: true, seed: 1 });
    expect(r.status).toBe('pass');
    expect((r.evidence.rows as unknown[]).length).toBeGreaterThanOrEqual(4);
    // The power of the check: data generated in 1/(d+1) are not fitted exactly by the 1/d design.
    const ds = [16, 24, 32, 48];
    const fit = extrapolate(
      ds.map((d) => ({ d, mean: 0.7 - 3.1 / (d + 1) + 12.5 / (d + 1) ** 2, stderr: 1e-4, dof: 7 })),
      'curved',
    );
    expect(Math.abs(fit.value - 0.7)).toBeGreaterThan(1e-3);
  });
});
