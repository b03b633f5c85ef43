// Judging a candidate: exact facts first (milliseconds), then the τ → ∞ population limit (seconds),
// then finite-d simulations in the design's coverage order until the budget is spent. Any failed
// check rejects; after a failure the costly phases stop unless `exhaustive` (the verdict cannot change).
// Statistical checks share one family-wise false-reject probability (Bonferroni over the planned
// comparisons, fixed before any data are seen).
import { designPoints, type DesignPoint } from './design.js';
import { compile } from './compile.js';
import { DEFAULT_WORKERS } from '../sim/pool.js';
import { bonferroniZ, FAMILY_ALPHA, type Evidence } from './evidence/evidence.js';
import { exactChecks } from './evidence/exactChecks.js';
import { resolventEvidence, simulable, simulationEvidence, statisticalTarget, tauLimitEvidence, type SimLadder } from './evidence/statistical.js';
import type { Candidate, Target } from './parse.js';

interface JudgeOptions {
  seed: number;
  budgetSeconds: number;
  workers?: number;
  /** Run every phase even after a failure. */
  exhaustive?: boolean;
  /** At most this many simulated points (tests use a few; the CLI is bounded by the budget). */
  maxSimPoints?: number;
  /**
   * Ladders: 'full' (d up to 40 simulated, 256 at τ = ∞) or 'small'; by default 'full' when the budget
   * is at least 120 s. Tests fix it and give a budget they never reach, so that wall-clock speed cannot
   * change which points are checked.
   */
  ladder?: 'small' | 'full';
  onProgress?: (message: string) => void;
}

interface Strength {
  simulatedPoints: number;
  /** Median over simulated points of stderr/|value| of the extrapolated simulation. */
  simMedianRelStderr: number | null;
  tauLimitPoints: number;
  tauMedianRelStderr: number | null;
  exactChecks: number;
  zCritical: number;
  summary: string;
}

/** The verdict on a candidate, as `check-formula --json` prints it: decisive evidence first. */
export interface Verdict {
  verdict: 'accept' | 'reject';
  target: Target;
  domain: string;
  seed: number;
  budgetSeconds: number;
  seconds: number;
  design: DesignPoint[];
  /** Decisive evidence first: exact failures, then statistical failures by |z|, then the passes. */
  evidence: Evidence[];
  strength: Strength;
}

/**
 * Ladders by budget: the default budget (300 s) affords d up to 40 in simulation (16 replicates: all 48
 * design points in 146–170 s, median error bar 2.2–3.3% on e^ICL and e^IDG, against 4.0% with 8) and
 * 256 at τ = ∞.
 * Every d is a multiple of 8, as the design's α, κ, τ are multiples of 1/8: ℓ, k and n are then exact
 * (rounding k = κd at d = 12 shifted one extrapolation by 6σ in a trial run).
 */
function plan(budgetSeconds: number, workers: number, ladder?: 'small' | 'full') {
  const full = ladder === undefined ? budgetSeconds >= 120 : ladder === 'full';
  return {
    sim: { ds: full ? [16, 24, 32, 40] : [8, 16, 24, 32], replicates: full ? 16 : 6, workers } satisfies SimLadder,
    pop: { ds: full ? [48, 64, 96, 128, 192, 256] : [32, 48, 64, 96, 128], replicates: full ? 6 : 4 },
    tauPoints: full ? 8 : 4,
    /** Simulation cost per unit τ and point, seconds, on 2 cores (refined as points finish). Measured with
     * the SIMD fit: about 3 s a point on the full ladder (τ ≤ 3), 0.45 s on the small. */
    secondsPerTau: full ? 2 : 0.5,
  };
}

const MAX_CONTEXTS = 6000;

export async function judge(cand: Candidate, opts: JudgeOptions): Promise<Verdict> {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const say = opts.onProgress ?? (() => {});
  const fn = compile(cand);
  const design = designPoints(cand, opts.seed);
  const p = plan(opts.budgetSeconds, opts.workers ?? DEFAULT_WORKERS, opts.ladder);
  const evidence: Evidence[] = exactChecks(cand, fn, design);
  const exactCount = evidence.length;
  const failed = () => evidence.some((e) => !e.pass);
  say(`exact checks: ${evidence.filter((e) => e.pass).length}/${evidence.length} pass`);

  let tauPts: DesignPoint[] = [];
  let simPts: DesignPoint[] = [];
  let resolventPts: DesignPoint[] = [];
  if (cand.target === 'M') {
    const seen = new Set<string>();
    resolventPts = design.filter((pt) => {
      const k = JSON.stringify([pt.kappa, (1 + pt.rho) / pt.alpha]);
      if (seen.has(k) || pt.kappa === Infinity) return false;
      seen.add(k);
      return true;
    }).slice(0, p.tauPoints);
  }
  if (statisticalTarget(cand.target)) {
    if (cand.intervals.tau.hi === Infinity) {
      const seen = new Set<string>();
      tauPts = design.filter((pt) => {
        const k = JSON.stringify([pt.alpha, pt.kappa, pt.rho, pt.lambda]);
        if (seen.has(k) || !Number.isFinite(pt.alpha)) return false;
        seen.add(k);
        return true;
      }).slice(0, p.tauPoints);
    }
    simPts = design.filter((pt) => simulable(pt, p.sim, MAX_CONTEXTS));
  }
  const maxSim = Math.min(opts.maxSimPoints ?? Infinity, Math.max(1, Math.floor((0.8 * opts.budgetSeconds) / (p.secondsPerTau * 1.5))));
  const planned = tauPts.length + resolventPts.length + Math.min(simPts.length, maxSim);
  const zCritical = bonferroniZ(planned, FAMILY_ALPHA);

  const simRel: number[] = [];
  const tauRel: number[] = [];
  for (const pt of resolventPts) {
    if ((failed() && !opts.exhaustive) || elapsed() > 0.5 * opts.budgetSeconds) break;
    const e = resolventEvidence(fn, pt, opts.seed, p.pop.ds, p.pop.replicates, zCritical);
    evidence.push(e);
    simRel.push(e.stderr! / Math.max(Math.abs(e.expected!), 1e-12));
    say(`random-matrix M ${simRel.length}/${resolventPts.length}: ${e.pass ? 'pass' : 'FAIL'}`);
  }
  if (statisticalTarget(cand.target)) {
    const target = cand.target;
    for (const pt of tauPts) {
      if (failed() && !opts.exhaustive) break;
      if (elapsed() > 0.3 * opts.budgetSeconds) break;
      const e = tauLimitEvidence(target, fn, pt, opts.seed, p.pop.ds, p.pop.replicates, zCritical);
      evidence.push(e);
      if (e.stderr !== undefined && e.expected !== undefined) tauRel.push(e.stderr / Math.max(Math.abs(e.expected), 1e-12));
      say(`tau -> inf ${tauRel.length}/${tauPts.length}: ${e.pass ? 'pass' : 'FAIL'}`);
    }
    let perTau = p.secondsPerTau;
    for (const pt of simPts) {
      if (failed() && !opts.exhaustive) break;
      if (simRel.length >= maxSim || elapsed() + perTau * pt.tau > opts.budgetSeconds) continue;
      const { evidence: e, sim } = await simulationEvidence(target, fn, pt, opts.seed, p.sim, zCritical);
      if (sim.seconds > 0.5) perTau = Math.max(perTau * 0.5, sim.seconds / pt.tau);
      evidence.push(e);
      simRel.push(e.stderr! / Math.max(Math.abs(e.expected!), 1e-12));
      say(`simulation ${simRel.length}: ${e.pass ? 'pass' : 'FAIL'} (${sim.seconds.toFixed(1)} s)`);
    }
  }

  const ordered = order(evidence);
  const strength = describeStrength(cand, exactCount, simRel, tauRel, zCritical, simPts.length, tauPts.length, opts.budgetSeconds, maxSim);
  return {
    verdict: ordered.some((e) => !e.pass) ? 'reject' : 'accept',
    target: cand.target,
    domain: cand.domainText,
    seed: opts.seed,
    budgetSeconds: opts.budgetSeconds,
    seconds: elapsed(),
    design,
    evidence: ordered,
    strength,
  };
}

function order(ev: Evidence[]): Evidence[] {
  const rank = (e: Evidence): number => (e.pass ? 2 : e.z === undefined ? 0 : 1);
  return [...ev].sort((a, b) => rank(a) - rank(b) || Math.abs(b.z ?? 0) - Math.abs(a.z ?? 0));
}

const median = (v: number[]): number | null => {
  if (v.length === 0) return null;
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function describeStrength(cand: Candidate, exact: number, simRel: number[], tauRel: number[], z: number, simulable: number, tauPlanned: number, budget: number, maxSim: number): Strength {
  const sm = median(simRel);
  const tm = median(tauRel);
  const pct = (v: number) => `${(100 * v).toPrecision(2)}%`;
  const parts = [`${exact} exact check(s) at 50 digits`];
  if (statisticalTarget(cand.target)) {
    parts.push(
      tm === null
        ? 'no tau -> inf check (the domain bounds tau)'
        : `${tauRel.length} tau -> inf point(s), median error bar ${pct(tm)}: a wrong limit by more than ~${pct(z * tm)} would be caught`,
    );
    parts.push(
      sm === null
        ? `no simulation (${simulable === 0 ? 'no simulable point in the domain' : maxSim === 0 ? 'simulation disabled' : `budget ${budget} s too small`})`
        : `${simRel.length} of ${simulable} simulable point(s) simulated, median error bar ${pct(sm)}: a deviation above ~${pct(z * sm)} at those points would be caught, smaller ones may not`,
    );
    if (tauRel.length < tauPlanned) parts.push(`${tauPlanned - tauRel.length} planned tau -> inf point(s) not run`);
  } else if (cand.target === 'M') {
    parts.push(sm === null ? 'no random-matrix simulation' : `${simRel.length} random-matrix point(s) (finite kappa), median error bar ${pct(sm)}: a deviation above ~${pct(z * sm)} there would be caught`);
  } else {
    parts.push('target epsilon has no direct simulation: it is checked by its defining equation and limits');
  }
  return { simulatedPoints: simRel.length, simMedianRelStderr: sm, tauLimitPoints: tauRel.length, tauMedianRelStderr: tm, exactChecks: exact, zCritical: z, summary: parts.join('; ') };
}
