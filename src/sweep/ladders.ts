// The "ladders" and "checkFormula" parts of a sweep: the replicates of verify's ladder checks and of
// a check-formula plan, computed ahead into an evidence store (src/sim/evidence.ts) that `verify
// --evidence` and `check-formula --evidence` then read back. The unit of work is one replicate of one
// rung (a d of a ladder): a rung of R replicates spreads over R shards, so a job array splits even a
// single expensive ladder evenly. A replicate is keyed by its spec and stream index, never by the
// shard that computed it, so the shards' stores merge into the store one process would have written.
import { readFileSync } from 'node:fs';
import { formatPoint } from '../candidate/design.js';
import { parseCandidate } from '../candidate/parse.js';
import { plannedLadders } from '../candidate/plan.js';
import { reason } from '../io/files.js';
import type { EvidenceStore } from '../sim/evidence.js';
import { runReplicates } from '../sim/pool.js';
import type { SimSpec } from '../sim/replicate.js';
import { simSpec, type SimulateOptions } from '../sim/simulate.js';
import { ParseError } from '../symbolic/syntax.js';
import { SpecError, type FormulaPart } from './spec.js';

/** A ladder to compute: its parameters, seed, dimensions and replicates per dimension (one round). */
export interface LadderJob {
  /** What it is, for messages: a check's ladder id or a plan's point. */
  label: string;
  params: Omit<SimulateOptions, 'd' | 'replicates' | 'seed' | 'workers' | 'evidence' | 'use' | 'onProgress'>;
  seed: number;
  ds: readonly number[];
  replicates: readonly number[];
}

/** One rung of a ladder with the stream indices a sweep computes there: 0 … rounds × R − 1. */
export interface Rung {
  label: string;
  d: number;
  spec: SimSpec;
  streams: number;
}

/** The unit of work: one replicate (stream index) of one rung. */
export interface ReplicateUnit {
  rung: Rung;
  replicate: number;
}

/** The rungs of the jobs, in order (job, then d); `rounds` copies of each design's replicates. */
export function ladderRungs(jobs: readonly LadderJob[], rounds: number): Rung[] {
  return jobs.flatMap((j) =>
    j.ds.map((d, i) => {
      const { spec } = simSpec({ ...j.params, d, seed: j.seed, replicates: j.replicates[i]!, workers: 1 });
      return { label: j.label, d, spec, streams: rounds * j.replicates[i]! };
    }),
  );
}

/** Every replicate of the rungs, in order: rung by rung, stream by stream. */
export function replicateUnits(rungs: readonly Rung[]): ReplicateUnit[] {
  return rungs.flatMap((rung) => Array.from({ length: rung.streams }, (_, replicate) => ({ rung, replicate })));
}

export interface LadderRunCount {
  /** Replicates of this shard. */
  mine: number;
  /** Of them, already whole in the store (a rerun after a kill, or another writer). */
  held: number;
  computed: number;
}

/**
 * Computes the units the store lacks and writes each as it finishes (atomically, so a kill keeps
 * every finished replicate and a rerun computes only the rest). Units of one rung run together on
 * `workers` threads.
 */
export async function runUnits(
  units: readonly ReplicateUnit[],
  store: EvidenceStore,
  workers: number,
  onProgress?: (done: number, total: number, label: string) => void,
): Promise<LadderRunCount> {
  const byRung = new Map<Rung, number[]>();
  let held = 0;
  for (const u of units) {
    if (store.get(u.rung.spec, u.replicate) !== undefined) held++;
    else {
      const list = byRung.get(u.rung) ?? [];
      list.push(u.replicate);
      byRung.set(u.rung, list);
    }
  }
  const todo = units.length - held;
  let done = 0;
  for (const [rung, indices] of byRung) {
    onProgress?.(done, todo, `${rung.label} d=${rung.d}`);
    await runReplicates(rung.spec, indices, workers, (_n, r, result) => {
      store.put(rung.spec, r, result);
      onProgress?.(++done, todo, `${rung.label} d=${rung.d}`);
    });
  }
  return { mine: units.length, held, computed: todo };
}

/** The plan's screening ladders for the candidate file of a "checkFormula" part (bad file: SpecError). */
export function formulaJobs(part: FormulaPart, specFile: string): LadderJob[] {
  let source: string;
  try {
    source = readFileSync(part.path, 'utf8');
  } catch (err) {
    throw new SpecError(`${specFile}: checkFormula.file: cannot read '${part.path}': ${reason(err)}`);
  }
  let cand;
  try {
    cand = parseCandidate(source);
  } catch (err) {
    if (err instanceof ParseError)
      throw new SpecError(`${specFile}: checkFormula.file: ${part.file}:${err.line}:${err.col}: ${err.message}`);
    throw err;
  }
  return plannedLadders(cand, part.seed, part.budgetSeconds).map((l) => ({
    label: `checkFormula ${formatPoint(l.params)}`,
    params: l.params,
    seed: l.seed,
    ds: l.ds,
    replicates: l.replicates,
  }));
}
