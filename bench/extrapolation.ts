// Precision per unit of time of `icl-verify extrapolate --budget-seconds 120`: the relative 95%
// half-width of e^ICL and e^IDG at d = ∞ at the two README points, with the z of the theory, the
// wall-clock and the CPU time of the run (main thread plus workers: process.cpuUsage covers the
// worker threads of this process).
import { allocate, runLadder } from '../src/sim/ladder/ladder.js';
import { DEFAULT_WORKERS } from '../src/sim/pool.js';
import { P_THREE_SIGMA } from '../src/numeric/stats.js';
import { theoryValues } from '../src/theory/evaluate.js';

export const POINTS = {
  'alpha2.tau2': { alpha: 2, kappa: 0.5, tau: 2, rho: 0.1, lambda: 0.01 },
  'fig1.alpha10.tau0.5': { alpha: 10, kappa: 0.5, tau: 0.5, rho: 0.01, lambda: 1e-4 },
};
export const DS = [24, 32, 48, 64, 96];

export async function benchExtrapolation(budget = 120, seed = 1): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(POINTS)) {
    const design = allocate(DS, p, budget, 2, 'curved');
    const cpu0 = process.cpuUsage();
    const r = await runLadder(
      design,
      { ...p, seed, workers: DEFAULT_WORKERS },
      'curved',
      P_THREE_SIGMA,
      theoryValues(p),
    );
    const cpu = process.cpuUsage(cpu0);
    const q = Object.fromEntries(
      r.comparisons
        .filter((c) => c.quantity !== 'gTask')
        .map((c) => [
          c.quantity,
          {
            relHalfWidth: (c.fit.ci95[1] - c.fit.ci95[0]) / 2 / Math.abs(c.fit.value),
            z: c.z,
            chi2: c.fit.chi2,
            dof: c.fit.dof,
          },
        ]),
    );
    out[name] = {
      ds: design.ds,
      replicates: design.replicates,
      ...q,
      wallSeconds: r.seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  }
  return { [`extrapolationRelHalfWidth${budget}s`]: out };
}
