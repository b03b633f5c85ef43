// Judging a candidate: exact facts first (milliseconds), then the τ → ∞ population limit (seconds),
// then finite-d simulation in two stages:
// - screening: every simulable design point, in the design's coverage order, on a short ladder;
// - refinement: the points where candidate and screening disagree most (largest |z| first) are
//   simulated again on fresh random streams, on a longer ladder (d up to 96) with the replicates
//   allocated for minimum variance, until the budget is spent.
// Statistics: the family-wise false-reject probability FAMILY_ALPHA is split in two halves, each
// Bonferroni over comparisons counted before any data are seen: the screening half over the planned
// τ-limit, random-matrix and screening comparisons, the refinement half over the planned refinements.
// A refinement is chosen by looking at the screening results, but its data are new: whatever point
// is chosen, its z under a true candidate is a fresh draw, so the selection needs no further correction.
// A refined point's screening result is superseded by the refinement (unless it failed beyond the
// margin, when the run has stopped anyway). A decisive statistic within MARGIN of its threshold gives
// 'inconclusive' rather than a coin-flip verdict.
import { designPoints, formatPoint, paramsOf, type DesignPoint } from './design.js';
import { compile } from './compile.js';
import { DEFAULT_WORKERS } from '../sim/pool.js';
import { pointSeed } from '../numeric/seeds.js';
import { allocate, MIN_REPLICATES, replicateSeconds } from '../sim/ladder/ladder.js';
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
import type { Candidate, Target } from './parse.js';

interface JudgeOptions {
  seed: number;
  budgetSeconds: number;
  workers?: number;
  /** Run every phase even after a decisive failure. */
  exhaustive?: boolean;
  /** At most this many screened points (tests use a few; the CLI is bounded by the budget). */
  maxSimPoints?: number;
  /** This many refinements planned (tests use a few; by default as many slots as the budget holds after screening). */
  refinements?: number;
  /**
   * Seconds of one refinement (2 workers by default): the replicates are allocated for this, by the
   * cost model of src/sim/ladder.ts, so a refinement is the same on every machine and run.
   */
  slotSeconds?: number;
  /**
   * Ladders: 'full' (screening d up to 40, refinement up to 96, τ = ∞ up to 256) or 'small' (no
   * refinement); by default 'full' when the budget is at least 120 s. Tests fix it and give a budget
   * they never reach, so that wall-clock speed cannot change which points are checked.
   */
  ladder?: 'small' | 'full';
  onProgress?: (message: string) => void;
}

/** A statistic within this distance (in units of its standard error) of its threshold is inconclusive. */
export const MARGIN = 0.5;

/** Why the simulation stopped: the strength line says it, so that "budget too small" is never a guess. */
type StopReason =
  'decisive failure' | 'budget spent' | 'every planned refinement done' | 'no refinement planned' | 'no simulation';

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
  /** 'inconclusive': the decisive statistic lies within `strength.margin` of its threshold. */
  verdict: 'accept' | 'reject' | 'inconclusive';
  target: Target;
  domain: string;
  seed: number;
  budgetSeconds: number;
  seconds: number;
  /** Seconds spent in each phase. */
  phases: { exact: number; limits: number; screen: number; refine: number };
  design: DesignPoint[];
  /** Decisive evidence first: exact failures, then statistical results by distance to their threshold. */
  evidence: Evidence[];
  strength: Strength;
}

const SCREEN = { full: { ds: [16, 24, 32, 40], replicates: 8 }, small: { ds: [8, 16, 24, 32], replicates: 6 } };
/** Refinement ladders, longest first; the first whose cheapest design fits a slot is used. */
const REFINE_LADDERS = [
  [24, 32, 48, 64, 96],
  [24, 32, 48, 64],
  [16, 24, 32, 48],
];
/** Seconds of one refinement slot (2 workers): detectable deviations near 1% at most points (docs/check-formula.md). */
const SLOT_SECONDS = 45;
/** Screening ends at this share of the budget when refinements are planned. */
const SCREEN_SHARE = 0.45;
/** Refinements are planned for this share of the budget: a refinement often takes 1–2 times its modelled slot (ridgeless fits need more iterations than the cost model counts). */
const REFINE_SHARE = 0.45;
/** The τ → ∞ limits end at this share of the budget. */
const LIMITS_SHARE = 0.15;
/** Largest n = τd² screened (memory and time). */
const MAX_CONTEXTS = 16_000;

/**
 * The plan fixed before any data: ladders, and the number of refinements (the basis of their
 * threshold). The default budget (300 s, 2 workers) screens every point of an unrestricted domain on
 * d = 16…40 and plans three 45-s refinements.
 * Every screening d is a multiple of 8, as the design's α, κ, τ are multiples of 1/8: ℓ, k and n are
 * then exact (rounding k = κd at d = 12 shifted one extrapolation by 6σ in a trial run).
 */
function plan(budgetSeconds: number, workers: number, slotSeconds: number, ladder?: 'small' | 'full') {
  const full = ladder === undefined ? budgetSeconds >= 120 : ladder === 'full';
  const s = full ? SCREEN.full : SCREEN.small;
  const refinements = full ? Math.max(0, Math.floor((REFINE_SHARE * budgetSeconds) / slotSeconds)) : 0;
  return {
    screen: { ds: s.ds, replicates: s.ds.map(() => s.replicates), model: 'linear', workers } satisfies SimLadder,
    refinements,
    pop: { ds: full ? [48, 64, 96, 128, 192, 256] : [32, 48, 64, 96, 128], replicates: full ? 6 : 4 },
    tauPoints: full ? 8 : 4,
    /** Screening cost per unit τ and point, seconds, on 2 cores (refined as points finish). */
    secondsPerTau: full ? 1.5 : 0.5,
  };
}

/** The refinement ladder for a point and a slot: the longest whose minimum replicates take under half the slot. */
function refineLadder(p: DesignPoint, slotSeconds: number, workers: number): SimLadder | undefined {
  for (const ds of REFINE_LADDERS) {
    if (!simulable(p, { ds }, Infinity)) continue;
    const floor = ds.reduce((a, d) => a + MIN_REPLICATES * replicateSeconds(d, paramsOf(p)), 0);
    if (floor > 0.5 * slotSeconds * workers) continue;
    // Stryker disable next-line StringLiteral: allocate reads its model only as model === 'linear' (terms, minimum ladder length), so any other name allocates alike
    const design = allocate(ds, paramsOf(p), slotSeconds, workers, 'curved');
    return { ...design, model: 'curved', workers };
  }
  return undefined;
}

const abs = (z: number | undefined): number => Math.abs(z ?? Infinity);
/** How far a statistical result is from failing: |z| − threshold (> MARGIN fails, within ±MARGIN is inconclusive). */
const excess = (e: Evidence): number => abs(e.z) - (e.zCritical ?? 0);
const statistical = (e: Evidence): boolean => e.zCritical !== undefined;
/** A failure that settles the verdict: any exact failure, or a statistic beyond its threshold by more than the margin. */
const decisiveFailure = (e: Evidence): boolean => !e.pass && (!statistical(e) || excess(e) > MARGIN);

export async function judge(cand: Candidate, opts: JudgeOptions): Promise<Verdict> {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const say = opts.onProgress ?? (() => {});
  const workers = opts.workers ?? DEFAULT_WORKERS;
  const fn = compile(cand);
  const design = designPoints(cand, opts.seed);
  const slotSeconds = opts.slotSeconds ?? SLOT_SECONDS;
  const p = plan(opts.budgetSeconds, workers, slotSeconds, opts.ladder);
  const evidence: Evidence[] = exactChecks(cand, fn, design);
  const exactCount = evidence.length;
  const phases = { exact: elapsed(), limits: 0, screen: 0, refine: 0 };
  const stop = () => !opts.exhaustive && evidence.some(decisiveFailure);
  say(`exact checks: ${evidence.filter((e) => e.pass).length}/${evidence.length} pass`);

  let tauPts: DesignPoint[] = [];
  let simPts: DesignPoint[] = [];
  let resolventPts: DesignPoint[] = [];
  if (cand.target === 'M') {
    const seen = new Set<string>();
    resolventPts = design
      .filter((pt) => {
        const k = JSON.stringify([pt.kappa, (1 + pt.rho) / pt.alpha]);
        if (seen.has(k) || pt.kappa === Infinity) return false;
        seen.add(k);
        return true;
      })
      .slice(0, p.tauPoints);
  }
  if (statisticalTarget(cand.target)) {
    if (cand.intervals.tau.hi === Infinity) {
      const seen = new Set<string>();
      tauPts = design
        .filter((pt) => {
          const k = JSON.stringify([pt.alpha, pt.kappa, pt.rho, pt.lambda]);
          if (seen.has(k) || !Number.isFinite(pt.alpha)) return false;
          seen.add(k);
          return true;
        })
        .slice(0, p.tauPoints);
    }
    simPts = design.filter((pt) => simulable(pt, p.screen, MAX_CONTEXTS));
  }
  const maxScreen = Math.min(opts.maxSimPoints ?? Infinity, simPts.length);
  const refinementsPlanned = simPts.length === 0 ? 0 : (opts.refinements ?? p.refinements);
  const zScreen = bonferroniZ(
    tauPts.length + resolventPts.length + maxScreen,
    refinementsPlanned > 0 ? FAMILY_ALPHA / 2 : FAMILY_ALPHA,
  );
  const zRefine = refinementsPlanned > 0 ? bonferroniZ(refinementsPlanned, FAMILY_ALPHA / 2) : null;

  const tLimits = elapsed();
  for (const pt of resolventPts) {
    if (stop() || elapsed() > 0.5 * opts.budgetSeconds) break;
    const e = resolventEvidence(fn, pt, opts.seed, p.pop.ds, p.pop.replicates, zScreen);
    evidence.push(e);
    say(`random-matrix M ${evidence.length - exactCount}/${resolventPts.length}: ${e.pass ? 'pass' : 'FAIL'}`);
  }
  const target = statisticalTarget(cand.target) ? cand.target : undefined;
  let tauDone = 0;
  for (const pt of target ? tauPts : []) {
    if (stop() || elapsed() > LIMITS_SHARE * opts.budgetSeconds) break;
    const e = tauLimitEvidence(target!, fn, pt, opts.seed, p.pop.ds, p.pop.replicates, zScreen);
    evidence.push(e);
    say(`tau -> inf ${++tauDone}/${tauPts.length}: ${e.pass ? 'pass' : 'FAIL'}`);
  }
  phases.limits = elapsed() - tLimits;

  // Screening, in coverage order, until its share of the budget is used.
  const tScreen = elapsed();
  const screenEnd = refinementsPlanned > 0 ? SCREEN_SHARE * opts.budgetSeconds : opts.budgetSeconds;
  const screened: Evidence[] = [];
  let perTau = p.secondsPerTau;
  let outOfBudget = false;
  // Stryker disable next-line ArrayDeclaration: without a target simPts is empty, so maxScreen is 0 and the loop breaks before reading a point
  for (const pt of target ? simPts : []) {
    if (stop() || screened.length >= maxScreen) break;
    if (elapsed() + perTau * pt.tau > screenEnd) {
      outOfBudget = true;
      continue;
    }
    const { evidence: e, sim } = await simulationEvidence(target!, fn, pt, opts.seed, p.screen, zScreen, 'screen');
    if (sim.seconds > 0.5) perTau = Math.max(perTau * 0.5, sim.seconds / pt.tau);
    evidence.push(e);
    screened.push(e);
    say(`screening ${screened.length}/${simPts.length}: ${e.pass ? 'pass' : 'FAIL'} (${sim.seconds.toFixed(1)} s)`);
  }
  phases.screen = elapsed() - tScreen;

  // Refinement: the unresolved point furthest towards failing, on fresh streams, one slot at a time.
  const tRefine = elapsed();
  const latest = new Map<string, Evidence>(screened.map((e) => [formatPoint(e.point!), e]));
  const refined: Evidence[] = [];
  // Wall seconds per modelled second of a refinement, learnt from the ones done (the model is of the reference machine).
  let slowdown = 1;
  while (target && refined.length < refinementsPlanned && !stop()) {
    const open = [...latest.values()].filter((e) => e.stage === 'screen' || Math.abs(excess(e)) <= MARGIN);
    // The first point, furthest towards failing, that a refinement ladder fits (each ladder is an allocation: computed only until found).
    let pick: { e: Evidence; ladder: SimLadder } | undefined;
    for (const e of open.sort((a, b) => excess(b) - excess(a))) {
      const ladder = refineLadder(e.point as DesignPoint, slotSeconds, workers);
      if (ladder) {
        pick = { e, ladder };
        break;
      }
    }
    if (!pick) break;
    if (elapsed() + slowdown * slotSeconds > opts.budgetSeconds) {
      outOfBudget = true;
      break;
    }
    const k = refined.length + 1;
    const pt = pick.e.point as DesignPoint;
    const seed = pointSeed(opts.seed, `refine ${k}`);
    const note = `refinement ${k} of ${refinementsPlanned} (fresh streams; threshold Bonferroni over the ${refinementsPlanned} planned): `;
    const { evidence: e, sim } = await simulationEvidence(target, fn, pt, seed, pick.ladder, zRefine!, 'refine', note);
    slowdown = Math.max(slowdown, sim.seconds / slotSeconds);
    if (excess(pick.e) <= MARGIN) pick.e.superseded = true;
    evidence.push(e);
    refined.push(e);
    latest.set(formatPoint(pt), e);
    say(`refinement ${k}/${refinementsPlanned}: ${e.pass ? 'pass' : 'FAIL'} (${sim.seconds.toFixed(1)} s)`);
  }
  phases.refine = elapsed() - tRefine;

  const stopReason: StopReason = stop()
    ? 'decisive failure'
    : screened.length === 0
      ? 'no simulation'
      : outOfBudget
        ? 'budget spent'
        : refinementsPlanned === 0
          ? 'no refinement planned'
          : 'every planned refinement done';
  const ordered = order(evidence);
  const verdict = classify(evidence);
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
  return {
    verdict,
    target: cand.target,
    domain: cand.domainText,
    seed: opts.seed,
    budgetSeconds: opts.budgetSeconds,
    seconds: elapsed(),
    phases,
    design,
    evidence: ordered,
    strength,
  };
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
  const pct = (v: number) => `${(100 * v).toPrecision(2)}%`;
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
        `no simulation (${t.simulable === 0 ? 'no simulable point in the domain' : t.stopReason === 'decisive failure' ? 'stopped after a decisive failure' : `budget ${t.budget} s too small`})`,
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
      'budget spent': 'the budget was spent',
      'every planned refinement done': 'every planned refinement done',
      'no refinement planned': 'every screened point done',
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
  } else {
    parts.push('target epsilon has no direct simulation: it is checked by its defining equation and limits');
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
