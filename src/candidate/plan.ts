// The work of judging a candidate, fixed before any simulation runs: a pure function of the candidate,
// its design (which the seed fixes), the budget and a cost model of the reference machine. How many
// points are screened and how many refinements are run never depend on the machine's speed or on the
// number of workers, so a seed gives the same evidence everywhere. Time is only a guard (GUARD): a run
// whose CPU time shows the machine too slow for the plan, or whose wall time shows a hang, stops, and
// the verdict is inconclusive, never a different accept or reject.
import { designPoints, paramsOf, type DesignPoint } from './design.js';
import { allocate, MIN_REPLICATES, replicateSeconds } from '../sim/ladder/ladder.js';
import { simulable, statisticalTarget, type SimLadder } from './evidence/statistical.js';
import type { Candidate } from './parse.js';

/**
 * The coverage rule for an accept on a statistical target: every exact check passed, every planned
 * τ → ∞ limit done, at least `points` screened points (all of them when fewer are simulable), and a
 * median detectable deviation of the screening at most `medianDetectable` (g_task is a difference of
 * two errors, small next to either, so its relative deviations are larger: docs/check-formula.md).
 */
export const COVERAGE = {
  points: 24,
  medianDetectable: { eICL: 0.25, eIDG: 0.25, gTask: 2 } as Record<string, number>,
} as const;

/**
 * The guard, checked before each piece of simulation; past either limit the run stops, inconclusive.
 * CPU seconds of this process (every worker thread) beyond `cpuFactor` × REFERENCE_WORKERS × budget +
 * `floor`: the plan costs about REFERENCE_WORKERS × budget CPU seconds on the reference machine, so
 * this is a machine more than 4 times slower (or a cost model 4 times wrong). CPU time, not wall time,
 * since a busy machine slows the wall clock, not the work. Wall seconds beyond `wallFactor` × budget +
 * `wallFloor`: a hang (a worker stuck at 0% CPU), or a machine so busy that the run would not end.
 */
export const GUARD = { cpuFactor: 4, floor: 60, wallFactor: 20, wallFloor: 600 } as const;

/**
 * The cost model, in reference seconds: wall seconds of the reference machine (the 2-core VM of the
 * speed table of docs/results.md) running REFERENCE_WORKERS workers. One replicate costs `replicateSeconds` of one
 * core (src/sim/ladder.ts, operation counts at fitted rates). A screened point's ladder took 0.6–1.6
 * (median 0.95) wall seconds per modelled core-second with 2 workers (8 points of each ladder, load
 * about 2 on the reference machine: worker start-up and per-replicate overheads that the model leaves
 * out cost about what the second worker gains), hence SCREEN_WALL_PER_CORE_SECOND. The τ → ∞ and
 * random-matrix ladders run on the main thread: d³ operations per draw and d, at rates measured there
 * (0.16–0.45e-8 and 1.2e-8 s per d³). A refinement costs its slot. Nothing here is measured during a run.
 */
export const REFERENCE_WORKERS = 2;
const SCREEN_WALL_PER_CORE_SECOND = 1;
const POPULATION_SECONDS_PER_D3 = 5e-9;
const RESOLVENT_SECONDS_PER_D3 = 1.2e-8;

/** The work fixed before any simulation, printed in the verdict as `plan`. */
export interface Plan {
  ladder: 'small' | 'full';
  budgetSeconds: number;
  /** Modelled reference seconds of each phase (the plan's cost, not a measurement). */
  referenceSeconds: { limits: number; screen: number; refine: number; total: number };
  tauLimitPoints: number;
  resolventPoints: number;
  /** Design points screened, of the simulable ones. */
  screenPoints: number;
  simulable: number;
  refinementsPlanned: number;
  /** What an accept requires (null: a partial plan fixed by the caller, or a target without screening). */
  coverage: { points: number; medianDetectable: number; minBudgetSeconds: number | null } | null;
  /** The guard's limits: CPU seconds of the process, wall seconds. */
  guard: { cpuSeconds: number; wallSeconds: number };
}

/** What a caller may fix in the plan (options of `judge`). */
export interface PlanOptions {
  /**
   * At most this many screened points: a partial plan fixed by its caller (tests, the registry checks),
   * which states its own coverage, so the coverage rule (COVERAGE) is not applied. The CLI and the
   * library never set it.
   */
  maxSimPoints?: number;
  /** This many refinements planned (tests use a few; by default as many slots as the budget holds after screening). */
  refinements?: number;
  /**
   * Reference seconds of one refinement: the replicates are allocated for this on the reference
   * machine's REFERENCE_WORKERS cores, by the cost model of src/sim/ladder.ts.
   */
  slotSeconds?: number;
  /**
   * Ladders: 'full' (screening d up to 40, refinement up to 96, τ = ∞ up to 256) or 'small' (no
   * refinement); by default 'full' when the budget is at least 120 s.
   */
  ladder?: 'small' | 'full';
  /** Limits of the guard, overriding GUARD's (tests). */
  guard?: { cpuSeconds?: number; wallSeconds?: number };
}

/** The plan's points and ladders, as the judgement runs them. */
export interface WorkPlan {
  ladderName: 'small' | 'full';
  screen: SimLadder;
  pop: { ds: number[]; replicates: number };
  tauPts: DesignPoint[];
  resolventPts: DesignPoint[];
  simPts: DesignPoint[];
  /** The screened points, in the design's order. */
  screenPts: DesignPoint[];
  refinements: number;
  /** Reference seconds of one refinement. */
  slotSeconds: number;
  seconds: { limits: number; screen: number; refine: number };
}

const SCREEN = { full: { ds: [16, 24, 32, 40], replicates: 8 }, small: { ds: [8, 16, 24, 32], replicates: 6 } };
const POPULATION = {
  full: { ds: [48, 64, 96, 128, 192, 256], replicates: 6, points: 8 },
  small: { ds: [32, 48, 64, 96, 128], replicates: 4, points: 4 },
};
/** Refinement ladders, longest first; the first whose cheapest design fits a slot is used. */
const REFINE_LADDERS = [
  [24, 32, 48, 64, 96],
  [24, 32, 48, 64],
  [16, 24, 32, 48],
];
/** Reference seconds of one refinement slot: detectable deviations near 1% at most points (docs/check-formula.md). */
const SLOT_SECONDS = 45;
/** Screening ends at this share of the budget when refinements are planned. */
const SCREEN_SHARE = 0.45;
/**
 * Refinements are planned for this share of the budget: a refinement often takes 1–2 times its
 * modelled slot (ridgeless fits need more iterations than the cost model counts).
 */
const REFINE_SHARE = 0.45;
/** Largest n = τd² screened (memory and time). */
const MAX_CONTEXTS = 16_000;
/** The full ladder from this budget on (unless the caller fixes the ladder). */
export const FULL_LADDER_SECONDS = 120;

const sum = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);

/** Modelled reference seconds of screening a point on a ladder. */
export function screenSeconds(p: DesignPoint, ladder: { ds: readonly number[]; replicates: number }): number {
  const core = sum(ladder.ds.map((d) => ladder.replicates * replicateSeconds(d, paramsOf(p))));
  return SCREEN_WALL_PER_CORE_SECOND * core;
}

/** Modelled reference seconds of a τ → ∞ (population) or random-matrix ladder at one point (main thread). */
function limitSeconds(p: DesignPoint, ds: readonly number[], replicates: number, kind: 'population' | 'resolvent') {
  const draws = kind === 'population' && p.kappa === Infinity ? 1 : replicates;
  const rate = kind === 'population' ? POPULATION_SECONDS_PER_D3 : RESOLVENT_SECONDS_PER_D3;
  return rate * draws * sum(ds.map((d) => d ** 3));
}

/** The τ → ∞ points: one per (α, κ, ρ, λ) of the design with finite α, when the domain reaches τ = ∞. */
function tauLimitPoints(cand: Candidate, design: readonly DesignPoint[], count: number): DesignPoint[] {
  if (!statisticalTarget(cand.target) || cand.intervals.tau.hi !== Infinity) return [];
  const seen = new Set<string>();
  return design
    .filter((pt) => {
      const k = JSON.stringify([pt.alpha, pt.kappa, pt.rho, pt.lambda]);
      if (seen.has(k) || !Number.isFinite(pt.alpha)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, count);
}

/** Target M: one random-matrix point per (κ, x) of the design with finite κ. */
function resolventPoints(cand: Candidate, design: readonly DesignPoint[], count: number): DesignPoint[] {
  if (cand.target !== 'M') return [];
  const seen = new Set<string>();
  return design
    .filter((pt) => {
      const k = JSON.stringify([pt.kappa, (1 + pt.rho) / pt.alpha]);
      if (seen.has(k) || pt.kappa === Infinity) return false;
      seen.add(k);
      return true;
    })
    .slice(0, count);
}

/**
 * The plan, a pure function of its arguments (no clock, no worker count): the ladders (full from
 * 120 s), the τ → ∞ and random-matrix points (all planned: they are cheap and an accept needs them),
 * the screened points (in coverage order, each taken when its modelled cost fits what is left of the
 * screening share; a point too costly is skipped and the next tried) and the number of refinements.
 * The default budget (300 s) screens every point of an unrestricted domain on d = 16…40 and plans
 * three 45-s refinements. Every screening d is a multiple of 8, as the design's α, κ, τ are multiples
 * of 1/8: ℓ, k and n are then exact (rounding k = κd at d = 12 shifted one extrapolation by 6σ in a
 * trial run).
 */
function planWork(
  cand: Candidate,
  design: readonly DesignPoint[],
  budgetSeconds: number,
  o: { ladder?: 'small' | 'full'; maxSimPoints?: number; refinements?: number; slotSeconds: number },
): WorkPlan {
  const ladderName = o.ladder ?? (budgetSeconds >= FULL_LADDER_SECONDS ? 'full' : 'small');
  const s = SCREEN[ladderName];
  const pop = POPULATION[ladderName];
  const screen: SimLadder = {
    ds: s.ds,
    replicates: s.ds.map(() => s.replicates),
    model: 'linear',
    workers: REFERENCE_WORKERS,
  };
  const tauPts = tauLimitPoints(cand, design, pop.points);
  const resolventPts = resolventPoints(cand, design, pop.points);
  const limits =
    sum(tauPts.map((pt) => limitSeconds(pt, pop.ds, pop.replicates, 'population'))) +
    sum(resolventPts.map((pt) => limitSeconds(pt, pop.ds, pop.replicates, 'resolvent')));
  const simPts = statisticalTarget(cand.target) ? design.filter((pt) => simulable(pt, screen, MAX_CONTEXTS)) : [];
  const budgetRefinements =
    ladderName === 'full' ? Math.max(0, Math.floor((REFINE_SHARE * budgetSeconds) / o.slotSeconds)) : 0;
  const refinements = simPts.length === 0 ? 0 : (o.refinements ?? budgetRefinements);
  const screenEnd = (refinements > 0 ? SCREEN_SHARE * budgetSeconds : budgetSeconds) - limits;
  const maxScreen = o.maxSimPoints ?? Infinity;
  const screenPts: DesignPoint[] = [];
  let screenCost = 0;
  for (const pt of simPts) {
    if (screenPts.length >= maxScreen) break;
    const c = screenSeconds(pt, s);
    if (screenCost + c > screenEnd) continue;
    screenPts.push(pt);
    screenCost += c;
  }
  return {
    ladderName,
    screen,
    pop: { ds: pop.ds, replicates: pop.replicates },
    tauPts,
    resolventPts,
    simPts,
    screenPts,
    refinements,
    slotSeconds: o.slotSeconds,
    seconds: { limits, screen: screenCost, refine: refinements * o.slotSeconds },
  };
}

/** One simulated ladder of a plan: the point's parameters, its seed, the dimensions and replicates at each. */
export interface PlannedLadder {
  params: { alpha: number; kappa: number; tau: number; rho: number; lambda: number };
  seed: number;
  ds: number[];
  replicates: number[];
}

/**
 * The screening ladders `judge` runs for this candidate, seed and budget (the CLI's defaults for the
 * rest), in its order: a pure function of those, so they can be simulated ahead, e.g. by a job array
 * filling an evidence store. The refinements are not among them: which points they refine depends on
 * the screening results.
 */
export function plannedLadders(cand: Candidate, seed: number, budgetSeconds: number): PlannedLadder[] {
  const p = planWork(cand, designPoints(cand, seed), budgetSeconds, { slotSeconds: SLOT_SECONDS });
  if (!statisticalTarget(cand.target)) return [];
  return p.screenPts.map((pt) => ({
    params: paramsOf(pt),
    seed,
    ds: [...p.screen.ds],
    replicates: [...p.screen.replicates],
  }));
}

/**
 * The work and the plan as the verdict prints it, with the coverage an accept needs (unless the
 * caller fixes a partial plan with `maxSimPoints`) and the guard's limits for the budget.
 */
export function planJudgement(
  cand: Candidate,
  design: readonly DesignPoint[],
  budgetSeconds: number,
  o: PlanOptions,
): { work: WorkPlan; plan: Plan } {
  const planOpts = {
    ladder: o.ladder,
    maxSimPoints: o.maxSimPoints,
    refinements: o.refinements,
    slotSeconds: o.slotSeconds ?? SLOT_SECONDS,
  };
  const work = planWork(cand, design, budgetSeconds, planOpts);
  const target = statisticalTarget(cand.target) ? cand.target : undefined;
  const required = target && o.maxSimPoints === undefined ? requiredPoints(work.simPts.length) : null;
  const minBudgetSeconds = required === null ? null : minimumBudget(cand, design, required, planOpts);
  const s = work.seconds;
  const plan: Plan = {
    ladder: work.ladderName,
    budgetSeconds,
    referenceSeconds: { ...s, total: s.limits + s.screen + s.refine },
    tauLimitPoints: work.tauPts.length,
    resolventPoints: work.resolventPts.length,
    screenPoints: work.screenPts.length,
    simulable: work.simPts.length,
    refinementsPlanned: work.refinements,
    coverage:
      required === null
        ? null
        : { points: required, medianDetectable: COVERAGE.medianDetectable[target!]!, minBudgetSeconds },
    guard: {
      cpuSeconds: o.guard?.cpuSeconds ?? GUARD.cpuFactor * REFERENCE_WORKERS * budgetSeconds + GUARD.floor,
      wallSeconds: o.guard?.wallSeconds ?? GUARD.wallFactor * budgetSeconds + GUARD.wallFloor,
    },
  };
  return { work, plan };
}

/** Screened points an accept needs: COVERAGE.points, or every simulable point when fewer. */
const requiredPoints = (simulablePoints: number): number => Math.min(COVERAGE.points, simulablePoints);

/**
 * The smallest whole budget (seconds, 5 to 86400) whose plan screens `required` points, with the ladder
 * the budget itself would choose unless `ladder` fixes it; null when none does.
 */
function minimumBudget(
  cand: Candidate,
  design: readonly DesignPoint[],
  required: number,
  o: { ladder?: 'small' | 'full'; refinements?: number; slotSeconds: number },
): number | null {
  const enough = (b: number) => planWork(cand, design, b, o).screenPts.length >= required;
  // Below the full ladder's threshold, one budget at a time (the plans are cheap); above it the screened
  // count grows with the budget (the shares are proportional), so a bisection finds the first.
  const smallEnd = o.ladder === 'full' ? 5 : FULL_LADDER_SECONDS;
  for (let b = 5; b < smallEnd; b++) if (enough(b)) return b;
  if (o.ladder === 'small') return enough(86_400) ? bisect(enough, FULL_LADDER_SECONDS, 86_400) : null;
  const lo = Math.max(5, o.ladder === 'full' ? 5 : FULL_LADDER_SECONDS);
  return enough(86_400) ? bisect(enough, lo, 86_400) : null;
}

/** The smallest integer in [lo, hi] where `ok` holds, for `ok` monotone and true at hi. */
function bisect(ok: (b: number) => boolean, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The refinement ladder for a point and a slot: the longest whose minimum replicates take under half the slot. */
export function refineLadder(p: DesignPoint, slotSeconds: number): SimLadder | undefined {
  for (const ds of REFINE_LADDERS) {
    if (!simulable(p, { ds }, Infinity)) continue;
    const floor = ds.reduce((a, d) => a + MIN_REPLICATES * replicateSeconds(d, paramsOf(p)), 0);
    if (floor > 0.5 * slotSeconds * REFERENCE_WORKERS) continue;
    // Stryker disable next-line StringLiteral: allocate reads its model only as 'linear' (docs/equivalent-mutants.md)
    const design = allocate(ds, paramsOf(p), slotSeconds, REFERENCE_WORKERS, 'curved');
    return { ...design, model: 'curved', workers: REFERENCE_WORKERS };
  }
  return undefined;
}
