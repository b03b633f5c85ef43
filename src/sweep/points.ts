// The grid of a spec as an ordered list of points (theory, then simulate, then train; the last axis varies
// fastest), each with the key that identifies its result line, and the deterministic shards.
import { pointSeed } from '../numeric/seeds.js';
import { DOMAIN, DOMAIN_KEYS } from '../theory/params.js';
import { SIMULATE_AXES, TRAIN_AXES, type SweepSpec } from './spec.js';

export type Kind = 'theory' | 'simulate' | 'train';

export interface GridPoint {
  kind: Kind;
  /** Canonical parameter strings; for simulate also d and assignment; for train arch and d. */
  params: Record<string, string>;
  key: string;
  /** Simulate only: derived from the spec's seed and the key. */
  seed?: number;
}

/** The axes of a point, in their fixed order; tauPerAlpha only where the spec (or line) has it. */
const axesOf = (kind: Kind, withRatio: boolean): readonly string[] =>
  kind === 'simulate'
    ? SIMULATE_AXES
    : kind === 'train'
      ? TRAIN_AXES
      : DOMAIN_KEYS.filter((k) => withRatio || !DOMAIN[k].jointLimitOnly);

/** Key of a point from its kind and parameters, in the fixed axis order. */
export function pointKey(kind: Kind, params: Record<string, string | undefined>): string {
  return `${kind}:${axesOf(kind, params.tauPerAlpha !== undefined)
    .map((a) => `${a}=${params[a] ?? ''}`)
    .join(',')}`;
}

export function gridPoints(spec: SweepSpec): GridPoint[] {
  const out: GridPoint[] = [];
  if (spec.theory) {
    const axes = axesOf('theory', spec.theory.axes.tauPerAlpha !== undefined);
    for (const params of cartesian(axes, spec.theory.axes))
      out.push({ kind: 'theory', params, key: pointKey('theory', params) });
  }
  if (spec.simulate) {
    const seed = spec.simulate.seed;
    for (const params of cartesian(SIMULATE_AXES, spec.simulate.axes)) {
      const key = pointKey('simulate', params);
      out.push({ kind: 'simulate', params, key, seed: pointSeed(seed, key) });
    }
  }
  if (spec.train)
    for (const params of cartesian(TRAIN_AXES, spec.train.axes))
      out.push({ kind: 'train', params, key: pointKey('train', params) });
  return out;
}

function cartesian(
  names: readonly string[],
  axes: Readonly<Record<string, string[] | undefined>>,
): Array<Record<string, string>> {
  let acc: Array<Record<string, string>> = [{}];
  for (const name of names) acc = acc.flatMap((p) => axes[name]!.map((v) => ({ ...p, [name]: v })));
  return acc;
}

interface Shard {
  index: number;
  count: number;
}

/** "i/N" with 1 <= i <= N (SLURM: --array=1-N, --shard $SLURM_ARRAY_TASK_ID/N). */
export function parseShard(raw: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  if (!m) return `--shard must be i/N (e.g. 3/8), got '${raw}'`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `--shard i/N needs 1 <= i <= N, got '${raw}'`;
  return { index, count };
}

/** Round-robin by position (grid points, or replicates of ladders), so costly regions spread over all shards. */
export function shardPoints<T>(points: readonly T[], shard: Shard): T[] {
  return points.filter((_, i) => i % shard.count === shard.index - 1);
}
