// Grid files of the Figure 5 runs: what `fig5 --out` writes and `--from` reads back, and the merge of files of one
// protocol (one d per process, or replicates added later with --first-run).
import { ensure } from '../numeric/domain.js';
import { repsOf, type GridPoint, type GridSpec } from './fig5Grid.js';

/** A grid's spec and points as the Figure 5 script writes them (--out) and reads them back (--from). */
export interface GridFile {
  spec: GridSpec;
  points: GridPoint[];
}

/** What must agree for runs of different files to be the same experiment. */
const PROTOCOL_FIELDS = [
  'arch',
  'steps',
  'stop',
  'lr',
  'weightDecay',
  'batching',
  'floorSizes',
  'iterations',
  'alpha',
  'kappa',
  'rho',
  'seed',
] as const;

/**
 * Pools grid files of one protocol (e.g. one d per process, or replicates added later with firstRun): the
 * runs of each (d, τ) are joined. A different protocol, or the same replicate of a (d, τ) twice, is an error.
 */
export function mergeGrids(files: readonly GridFile[]): GridFile {
  const first = files[0];
  ensure(first !== undefined, 'files', 'at least one grid file', 'none');
  for (const f of files)
    for (const k of PROTOCOL_FIELDS)
      ensure(
        JSON.stringify(f.spec[k]) === JSON.stringify(first!.spec[k]),
        `spec.${k}`,
        `the same in every file (${JSON.stringify(first!.spec[k])})`,
        () => JSON.stringify(f.spec[k]),
      );
  const byKey = new Map<string, GridPoint>();
  for (const f of files)
    for (const p of f.points) {
      const key = `${p.d}/${p.tau}`;
      const reps = repsOf(p);
      const q = byKey.get(key);
      if (!q) {
        byKey.set(key, {
          ...p,
          trainError: [...p.trainError],
          eICL: [...p.eICL],
          eIDG: [...p.eIDG],
          cpuSeconds: [...p.cpuSeconds],
          steps: [...p.steps],
          stopReason: [...p.stopReason],
          replicates: [...reps],
        });
        continue;
      }
      const dup = reps.find((r) => q.replicates!.includes(r));
      ensure(dup === undefined, 'replicate', `in one file only at d = ${p.d}, tau = ${p.tau}`, () => `${dup} twice`);
      q.trainError.push(...p.trainError);
      q.eICL.push(...p.eICL);
      q.eIDG.push(...p.eIDG);
      q.cpuSeconds.push(...p.cpuSeconds);
      q.steps.push(...p.steps);
      q.stopReason.push(...p.stopReason);
      q.replicates!.push(...reps);
    }
  const points = [...byKey.values()].sort((a, b) => a.d - b.d || a.tau - b.tau);
  const ds = [...new Set(points.map((p) => p.d))];
  const taus = [...new Set(points.map((p) => p.tau))].sort((a, b) => a - b);
  const { firstRun: _, ...spec } = first!.spec;
  return { spec: { ...spec, ds, taus, runs: Math.max(...points.map((p) => p.eICL.length)) }, points };
}
