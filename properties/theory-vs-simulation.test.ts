// Property 4 (slow): the theory against extrapolated simulation at random points of the simulable grid
// (src/checks/properties.ts, which also runs it in `verify`). Two points here; FC_NUM_RUNS=N for more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fp } from '../src/numeric/context.js';
import { evaluate } from '../src/theory/evaluate.js';
import {
  SIM_GRID,
  SIM_PROPERTY_BUDGET,
  simulable,
  theoryVsSimulation,
  type SimPoint,
} from '../src/checks/properties.js';
import { holds, params, runsOf } from './support/domain.js';
import { testLevel } from './support/stats.js';

const RUNS = SIM_PROPERTY_BUDGET.test.points;
const simPoint: fc.Arbitrary<SimPoint> = fc
  .record({
    alpha: fc.constantFrom(...SIM_GRID.alpha),
    kappa: fc.constantFrom(...SIM_GRID.kappa),
    tau: fc.constantFrom(...SIM_GRID.tau),
    rho: fc.constantFrom(...SIM_GRID.rho),
    lambda: fc.constantFrom(...SIM_GRID.lambda),
  })
  .filter(simulable);

describe('property 4: theory against extrapolated simulation at random points', () => {
  const property = (theory?: Parameters<typeof theoryVsSimulation>[3]) => {
    const level = testLevel('theory-vs-simulation', runsOf(RUNS), 3);
    return fc.asyncProperty(simPoint, fc.integer({ min: 1, max: 1_000_000 }), async (p, seed) => {
      const qs = await theoryVsSimulation(p, SIM_PROPERTY_BUDGET.test, seed, theory);
      for (const q of qs) {
        holds(
          q.p >= level,
          `${q.quantity}: theory ${q.theory} within the extrapolation's error`,
          { ...p, seed },
          `extrapolated ${q.extrapolated} ± ${q.stderr}, z = ${q.z.toFixed(2)}, p = ${q.p.toExponential(2)} < level ${level.toExponential(2)}; ladder ${JSON.stringify(q.points)}`,
        );
      }
    });
  };

  it(`e^ICL, e^IDG, g_task extrapolated from d = ${SIM_PROPERTY_BUDGET.test.ds.join(', ')} (${SIM_PROPERTY_BUDGET.test.replicates} replicates) agree with the theory (Bonferroni share of the 1e-3 family)`, async () => {
    await fc.assert(property(), params(RUNS));
  });

  it('can fail: a theory 25% too high in e^ICL and e^IDG is rejected', async () => {
    const wrong = (p: SimPoint) => {
      const e = evaluate(fp, p);
      return { eICL: 1.25 * e.eICL, eIDG: 1.25 * e.eIDG, gTask: 1.25 * e.gTask };
    };
    const r = await fc.check(property(wrong), { ...params(RUNS), endOnFailure: true });
    expect(r.failed).toBe(true);
  });
});
