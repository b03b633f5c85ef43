// One result line per point: theory lines carry exactly what `icl-verify eval --json` prints, and
// simulate lines what `icl-verify simulate --json` prints, minus its wall-clock "seconds" (so a line
// depends only on the spec and the point and merged shards equal one run byte for byte), with the
// assignment added to the parameters; train lines what `icl-verify train --json` prints (with the spec's
// seed), minus its CPU seconds, with "kind" added.
import { checkEvalInput, evalJson, type TypedParams } from '../theory/evalJson.js';
import { simSpec, type SimulateOptions } from '../sim/simulate.js';
import { simulateJson } from '../sim/simulateJson.js';
import type { Assignment } from '../sim/tasks.js';
import type { Kind, GridPoint } from './points.js';
import { trainSettings } from './settings.js';
import { TRAIN_AXES, type SweepSpec } from './spec.js';
import { DOMAIN_KEYS, liftParams, toFloat, validateParams } from '../theory/params.js';
import { fp } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import type { ArchName } from '../train/models.js';
import { presetOptions, STOP } from '../train/protocol.js';
import { checkTrainOptions } from '../train/train.js';
import { trainJson, trainPoint, type TrainPoint } from '../train/trainJson.js';

type ResultLine = { kind: Kind } & Record<string, unknown>;

function theoryRaw(p: GridPoint): TypedParams {
  return Object.fromEntries(
    DOMAIN_KEYS.filter((k) => p.params[k] !== undefined).map((k) => [k, p.params[k]!]),
  ) as TypedParams;
}

function simOptions(p: GridPoint, spec: SweepSpec, workers: number): SimulateOptions {
  const q = p.params;
  return {
    d: toFloat(q.d!),
    alpha: toFloat(q.alpha!),
    kappa: toFloat(q.kappa!),
    tau: toFloat(q.tau!),
    rho: toFloat(q.rho!),
    lambda: toFloat(q.lambda!),
    assignment: q.assignment as Assignment,
    replicates: spec.simulate!.replicates,
    seed: p.seed!,
    workers,
  };
}

function trainOptions(p: GridPoint, spec: SweepSpec): TrainPoint {
  const q = p.params;
  const t = spec.train!;
  return {
    arch: q.arch as ArchName,
    d: toFloat(q.d!),
    alpha: toFloat(q.alpha!),
    kappa: toFloat(q.kappa!),
    tau: toFloat(q.tau!),
    rho: toFloat(q.rho!),
    seed: t.seed,
    runs: t.runs,
    ...(t.preset === 'authors'
      ? { ...presetOptions('authors', { iterations: t.iterations }), preset: 'authors' as const, lr: t.lr }
      : { steps: t.steps, stop: t.fixed ? undefined : STOP, lr: t.lr }),
  };
}

/** Throws the theory's, the simulator's or the trainer's DomainError if the point is outside its domain. */
export function validatePoint(p: GridPoint, spec: SweepSpec, workers: number): void {
  if (p.kind === 'theory') {
    const r = theoryRaw(p);
    checkEvalInput(r, spec.theory!.digits);
    validateParams(fp, liftParams(fp, r));
  } else if (p.kind === 'train') checkTrainOptions({ ...trainOptions(p, spec), replicate: 0 });
  else simSpec(simOptions(p, spec, workers));
}

/**
 * The line of one point. A DomainError raised while computing (after the spec's up-front check), such
 * as a ridgeless fit too close to the interpolation threshold, is recorded as the point's result
 * `{..., "error": message}`: it is as reproducible as a value, and one bad point must not stop a
 * shard forever.
 */
export async function computePoint(
  p: GridPoint,
  spec: SweepSpec,
  workers: number,
  simulate: typeof simulateJson = simulateJson,
): Promise<ResultLine> {
  try {
    if (p.kind === 'theory') return { kind: 'theory', ...evalJson(theoryRaw(p), spec.theory!.digits) };
    if (p.kind === 'train') {
      const o = trainOptions(p, spec);
      return { kind: 'train', ...trainJson(o, trainPoint(o), false) };
    }
    const { seconds: _wallClock, ...values } = await simulate(simOptions(p, spec, workers));
    return { kind: 'simulate', ...values, params: { ...values.params, assignment: p.params.assignment! } };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (p.kind === 'theory')
      return { kind: 'theory', params: theoryRaw(p), digits: spec.theory!.digits, error: err.message };
    if (p.kind === 'train') return { kind: 'train', ...trainSettings(spec), ...p.params, error: err.message };
    const { d, assignment, ...rest } = p.params;
    return {
      kind: 'simulate',
      params: { ...rest, assignment },
      d,
      replicates: String(spec.simulate!.replicates),
      seed: String(p.seed),
      error: err.message,
    };
  }
}

/** The key of a result line (the same as its point's), or a reason it has none. */
export function lineParams(v: Record<string, unknown>): { kind: Kind; params: Record<string, string> } | string {
  if (v.kind === 'train') {
    // A train line carries its parameters at the top level, as `train --json` does.
    const out: Record<string, string> = {};
    for (const a of TRAIN_AXES) {
      if (typeof v[a] !== 'string') return `no "${a}" string`;
      out[a] = v[a] as string;
    }
    return { kind: 'train', params: out };
  }
  if (v.kind !== 'theory' && v.kind !== 'simulate') return 'no "kind" of "theory", "simulate" or "train"';
  const params = v.params;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return 'no "params" object';
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(params)) {
    if (typeof x !== 'string') return `params.${k} is not a string`;
    out[k] = x;
  }
  if (v.kind === 'simulate') {
    if (typeof v.d !== 'string') return 'no "d"';
    out.d = v.d;
  }
  return { kind: v.kind, params: out };
}
