// Judging a candidate: exact facts first (milliseconds), then the τ → ∞ population limit (seconds),
// then finite-d simulation in two stages:
// - screening: the simulable design points, in the design's coverage order, on a short ladder;
// - refinement: the points where candidate and screening disagree most (largest |z| first) are
//   simulated again on fresh random streams, on a longer ladder (d up to 96) with the replicates
//   allocated for minimum variance.
// The work is a plan fixed before any simulation runs, a pure function of the candidate, the seed, the
// budget and a cost model of the reference machine (`planWork`): how many points are screened and how
// many refinements are run never depend on the machine's speed or on the number of workers, so a seed
// gives the same evidence everywhere. Which points are refined depends on the screening results, which
// the seed fixes. Time is only a guard (GUARD): a run whose CPU time shows the machine too slow for the
// plan, or whose wall time shows a hang, stops, and the verdict is inconclusive, never a different
// accept or reject.
// Statistics: the family-wise false-reject probability FAMILY_ALPHA is split in two halves, each
// Bonferroni over comparisons counted before any data are seen: the screening half over the planned
// τ-limit, random-matrix and screening comparisons, the refinement half over the planned refinements.
// A refinement is chosen by looking at the screening results, but its data are new: whatever point
// is chosen, its z under a true candidate is a fresh draw, so the selection needs no further correction.
// A refined point's screening result is superseded by the refinement (unless it failed beyond the
// margin, when the run has stopped anyway). A decisive statistic within MARGIN of its threshold gives
// 'inconclusive' rather than a coin-flip verdict, and so does evidence below the coverage rule
// (COVERAGE): an accept must rest on enough screened points to have caught a gross error.
import type { EvidenceStore } from '../sim/evidence.js';
import { designPoints, formatPoint, paramsOf, type DesignPoint } from './design.js';
import { compile } from './compile.js';
import { DEFAULT_WORKERS } from '../sim/pool.js';
import { pointSeed } from '../numeric/seeds.js';
import { allocate, MIN_REPLICATES, replicateSeconds } from '../sim/ladder/ladder.js';
import { fault } from '../numeric/faults.js';
import { bonferroniZ, FAMILY_ALPHA, type Evidence } from './evidence/evidence.js';
import { exactChecks } from './evidence/exactChecks.js';
import {
  resolventEvidence,
  simulable,
  simulationEvidence,
  statisticalTarget,
  tauLimitEvidence,
  type SimLadder,
} from './evidence/statistical.js';
import { derivativeOf, type Candidate, type Target } from './parse.js';

interface JudgeOptions {
  seed: number;
  budgetSeconds: number;
  /** Worker threads: how fast the plan runs, never what it contains. */
  workers?: number;
  /** Run every phase even after a decisive failure. */
  exhaustive?: boolean;
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
  /** The evidence store the simulations read back from and write to (a cache: the same verdict). */
  evidence?: EvidenceStore;
  /**
   * With `evidence`: every simulated ladder adds the plan's replicates as fresh streams after those
   * the store holds, and is judged on all of them.
   */
  accumulate?: boolean;
  onProgress?: (message: string) => void;
}

/** A statistic within this distance (in units of its standard error) of its threshold is inconclusive. */
export const MARGIN = 0.5;

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
 * README's speed table) running REFERENCE_WORKERS workers. One replicate costs `replicateSeconds` of one
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

/** Why the simulation stopped: the strength line says it. */
type StopReason = 'decisive failure' | 'out of time' | 'plan done' | 'no simulation';

/** The work fixed before any simulation: what `planWork` returns, printed in the verdict as `plan`. */
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

interface Strength {
  exactChecks: number;
  tauLimitPoints: number;
  tauMedianRelStderr: number | null;
  /** Screening: points simulated out of the simulable ones, their median relative error bar and detectable deviation. */
  screened: number;
  simulable: number;
  screenMedianRelStderr: number | null;
  screenMedianDetectable: number | null;
  /** Refinements planned (fixed before any data, the basis of their threshold) and done. */
  refinementsPlanned: number;
  refinements: number;
  /** Where the run looked hardest: the refinement with the smallest detectable deviation. */
  hardest: { point: string; detectable: number } | null;
  zCritical: { screen: number; refine: number | null };
  margin: number;
  stopReason: StopReason;
  summary: string;
}

/** The verdict on a candidate, as `check-formula --json` prints it: decisive evidence first. */
export interface Verdict {
  /**
   * 'inconclusive': the decisive statistic lies within `strength.margin` of its threshold, the evidence
   * is below the coverage rule, or the run ran out of time (`reason` says which).
   */
  verdict: 'accept' | 'reject' | 'inconclusive';
  /** Why the verdict is inconclusive, one line (absent otherwise). */
  reason?: string;
  target: Target;
  domain: string;
  seed: number;
  budgetSeconds: number;
  /** Wall seconds of the run (timing: differs between runs). */
  seconds: number;
  /** Wall seconds spent in each phase (timing: differs between runs). */
  phases: { exact: number; limits: number; screen: number; refine: number };
  plan: Plan;
  design: DesignPoint[];
  /** Decisive evidence first: exact failures, then statistical results by distance to their threshold. */
  evidence: Evidence[];
  strength: Strength;
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
/** Refinements are planned for this share of the budget: a refinement often takes 1–2 times its modelled slot (ridgeless fits need more iterations than the cost model counts). */
const REFINE_SHARE = 0.45;
/** Largest n = τd² screened (memory and time). */
const MAX_CONTEXTS = 16_000;
/** The full ladder from this budget on (unless the caller fixes the ladder). */
const FULL_LADDER_SECONDS = 120;

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

interface WorkPlan {
  ladderName: 'small' | 'full';
  screen: SimLadder;
  pop: { ds: number[]; replicates: number };
  tauPts: DesignPoint[];
  resolventPts: DesignPoint[];
  simPts: DesignPoint[];
  /** The screened points, in the design's order. */
  screenPts: DesignPoint[];
  refinements: number;
  seconds: { limits: number; screen: number; refine: number };
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
function refineLadder(p: DesignPoint, slotSeconds: number): SimLadder | undefined {
  for (const ds of REFINE_LADDERS) {
    if (!simulable(p, { ds }, Infinity)) continue;
    const floor = ds.reduce((a, d) => a + MIN_REPLICATES * replicateSeconds(d, paramsOf(p)), 0);
    if (floor > 0.5 * slotSeconds * REFERENCE_WORKERS) continue;
    // Stryker disable next-line StringLiteral: allocate reads its model only as model === 'linear' (terms, minimum ladder length), so any other name allocates alike
    const design = allocate(ds, paramsOf(p), slotSeconds, REFERENCE_WORKERS, 'curved');
    return { ...design, model: 'curved', workers: REFERENCE_WORKERS };
  }
  return undefined;
}

const abs = (z: number | undefined): number => Math.abs(z ?? Infinity);
/** How far a statistical result is from failing: |z| − threshold (> MARGIN fails, within ±MARGIN is inconclusive). */
const excess = (e: Evidence): number => abs(e.z) - (e.zCritical ?? 0);
const statistical = (e: Evidence): boolean => e.zCritical !== undefined;
/** A failure that settles the verdict: any exact failure, or a statistic beyond its threshold by more than the margin. */
const decisiveFailure = (e: Evidence): boolean => !e.pass && (!statistical(e) || excess(e) > MARGIN);

/** Thrown inside `judge` when a limit of the guard is passed; caught there. */
class OutOfTime extends Error {
  constructor(readonly limit: 'cpu' | 'wall') {
    super(limit);
  }
}

const cpuSecondsSince = (start: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
};

export async function judge(cand: Candidate, opts: JudgeOptions): Promise<Verdict> {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const say = opts.onProgress ?? (() => {});
  const workers = opts.workers ?? DEFAULT_WORKERS;
  const fn = compile(cand);
  const design = designPoints(cand, opts.seed);
  const slotSeconds = opts.slotSeconds ?? SLOT_SECONDS;
  const planOpts = {
    ladder: opts.ladder,
    maxSimPoints: opts.maxSimPoints,
    refinements: opts.refinements,
    slotSeconds,
  };
  const p = planWork(cand, design, opts.budgetSeconds, planOpts);
  const cpu0 = process.cpuUsage();
  const limits = {
    cpuSeconds: opts.guard?.cpuSeconds ?? GUARD.cpuFactor * REFERENCE_WORKERS * opts.budgetSeconds + GUARD.floor,
    wallSeconds: opts.guard?.wallSeconds ?? GUARD.wallFactor * opts.budgetSeconds + GUARD.wallFloor,
  };
  const guard = () => {
    if (cpuSecondsSince(cpu0) > limits.cpuSeconds) throw new OutOfTime('cpu');
    if (elapsed() > limits.wallSeconds) throw new OutOfTime('wall');
  };
  const stored = { evidence: opts.evidence, accumulate: opts.accumulate };
  const screenLadder: SimLadder = { ...p.screen, workers, ...stored };
  const evidence: Evidence[] = exactChecks(cand, fn, design);
  const exactCount = evidence.length;
  const phases = { exact: elapsed(), limits: 0, screen: 0, refine: 0 };
  const stop = () => !opts.exhaustive && evidence.some(decisiveFailure);
  say(`exact checks: ${evidence.filter((e) => e.pass).length}/${evidence.length} pass`);

  const { tauPts, resolventPts, simPts, screenPts } = p;
  const refinementsPlanned = p.refinements;
  const zScreen = bonferroniZ(
    tauPts.length + resolventPts.length + screenPts.length,
    refinementsPlanned > 0 ? FAMILY_ALPHA / 2 : FAMILY_ALPHA,
  );
  // The planted fault 'refine-threshold-2x' proves that a refinement decides a near-threshold candidate (bench/faults.ts).
  const zRefine =
    refinementsPlanned > 0
      ? bonferroniZ(refinementsPlanned, FAMILY_ALPHA / 2) * (fault('refine-threshold-2x') ? 2 : 1)
      : null;

  const target = statisticalTarget(cand.target) ? cand.target : undefined;
  const screened: Evidence[] = [];
  const refined: Evidence[] = [];
  let outOfTime: 'cpu' | 'wall' | undefined;
  const tLimits = elapsed();
  let tScreen = tLimits;
  let tRefine = tLimits;
  try {
    for (const pt of resolventPts) {
      if (stop()) break;
      guard();
      const e = resolventEvidence(fn, pt, opts.seed, p.pop.ds, p.pop.replicates, zScreen);
      evidence.push(e);
      say(`random-matrix M ${evidence.length - exactCount}/${resolventPts.length}: ${e.pass ? 'pass' : 'FAIL'}`);
    }
    let tauDone = 0;
    for (const pt of target ? tauPts : []) {
      if (stop()) break;
      guard();
      const e = tauLimitEvidence(target!, fn, pt, opts.seed, p.pop.ds, p.pop.replicates, zScreen);
      evidence.push(e);
      say(`tau -> inf ${++tauDone}/${tauPts.length}: ${e.pass ? 'pass' : 'FAIL'}`);
    }
    phases.limits = elapsed() - tLimits;

    // Screening: the planned points, in coverage order.
    tScreen = elapsed();
    // Stryker disable next-line ArrayDeclaration: without a target screenPts is empty
    for (const pt of target ? screenPts : []) {
      if (stop()) break;
      guard();
      const { evidence: e, sim } = await simulationEvidence(
        target!,
        fn,
        pt,
        opts.seed,
        screenLadder,
        zScreen,
        'screen',
      );
      evidence.push(e);
      screened.push(e);
      say(
        `screening ${screened.length}/${screenPts.length}: ${e.pass ? 'pass' : 'FAIL'} (${sim.seconds.toFixed(1)} s)`,
      );
    }
    phases.screen = elapsed() - tScreen;

    // Refinement: the unresolved point furthest towards failing, on fresh streams, one slot at a time.
    tRefine = elapsed();
    const latest = new Map<string, Evidence>(screened.map((e) => [formatPoint(e.point!), e]));
    while (target && refined.length < refinementsPlanned && !stop()) {
      const open = [...latest.values()].filter((e) => e.stage === 'screen' || Math.abs(excess(e)) <= MARGIN);
      // The first point, furthest towards failing, that a refinement ladder fits (each ladder is an allocation: computed only until found).
      let pick: { e: Evidence; ladder: SimLadder } | undefined;
      for (const e of open.sort((a, b) => excess(b) - excess(a))) {
        const ladder = refineLadder(e.point as DesignPoint, slotSeconds);
        if (ladder) {
          pick = { e, ladder };
          break;
        }
      }
      if (!pick) break;
      guard();
      const k = refined.length + 1;
      const pt = pick.e.point as DesignPoint;
      const seed = pointSeed(opts.seed, `refine ${k}`);
      const note = `refinement ${k} of ${refinementsPlanned} (fresh streams; threshold Bonferroni over the ${refinementsPlanned} planned): `;
      const ladder = { ...pick.ladder, workers, ...stored };
      const { evidence: e, sim } = await simulationEvidence(target, fn, pt, seed, ladder, zRefine!, 'refine', note);
      if (excess(pick.e) <= MARGIN) pick.e.superseded = true;
      evidence.push(e);
      refined.push(e);
      latest.set(formatPoint(pt), e);
      say(`refinement ${k}/${refinementsPlanned}: ${e.pass ? 'pass' : 'FAIL'} (${sim.seconds.toFixed(1)} s)`);
    }
    phases.refine = elapsed() - tRefine;
  } catch (err) {
    if (!(err instanceof OutOfTime)) throw err;
    outOfTime = err.limit;
  }

  const stopReason: StopReason = stop()
    ? 'decisive failure'
    : outOfTime
      ? 'out of time'
      : screened.length === 0
        ? 'no simulation'
        : 'plan done';
  const required = target && opts.maxSimPoints === undefined ? requiredPoints(simPts.length) : null;
  const minBudgetSeconds = required === null ? null : minimumBudget(cand, design, required, planOpts);
  const plan: Plan = {
    ladder: p.ladderName,
    budgetSeconds: opts.budgetSeconds,
    referenceSeconds: { ...p.seconds, total: p.seconds.limits + p.seconds.screen + p.seconds.refine },
    tauLimitPoints: tauPts.length,
    resolventPoints: resolventPts.length,
    screenPoints: screenPts.length,
    simulable: simPts.length,
    refinementsPlanned,
    coverage:
      required === null
        ? null
        : { points: required, medianDetectable: COVERAGE.medianDetectable[target!]!, minBudgetSeconds },
    guard: limits,
  };
  const ordered = order(evidence);
  const strength = describeStrength(cand, {
    exactChecks: exactCount,
    tau: evidence.filter((e) => e.kind === 'tau-limit'),
    // Stryker disable next-line ConditionalExpression: the stage test only excludes screening/refinement results, which exist only for statistical targets, and the resolvent tally is read only for target M
    resolvent: evidence.filter((e) => e.kind === 'simulation' && e.stage === undefined),
    screened,
    simulable: simPts.length,
    refined,
    refinementsPlanned,
    zScreen,
    zRefine,
    stopReason,
    budget: opts.budgetSeconds,
  });
  const { verdict, reason } = decide(evidence, plan, strength, outOfTime, cand.target);
  return {
    verdict,
    ...(reason === undefined ? {} : { reason }),
    target: cand.target,
    domain: cand.domainText,
    seed: opts.seed,
    budgetSeconds: opts.budgetSeconds,
    seconds: elapsed(),
    phases,
    plan,
    design,
    evidence: ordered,
    strength,
  };
}

const pct = (v: number) => `${(100 * v).toPrecision(2)}%`;

/**
 * Why a target cannot be accepted, when its independent evidence covers only some facts (λ*, α*, the
 * errors' derivatives: newTargets.ts); undefined when it can be (the five quantities, ∂ε).
 */
export function partialEvidence(target: Target): string | undefined {
  const d = derivativeOf(target);
  if (target === 'lambdaStar' || target === 'alphaStar')
    return `no independent evidence for ${target} beyond its sign: the evidence that does not use the shipped formulas (simulation, the tau -> inf limit) gives errors, not their optimum; compare with --against-reference`;
  if (d && d.of !== 'epsilon')
    return `no independent evidence for ${target} away from lambda -> inf: the independent evidence for ${d.of} is statistical, too coarse to differentiate; compare with --against-reference`;
  return undefined;
}

/**
 * The verdict and, when inconclusive, why: a decisive failure rejects whatever else happened (the full
 * plan would have stopped at it too); a run out of time is inconclusive; an accept needs the coverage
 * rule; a statistic within MARGIN of its threshold is inconclusive.
 */
function decide(
  evidence: readonly Evidence[],
  plan: Plan,
  s: Strength,
  outOfTime: 'cpu' | 'wall' | undefined,
  target: Target,
): { verdict: Verdict['verdict']; reason?: string } {
  const v = classify(evidence);
  if (v === 'reject') return { verdict: v };
  const partial = partialEvidence(target);
  if (partial !== undefined) return { verdict: 'inconclusive', reason: partial };
  if (outOfTime)
    return {
      verdict: 'inconclusive',
      reason: `ran out of time: the plan (${plan.referenceSeconds.total.toFixed(0)} reference seconds) did not finish within ${outOfTime === 'cpu' ? `${plan.guard.cpuSeconds} CPU seconds (${GUARD.cpuFactor} x ${REFERENCE_WORKERS} x budget + ${GUARD.floor})` : `${plan.guard.wallSeconds} wall seconds (${GUARD.wallFactor} x budget + ${GUARD.wallFloor})`}; evidence so far: ${s.exactChecks} exact check(s), ${s.tauLimitPoints} of ${plan.tauLimitPoints} tau -> inf point(s), ${s.screened} of ${plan.screenPoints} screened point(s), ${s.refinements} of ${plan.refinementsPlanned} refinement(s)`,
    };
  const c = plan.coverage;
  if (c !== null && s.screened < c.points)
    return {
      verdict: 'inconclusive',
      reason: `budget too small: ${plan.budgetSeconds} s screens ${s.screened} of ${plan.simulable} points; use at least ${c.minBudgetSeconds ?? '(no budget)'} s`,
    };
  if (c !== null && s.screenMedianDetectable !== null && s.screenMedianDetectable > c.medianDetectable)
    return {
      verdict: 'inconclusive',
      reason: `evidence too weak: the screening's median detectable deviation is ${pct(s.screenMedianDetectable)}, above the ${Math.round(100 * c.medianDetectable)}% an accept needs${plan.ladder === 'small' ? `; use at least ${FULL_LADDER_SECONDS} s (the full ladder)` : ''}`,
    };
  if (v === 'inconclusive')
    return {
      verdict: v,
      reason: `the result nearest its threshold is within ${MARGIN} standard errors of it: rerun with a larger --budget-seconds`,
    };
  return { verdict: v };
}

/**
 * The verdict from the evidence that stands (refinements supersede the screening of their point):
 * reject on any exact failure or a statistic beyond its threshold by more than MARGIN, inconclusive
 * when a statistic lies within MARGIN of its threshold, accept otherwise.
 */
export function classify(evidence: readonly Evidence[]): Verdict['verdict'] {
  const standing = evidence.filter((e) => !e.superseded);
  if (standing.some(decisiveFailure)) return 'reject';
  return standing.some((e) => statistical(e) && excess(e) >= -MARGIN) ? 'inconclusive' : 'accept';
}

/** Exact failures first, then statistical results by how far they are towards failing, superseded ones last. */
function order(ev: Evidence[]): Evidence[] {
  const rank = (e: Evidence): number => (e.superseded ? 3 : !statistical(e) ? (e.pass ? 2 : 0) : 1);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: within a rank both are statistical or both not (superseded ones are statistical); for two non-statistical items excess(b) - excess(a) is Infinity - Infinity = NaN, which sort reads as 0
  return [...ev].sort((a, b) => rank(a) - rank(b) || (statistical(a) && statistical(b) ? excess(b) - excess(a) : 0));
}

const median = (v: number[]): number | null => {
  if (v.length === 0) return null;
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const relStderr = (e: Evidence): number => e.stderr! / Math.max(Math.abs(e.expected!), 1e-12);

interface Tally {
  exactChecks: number;
  tau: Evidence[];
  resolvent: Evidence[];
  screened: Evidence[];
  simulable: number;
  refined: Evidence[];
  refinementsPlanned: number;
  zScreen: number;
  zRefine: number | null;
  stopReason: StopReason;
  budget: number;
}

function describeStrength(cand: Candidate, t: Tally): Strength {
  const tm = median(t.tau.map(relStderr));
  const sm = median(t.screened.map(relStderr));
  const sd = median(t.screened.map((e) => e.detectable!));
  const best = t.refined.reduce<Evidence | undefined>(
    (b, e) => (b === undefined || e.detectable! < b.detectable! ? e : b),
    undefined,
  );
  const hardest = best ? { point: formatPoint(best.point!), detectable: best.detectable! } : null;
  const parts = [`${t.exactChecks} exact check(s) at 50 digits`];
  if (statisticalTarget(cand.target)) {
    parts.push(
      tm === null
        ? 'no tau -> inf check (the domain bounds tau)'
        : `${t.tau.length} tau -> inf point(s), median error bar ${pct(tm)}: a wrong limit by more than ~${pct(median(t.tau.map((e) => e.detectable!))!)} would be caught`,
    );
    if (sm === null)
      parts.push(
        `no simulation (${t.simulable === 0 ? 'no simulable point in the domain' : t.stopReason === 'decisive failure' ? 'stopped after a decisive failure' : t.stopReason === 'out of time' ? 'out of time' : `budget ${t.budget} s too small`})`,
      );
    else
      parts.push(
        `screening: ${t.screened.length} of ${t.simulable} simulable point(s), median error bar ${pct(sm)}, median detectable deviation ${pct(sd!)}`,
      );
    if (t.refined.length > 0) {
      const ds = t.refined.map((e) => e.detectable!).sort((a, b) => a - b);
      const range = ds.length === 1 ? pct(ds[0]!) : `${pct(ds[0]!)}–${pct(ds[ds.length - 1]!)}`;
      parts.push(
        `refinement: ${t.refined.length} of ${t.refinementsPlanned} planned, detectable deviation ${range}; where it looked hardest (${hardest!.point}) a deviation above ${pct(hardest!.detectable)} would be caught with probability 0.9`,
      );
    } else if (t.refinementsPlanned === 0 && sm !== null)
      parts.push('no refinement (budget under 120 s or the small ladder)');
    const why = {
      'decisive failure': 'stopped at a decisive failure',
      'out of time': 'stopped by the wall-clock guard',
      'plan done': 'the whole plan run',
      'no simulation': 'no simulation',
    }[t.stopReason];
    parts.push(why);
  } else if (cand.target === 'M') {
    const rm = median(t.resolvent.map(relStderr));
    parts.push(
      rm === null
        ? 'no random-matrix simulation'
        : `${t.resolvent.length} random-matrix point(s) (finite kappa), median error bar ${pct(rm)}: a deviation above ~${pct(median(t.resolvent.map((e) => e.detectable!))!)} there would be caught`,
    );
  } else if (cand.target === 'epsilon') {
    parts.push('target epsilon has no direct simulation: it is checked by its defining equation and limits');
  } else {
    parts.push(
      partialEvidence(cand.target) ??
        `target ${cand.target}: checked against epsilon solved independently from its equation`,
    );
  }
  return {
    exactChecks: t.exactChecks,
    tauLimitPoints: t.tau.length,
    tauMedianRelStderr: tm,
    screened: t.screened.length,
    simulable: t.simulable,
    screenMedianRelStderr: sm,
    screenMedianDetectable: sd,
    refinementsPlanned: t.refinementsPlanned,
    refinements: t.refined.length,
    hardest,
    zCritical: { screen: t.zScreen, refine: t.zRefine },
    margin: MARGIN,
    stopReason: t.stopReason,
    summary: parts.join('; '),
  };
}
