// Judging a candidate: exact facts first (milliseconds), then the τ → ∞ population limit (seconds),
// then finite-d simulation in two stages, as planned before any of it runs (plan.ts):
// - screening: the simulable design points, in the design's coverage order, on a short ladder;
// - refinement: the points where candidate and screening disagree most (largest |z| first) are
//   simulated again on fresh random streams, on a longer ladder (d up to 96) with the replicates
//   allocated for minimum variance.
// Which points are refined depends on the screening results, which the seed fixes.
// Statistics: the family-wise false-reject probability FAMILY_ALPHA is split in two halves, each
// Bonferroni over comparisons counted before any data are seen: the screening half over the planned
// τ-limit, random-matrix and screening comparisons, the refinement half over the planned refinements.
// A refinement is chosen by looking at the screening results, but its data are new: whatever point
// is chosen, its z under a true candidate is a fresh draw, so the selection needs no further correction.
// The verdict is drawn by classify.ts and worded by prose.ts; an accept must also meet the coverage
// rule (COVERAGE in plan.ts): enough screened points to have caught a gross error.
import type { EvidenceStore, StoreUse } from '../sim/evidence.js';
import { designPoints, formatPoint, type DesignPoint } from './design.js';
import { compile } from './compile.js';
import { DEFAULT_WORKERS } from '../sim/pool.js';
import { pointSeed } from '../numeric/seeds.js';
import { fault } from '../numeric/faults.js';
import { bonferroniZ, FAMILY_ALPHA, type Evidence } from './evidence/evidence.js';
import { exactChecks } from './evidence/exactChecks.js';
import {
  resolventEvidence,
  simulationEvidence,
  statisticalTarget,
  tauLimitEvidence,
  type SimLadder,
} from './evidence/statistical.js';
import type { Candidate, Target } from './parse.js';
import { classify, decisiveFailure, excess, MARGIN, order, type VerdictKind } from './classify.js';
import { planJudgement, refineLadder, type Plan, type PlanOptions } from './plan.js';
import { describeStrength, inconclusiveReason, partialEvidence, type StopReason, type Strength } from './prose.js';

interface JudgeOptions extends PlanOptions {
  seed: number;
  budgetSeconds: number;
  /** Worker threads: how fast the plan runs, never what it contains. */
  workers?: number;
  /** Run every phase even after a decisive failure. */
  exhaustive?: boolean;
  /** The evidence store the simulations read back from and write to (a cache: the same verdict). */
  evidence?: EvidenceStore;
  /** With `evidence`: which of the replicates held each simulated ladder uses (StoreUse, docs/evidence.md). */
  use?: StoreUse;
  onProgress?: (message: string) => void;
}

/** The verdict on a candidate, as `check-formula --json` prints it: decisive evidence first. */
export interface Verdict {
  /**
   * 'inconclusive': the decisive statistic lies within `strength.margin` of its threshold, the evidence
   * is below the coverage rule, or the run ran out of time (`reason` says which).
   */
  verdict: VerdictKind;
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
  const { work: p, plan } = planJudgement(cand, design, opts.budgetSeconds, opts);
  const cpu0 = process.cpuUsage();
  const guard = () => {
    if (cpuSecondsSince(cpu0) > plan.guard.cpuSeconds) throw new OutOfTime('cpu');
    if (elapsed() > plan.guard.wallSeconds) throw new OutOfTime('wall');
  };
  const stored = { evidence: opts.evidence, use: opts.use };
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
        const ladder = refineLadder(e.point as DesignPoint, p.slotSeconds);
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
      const note =
        `refinement ${k} of ${refinementsPlanned} (fresh streams; ` +
        `threshold Bonferroni over the ${refinementsPlanned} planned): `;
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
  const ordered = order(evidence);
  const strength = describeStrength(cand, {
    exactChecks: exactCount,
    tau: evidence.filter((e) => e.kind === 'tau-limit'),
    // Stryker disable next-line ConditionalExpression: stages only for statistical targets (docs/equivalent-mutants.md)
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
): { verdict: VerdictKind; reason?: string } {
  const v = classify(evidence);
  if (v === 'reject') return { verdict: v };
  const partial = partialEvidence(target);
  if (partial !== undefined) return { verdict: 'inconclusive', reason: partial };
  if (outOfTime) return { verdict: 'inconclusive', reason: inconclusiveReason.outOfTime(plan, s, outOfTime) };
  const c = plan.coverage;
  if (c !== null && s.screened < c.points)
    return { verdict: 'inconclusive', reason: inconclusiveReason.budgetTooSmall(plan, s, c.minBudgetSeconds) };
  if (c !== null && s.screenMedianDetectable !== null && s.screenMedianDetectable > c.medianDetectable)
    return {
      verdict: 'inconclusive',
      reason: inconclusiveReason.tooWeak(plan, s.screenMedianDetectable, c.medianDetectable),
    };
  if (v === 'inconclusive') return { verdict: v, reason: inconclusiveReason.nearThreshold() };
  return { verdict: v };
}
