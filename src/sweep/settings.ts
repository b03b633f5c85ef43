// The settings a sweep result line records besides its point: what the spec fixes for the whole grid
// (`shared`) and what it derives per point (`perPoint`, the seed of a simulated point). The journal's
// resume compares a line with its spec, and merge compares lines with each other, through this one table.
import type { GridPoint, Kind } from './points.js';
import type { SweepSpec } from './spec.js';

export const SETTINGS: Record<Kind, { shared: readonly string[]; perPoint: readonly string[] }> = {
  theory: { shared: ['digits'], perPoint: [] },
  simulate: { shared: ['replicates'], perPoint: ['seed'] },
  train: { shared: ['runs', 'seed', 'steps', 'stopRule', 'lr', 'preset', 'iterations'], perPoint: [] },
};

/** A setting as a line carries it (top level, or in its params), as JSON text; 'absent' when missing. */
export const settingOf = (v: Record<string, unknown>, name: string): string =>
  JSON.stringify(name in v ? v[name] : (v.params as Record<string, unknown> | undefined)?.[name]) ?? 'absent';

/** What a train line records of its part's protocol, as `train --json` prints it. */
export function trainSettings(spec: SweepSpec): Record<string, string> {
  const t = spec.train!;
  const authors = t.preset === 'authors';
  return {
    seed: String(t.seed),
    ...(authors ? {} : { steps: String(t.steps) }),
    stopRule: t.fixed || authors ? 'fixed' : 'converged',
    ...(authors ? { preset: 'authors', iterations: String(t.iterations) } : {}),
    lr: String(t.lr),
    runs: String(t.runs),
  };
}

/** The settings the spec asks of the line of point `p`, with the values lines carry. */
export function specSettings(spec: SweepSpec, p: GridPoint): Record<string, unknown> {
  if (p.kind === 'theory') return { digits: spec.theory!.digits };
  if (p.kind === 'train') return trainSettings(spec);
  return { replicates: String(spec.simulate!.replicates), seed: String(p.seed) };
}

/** The first setting where a result line differs from what the spec asks, as text; false when none does. */
export function specMismatch(line: Record<string, unknown>, spec: SweepSpec, p: GridPoint): string | false {
  const want = specSettings(spec, p);
  const { shared, perPoint } = SETTINGS[p.kind];
  const k = [...perPoint, ...shared].find((s) => settingOf(line, s) !== settingOf(want, s));
  return k !== undefined && `${k} ${settingOf(line, k)}, the spec asks for ${String(want[k])}`;
}
