// The slow property: the asymptotic theory against finite-size extrapolations of the simulated model at
// random points of the domain (not the hand-picked figure points of sim.ts). A few points run in
// `npm test` (properties/theory-vs-simulation.test.ts, fast-check over the same grid), more here in
// `verify` (full), one in `verify --quick`.
//
// The simulable grid: α, κ, τ multiples of 1/4 and d multiples of 4, so ℓ = αd, k = κd and n = τd²
// are exact at every d of the ladder (a rounded size would jump with d, a bias a fit in 1/d cannot
// separate). Ridgeless points keep |τ − 1| >= 1/2: at the peak the finite-size corrections are not
// linear in 1/d at the d this machine affords.
import { EvidenceStore } from '../sim/evidence.js';
import { fp } from '../numeric/context.js';
import { verdict, type Check, type CheckOptions, type CheckResult } from '../registry/registry.js';
import { extrapolate } from '../sim/ladder/leastSquares.js';
import { DEFAULT_WORKERS } from '../sim/pool.js';
import { stream, type Rng } from '../sim/rng.js';
import { simulate, type SimulateResult } from '../sim/simulate.js';
import { studentTwoSidedP } from '../numeric/stats.js';
import { evaluate } from '../theory/evaluate.js';

const quarters = (lo: number, hi: number): number[] =>
  Array.from({ length: Math.round((hi - lo) * 4) + 1 }, (_, i) => lo + i / 4);

/** Values of each parameter, simplest first (fast-check shrinks toward the first). */
export const SIM_GRID = {
  alpha: [1, ...quarters(0.5, 4).filter((v) => v !== 1)],
  kappa: [1, Infinity, ...quarters(0.25, 4).filter((v) => v !== 1)],
  tau: [2, ...quarters(0.25, 4).filter((v) => v !== 2)],
  rho: [0.5, 0, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9, 1],
  lambda: [0.1, 0, 0.001, 0.01, 1],
} as const;

export interface SimPoint {
  alpha: number;
  kappa: number;
  tau: number;
  rho: number;
  lambda: number;
}

/** Ridgeless points off the peak (see above); ridge points anywhere on the grid. */
export const simulable = (p: SimPoint): boolean => p.lambda > 0 || Math.abs(p.tau - 1) >= 0.5;

/** A uniformly random simulable grid point. */
function drawSimPoint(r: Rng): SimPoint {
  const pick = <V>(xs: readonly V[]): V => xs[r.int(xs.length)]!;
  for (;;) {
    const p = {
      alpha: pick(SIM_GRID.alpha),
      kappa: pick(SIM_GRID.kappa),
      tau: pick(SIM_GRID.tau),
      rho: pick(SIM_GRID.rho),
      lambda: pick(SIM_GRID.lambda),
    };
    if (simulable(p)) return p;
  }
}

export interface SimBudget {
  points: number;
  ds: number[];
  replicates: number;
}

/** `verify` (full and quick) and `npm test` budgets; their wall time on the reference VM is in docs/results.md. */
export const SIM_PROPERTY_BUDGET: Record<'full' | 'quick' | 'test', SimBudget> = {
  full: { points: 12, ds: [12, 16, 24, 32], replicates: 8 },
  quick: { points: 1, ds: [8, 12, 16], replicates: 6 },
  test: { points: 2, ds: [8, 12, 16, 24], replicates: 6 },
};

interface SimComparison {
  quantity: 'eICL' | 'eIDG' | 'gTask';
  theory: number;
  extrapolated: number;
  stderr: number;
  z: number;
  /** Two-sided p of z under Student's t with the fit's Welch–Satterthwaite dof. */
  p: number;
  points: { d: number; mean: number; stderr: number }[];
}

type Values = Record<SimComparison['quantity'], number>;

/**
 * Simulates the ladder at p, extrapolates each error to d = ∞ and compares with the theory (float64;
 * `theory` replaces it only in the test that shows the comparison can fail).
 */
export async function theoryVsSimulation(
  p: SimPoint,
  b: Omit<SimBudget, 'points'>,
  seed: number,
  theory: (p: SimPoint) => Values = (q) => evaluate(fp, q),
  evidence?: EvidenceStore,
): Promise<SimComparison[]> {
  const runs: SimulateResult[] = [];
  for (const d of b.ds)
    runs.push(await simulate({ ...p, d, replicates: b.replicates, seed, workers: DEFAULT_WORKERS, evidence }));
  const t = theory(p);
  return (['eICL', 'eIDG', 'gTask'] as const).map((quantity) => {
    const points = runs.map((r) => ({
      d: r.d,
      mean: r[quantity].mean,
      stderr: r[quantity].stderr ?? NaN,
      dof: r.replicates - 1,
    }));
    const fit = extrapolate(points);
    const z = (t[quantity] - fit.value) / fit.stderr;
    return {
      quantity,
      theory: t[quantity],
      extrapolated: fit.value,
      stderr: fit.stderr,
      z,
      p: studentTwoSidedP(z, fit.nuEff),
      points: points.map(({ d, mean, stderr }) => ({ d, mean, stderr })),
    };
  });
}

/** Family-wise false-alarm level of the check (Bonferroni over its points and three quantities). */
const SIM_PROPERTY_LEVEL = 1e-3;

const theoryVsSimulationCheck: Check = {
  id: 'properties.theory-vs-simulation',
  claim:
    'At random points of the simulable domain, the finite-d errors of ' +
    'Γ* extrapolate (a + b/d) to the asymptotic e^ICL, e^IDG and g_task',
  subject: 'theory-vs-simulation',
  detects:
    'a disagreement between theory and simulation at random simulable ' +
    "points larger than the detectable deviation of each point's ladder",
  async run({ quick, seed, evidence }: CheckOptions): Promise<CheckResult> {
    const budget = quick ? SIM_PROPERTY_BUDGET.quick : SIM_PROPERTY_BUDGET.full;
    const store = evidence === undefined ? undefined : new EvidenceStore(evidence.dir);
    const r = stream(seed, 0, 'properties/theory-vs-simulation');
    const level = SIM_PROPERTY_LEVEL / (budget.points * 3);
    const cases = [];
    for (let i = 0; i < budget.points; i++) {
      const point = drawSimPoint(r);
      cases.push({
        point: { ...point, kappa: point.kappa === Infinity ? 'inf' : point.kappa },
        comparisons: await theoryVsSimulation(point, budget, seed + i, undefined, store),
      });
    }
    const all = cases.flatMap((c) => c.comparisons.map((q) => ({ ...q, point: c.point })));
    const worst = all.reduce((a, b) => (b.p < a.p ? b : a));
    return verdict(
      all.every((q) => q.p >= level),
      `min p ${worst.p.toPrecision(3)} (z ${worst.z.toFixed(2)}, ${worst.quantity}) ` +
        `over ${budget.points} random points × 3 errors`,
      {
        tolerance:
          `every two-sided p >= ${SIM_PROPERTY_LEVEL}/${budget.points * 3} ` +
          `(Bonferroni: family-wise false-alarm level ${SIM_PROPERTY_LEVEL})`,
        ds: budget.ds,
        replicates: budget.replicates,
        seed,
        cases,
      },
    );
  },
};

export const checks: Check[] = [theoryVsSimulationCheck];
