// What a verdict says in words: the strength of its evidence (the summary line and the numbers behind
// it) and, when it is inconclusive, why.
import { formatPoint } from './design.js';
import { MARGIN } from './classify.js';
import type { Evidence } from './evidence/evidence.js';
import { statisticalTarget } from './evidence/statistical.js';
import { derivativeOf, type Candidate, type Target } from './parse.js';
import { FULL_LADDER_SECONDS, GUARD, REFERENCE_WORKERS, type Plan } from './plan.js';

/** Why the simulation stopped: the strength line says it. */
export type StopReason = 'decisive failure' | 'out of time' | 'plan done' | 'no simulation';

export interface Strength {
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

/** The evidence of a run, by kind, with what the plan fixed: what `describeStrength` summarizes. */
export interface Tally {
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

const pct = (v: number) => `${(100 * v).toPrecision(2)}%`;

const median = (v: number[]): number | null => {
  if (v.length === 0) return null;
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const relStderr = (e: Evidence): number => e.stderr! / Math.max(Math.abs(e.expected!), 1e-12);

/**
 * Why a target cannot be accepted, when its independent evidence covers only some facts (λ*, α*, the
 * errors' derivatives: newTargets.ts); undefined when it can be (the five quantities, ∂ε).
 */
export function partialEvidence(target: Target): string | undefined {
  const d = derivativeOf(target);
  if (target === 'lambdaStar' || target === 'alphaStar')
    return (
      `no independent evidence for ${target} beyond its sign: the evidence that does not use the shipped ` +
      `formulas (simulation, the tau -> inf limit) gives errors, not their optimum; compare with ` +
      `--against-reference`
    );
  if (d && d.of !== 'epsilon')
    return (
      `no independent evidence for ${target} away from lambda -> inf: the independent evidence ` +
      `for ${d.of} is statistical, too coarse to differentiate; compare with --against-reference`
    );
  return undefined;
}

const cpuGuardText = (plan: Plan): string =>
  `${plan.guard.cpuSeconds} CPU seconds (${GUARD.cpuFactor} x ${REFERENCE_WORKERS} x budget + ${GUARD.floor})`;
const wallGuardText = (plan: Plan): string =>
  `${plan.guard.wallSeconds} wall seconds (${GUARD.wallFactor} x budget + ${GUARD.wallFloor})`;

/** Why a candidate has no simulation. */
function noSimulationReason(t: Tally): string {
  if (t.simulable === 0) return 'no simulable point in the domain';
  if (t.stopReason === 'decisive failure') return 'stopped after a decisive failure';
  if (t.stopReason === 'out of time') return 'out of time';
  return `budget ${t.budget} s too small`;
}

/** The reasons an otherwise unrejected candidate is inconclusive, one line each. */
export const inconclusiveReason = {
  outOfTime: (plan: Plan, s: Strength, limit: 'cpu' | 'wall'): string =>
    `ran out of time: the plan (${plan.referenceSeconds.total.toFixed(0)} reference seconds) did not ` +
    `finish within ${limit === 'cpu' ? cpuGuardText(plan) : wallGuardText(plan)}; ` +
    `evidence so far: ${s.exactChecks} exact check(s), ${s.tauLimitPoints} of ${plan.tauLimitPoints} ` +
    `tau -> inf point(s), ${s.screened} of ${plan.screenPoints} screened point(s), ${s.refinements} ` +
    `of ${plan.refinementsPlanned} refinement(s)`,
  budgetTooSmall: (plan: Plan, s: Strength, minBudgetSeconds: number | null): string =>
    `budget too small: ${plan.budgetSeconds} s screens ${s.screened} ` +
    `of ${plan.simulable} points; use at least ${minBudgetSeconds ?? '(no budget)'} s`,
  tooWeak: (plan: Plan, medianDetectable: number, required: number): string =>
    `evidence too weak: the screening's median detectable deviation is ${pct(medianDetectable)}, ` +
    `above the ${Math.round(100 * required)}% an accept ` +
    `needs${plan.ladder === 'small' ? `; use at least ${FULL_LADDER_SECONDS} s (the full ladder)` : ''}`,
  nearThreshold: (): string =>
    `the result nearest its threshold is within ${MARGIN} standard errors of it: rerun with a larger --budget-seconds`,
};

/** The strength of the evidence: its numbers and the summary line that reads them out. */
export function describeStrength(cand: Candidate, t: Tally): Strength {
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
        : `${t.tau.length} tau -> inf point(s), median error bar ${pct(tm)}: a wrong limit ` +
            `by more than ~${pct(median(t.tau.map((e) => e.detectable!))!)} would be caught`,
    );
    if (sm === null) parts.push(`no simulation (${noSimulationReason(t)})`);
    else
      parts.push(
        `screening: ${t.screened.length} of ${t.simulable} simulable point(s), ` +
          `median error bar ${pct(sm)}, median detectable deviation ${pct(sd!)}`,
      );
    if (t.refined.length > 0) {
      const ds = t.refined.map((e) => e.detectable!).sort((a, b) => a - b);
      const range = ds.length === 1 ? pct(ds[0]!) : `${pct(ds[0]!)}–${pct(ds[ds.length - 1]!)}`;
      parts.push(
        `refinement: ${t.refined.length} of ${t.refinementsPlanned} planned, detectable ` +
          `deviation ${range}; where it looked hardest (${hardest!.point}) a deviation ` +
          `above ${pct(hardest!.detectable)} would be caught with probability 0.9`,
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
        : `${t.resolvent.length} random-matrix point(s) (finite kappa), median error bar ${pct(rm)}: a ` +
            `deviation above ~${pct(median(t.resolvent.map((e) => e.detectable!))!)} there would be caught`,
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
