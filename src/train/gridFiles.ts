// Grid files of the trained figures: what `fig5 --out` and `fig6 --out` write and `--from` and `verify --trained`
// read back (validated: one DomainError naming the file and the field), the train lines of a sweep's output read
// as the same grids, and the merge of Figure 5 files of one protocol (one d per process, or replicates added
// later with --first-run).
import { readFileSync } from 'node:fs';
import { reason } from '../io/files.js';
import { DomainError, ensure } from '../numeric/domain.js';
import { repsOf, type GridPoint, type GridSpec } from './fig5Grid.js';
import type { Fig6Point, Fig6Spec } from './fig6Grid.js';
import { ARCHS, type ArchName } from './models.js';
import { PRESET_NAMES, PRESETS, STOP, type PresetName } from './protocol.js';
import type { Batching, StopReason, StopRule } from './train.js';

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

/** Where a trained grid's numbers came from: a file (fig5/fig6 --out, a merged sweep) or verify's own run. */
export interface TrainedSource {
  /** The file name, or a phrase such as "verify's own run". */
  origin: string;
  /** CPU seconds of training recorded with the data (null: not recorded, e.g. sweep lines omit them). */
  cpuSeconds: number | null;
}

/** One row of the report's Figure 5: an architecture's grid under one preset, and where it came from. */
export interface Fig5Data {
  kind: 'fig5';
  spec: GridSpec;
  preset: PresetName;
  points: GridPoint[];
  source: TrainedSource;
}

/** One panel of the report's Figure 6: g_task against κ for one architecture, and where it came from. */
export interface Fig6Data {
  kind: 'fig6';
  spec: Fig6Spec;
  points: Fig6Point[];
  source: TrainedSource;
}

export type TrainedData = Fig5Data | Fig6Data;

/** Reads the fields of one JSON value; every violation is a DomainError naming the file and the field. */
class Reader {
  constructor(
    readonly where: string,
    readonly v: Record<string, unknown>,
  ) {}
  fail(field: string, allowed: string, got: unknown): never {
    throw new DomainError(`${this.where}: ${field}`, allowed, JSON.stringify(got) ?? 'absent');
  }
  num(field: string, ok: (x: number) => boolean, allowed: string): number {
    const x = this.v[field];
    if (typeof x !== 'number' || !ok(x)) this.fail(field, allowed, x);
    return x;
  }
  opt<T>(field: string, read: () => T): T | undefined {
    return this.v[field] === undefined ? undefined : read();
  }
  nums(field: string, ok: (x: number) => boolean, allowed: string, minLength = 1): number[] {
    const x = this.v[field];
    if (!Array.isArray(x) || x.length < minLength || !x.every((e) => typeof e === 'number' && ok(e)))
      this.fail(field, `a list of at least ${minLength} ${allowed}`, x);
    return x as number[];
  }
  choice<T extends string>(field: string, allowed: readonly T[]): T {
    const x = this.v[field];
    if (typeof x !== 'string' || !allowed.includes(x as T)) this.fail(field, `one of ${allowed.join(' | ')}`, x);
    return x as T;
  }
  obj(field: string): Reader {
    const x = this.v[field];
    if (typeof x !== 'object' || x === null || Array.isArray(x)) this.fail(field, 'an object', x);
    return new Reader(`${this.where}: ${field}`, x as Record<string, unknown>);
  }
  list(field: string): Reader[] {
    const x = this.v[field];
    if (!Array.isArray(x) || x.length === 0) this.fail(field, 'a non-empty list', x);
    return (x as unknown[]).map((e, i) => {
      if (typeof e !== 'object' || e === null || Array.isArray(e)) this.fail(`${field}[${i}]`, 'an object', e);
      return new Reader(`${this.where}: ${field}[${i}]`, e as Record<string, unknown>);
    });
  }
}

const positive = (x: number) => Number.isFinite(x) && x > 0;
const nonNegative = (x: number) => Number.isFinite(x) && x >= 0;
const finite = (x: number) => Number.isFinite(x);
const integerAtLeast = (lo: number) => (x: number) => Number.isInteger(x) && x >= lo;
const STOP_REASONS: readonly StopReason[] = ['floor', 'converged', 'cap', 'budget'];

/** κ = ∞ as JSON writes it (null), as the checks' evidence writes it ("Infinity"), or as a number. */
function infiniteKappa(r: Reader): number {
  const k = r.v.kappa;
  if (k === null || k === 'Infinity' || k === Infinity) return Infinity;
  return r.fail('kappa', 'infinite (null) for a Figure 5 grid', k);
}

/** The preset a spec's settings belong to; a stated preset must be that one. */
function presetOf(file: Reader, spec: Reader): PresetName {
  const stated = file.opt('preset', () => file.choice('preset', PRESET_NAMES));
  const iterations = spec.opt('iterations', () => spec.num('iterations', integerAtLeast(1), 'an integer >= 1'));
  const implied: PresetName = iterations === undefined ? 'converged' : 'authors';
  if (stated !== undefined && stated !== implied)
    spec.fail('iterations', `${stated === 'authors' ? 'present' : 'absent'} under preset ${stated}`, iterations);
  const p = PRESETS[implied];
  for (const [field, want] of [
    ['weightDecay', p.weightDecay],
    ['batching', p.batching],
    ['floorSizes', p.floorSizes],
  ] as const) {
    const got = spec.v[field];
    // Files written before the presets existed leave these out: the converged preset's defaults.
    if (got === undefined && implied === 'converged') continue;
    if (got !== want) spec.fail(field, `${JSON.stringify(want)} under preset ${implied}`, got);
  }
  return implied;
}

function runsOfPoint(p: Reader, fields: readonly string[]): number {
  const n = (p.v[fields[0]!] as unknown[] | undefined)?.length;
  for (const f of fields) {
    const x = p.v[f];
    if (!Array.isArray(x) || x.length === 0 || x.length !== n) p.fail(f, `a list of one value per run (${n})`, x);
  }
  return n!;
}

function stopReasons(p: Reader): StopReason[] {
  const x = p.v.stopReason as unknown[];
  x.forEach((s, i) => {
    if (!STOP_REASONS.includes(s as StopReason)) p.fail(`stopReason[${i}]`, `one of ${STOP_REASONS.join(' | ')}`, s);
  });
  return x as StopReason[];
}

/**
 * A Figure 5 grid (what `fig5 --out` writes, or a check's typed figure data), validated. A file of a run that
 * was stopped early holds the points it finished: its d and τ are those of its points.
 */
export function readFig5(v: Record<string, unknown>, where: string, origin = where): Fig5Data {
  const file = new Reader(where, v);
  const s = file.obj('spec');
  const ds = s.nums('ds', integerAtLeast(2), 'integers >= 2');
  const taus = s.nums('taus', positive, 'positive numbers');
  const preset = presetOf(file, s);
  const stop = s.opt('stop', () => s.obj('stop').v as unknown as StopRule);
  const spec: GridSpec = {
    arch: s.choice('arch', ARCHS),
    ds,
    taus,
    runs: s.num('runs', integerAtLeast(1), 'an integer >= 1'),
    steps: s.num('steps', integerAtLeast(1), 'an integer >= 1'),
    stop,
    lr: s.num('lr', positive, 'a positive number'),
    weightDecay: s.opt('weightDecay', () => s.num('weightDecay', nonNegative, 'a number >= 0')),
    batching: s.v.batching as Batching | undefined,
    floorSizes: s.v.floorSizes as boolean | undefined,
    iterations: s.v.iterations as number | undefined,
    alpha: s.num('alpha', positive, 'a positive number'),
    kappa: infiniteKappa(s),
    rho: s.num('rho', nonNegative, 'a number >= 0'),
    seed: s.num('seed', integerAtLeast(0), 'an integer >= 0'),
  };
  const points = file.list('points').map((p): GridPoint => {
    const runs = runsOfPoint(p, ['trainError', 'eICL', 'eIDG', 'steps', 'stopReason']);
    const d = p.num('d', (x) => ds.includes(x), `one of spec.ds (${ds.join(', ')})`);
    const tau = p.num('tau', (x) => taus.includes(x), `one of spec.taus (${taus.join(', ')})`);
    const cpu = p.v.cpuSeconds;
    const cpuSeconds =
      Array.isArray(cpu) && cpu.length === runs ? p.nums('cpuSeconds', nonNegative, 'numbers >= 0') : [];
    const replicates = p.opt('replicates', () => p.nums('replicates', integerAtLeast(0), 'integers >= 0', runs));
    return {
      d,
      tau,
      n: p.num('n', positive, 'a positive number'),
      trainError: p.nums('trainError', nonNegative, 'numbers >= 0'),
      eICL: p.nums('eICL', finite, 'finite numbers'),
      eIDG: p.nums('eIDG', finite, 'finite numbers'),
      cpuSeconds,
      steps: p.nums('steps', nonNegative, 'numbers >= 0'),
      stopReason: stopReasons(p),
      ...(replicates ? { replicates } : {}),
    };
  });
  const recorded = points.every((p) => p.cpuSeconds.length === p.eICL.length);
  const cpuSeconds = recorded ? points.reduce((a, p) => a + p.cpuSeconds.reduce((x, y) => x + y, 0), 0) : null;
  return { kind: 'fig5', spec, preset, points, source: { origin, cpuSeconds } };
}

/** A Figure 6 grid (what `fig6 --out` writes), validated. */
export function readFig6(v: Record<string, unknown>, where: string): Fig6Data {
  const file = new Reader(where, v);
  const s = file.obj('spec');
  const ds = s.nums('ds', integerAtLeast(2), 'integers >= 2');
  const spec: Fig6Spec = {
    arch: s.choice('arch', ARCHS),
    ds,
    kappas: s.nums('kappas', positive, 'positive numbers', 2),
    tau: s.num('tau', positive, 'a positive number'),
    runs: s.num('runs', integerAtLeast(1), 'an integer >= 1'),
    seed: s.num('seed', integerAtLeast(0), 'an integer >= 0'),
    preset: s.choice('preset', PRESET_NAMES),
    steps: s.opt('steps', () => s.num('steps', integerAtLeast(1), 'an integer >= 1')),
    iterations: s.opt('iterations', () => s.num('iterations', integerAtLeast(1), 'an integer >= 1')),
    alpha: s.num('alpha', positive, 'a positive number'),
    rho: s.num('rho', nonNegative, 'a number >= 0'),
  };
  const points = file.list('points').map((p): Fig6Point => {
    const runs = runsOfPoint(p, ['trainError', 'eICL', 'eIDG', 'steps', 'stopReason']);
    const d = p.num('d', (x) => ds.includes(x), `one of spec.ds (${ds.join(', ')})`);
    const k = p.num('k', integerAtLeast(1), 'an integer >= 1');
    p.num('kappa', (x) => Math.abs(x - k / d) < 1e-12, `k/d = ${k / d}`);
    const cpu = p.v.cpuSeconds;
    return {
      d,
      k,
      kappa: k / d,
      trainError: p.nums('trainError', nonNegative, 'numbers >= 0'),
      eICL: p.nums('eICL', finite, 'finite numbers'),
      eIDG: p.nums('eIDG', finite, 'finite numbers'),
      cpuSeconds: Array.isArray(cpu) && cpu.length === runs ? p.nums('cpuSeconds', nonNegative, 'numbers >= 0') : [],
      steps: p.nums('steps', nonNegative, 'numbers >= 0'),
      stopReason: stopReasons(p),
    };
  });
  const recorded = points.every((p) => p.cpuSeconds.length === p.eICL.length);
  const cpuSeconds = recorded ? points.reduce((a, p) => a + p.cpuSeconds.reduce((x, y) => x + y, 0), 0) : null;
  return { kind: 'fig6', spec, points, source: { origin: where, cpuSeconds } };
}

/** A decimal string or "inf" of a sweep line, as a number. */
function lineNumber(r: Reader, field: string): number {
  const x = r.v[field];
  const v = x === 'inf' ? Infinity : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN;
  if (Number.isNaN(v)) r.fail(field, 'a decimal string or "inf"', x);
  return v;
}

/**
 * The train lines of a sweep's output (`sweep --out`, `merge`), one Figure 5 grid per architecture and
 * protocol (κ = ∞) and one Figure 6 grid per architecture, protocol and τ (finite κ). Lines of other kinds are
 * left out; a train line with an error (a point that failed) is refused. Sweep lines carry no CPU seconds.
 */
function readSweepLines(text: string, file: string): TrainedData[] {
  const groups = new Map<string, { line: Reader; at: string }[]>();
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const at = `${file}:${i + 1}`;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new DomainError(at, 'one JSON object per line (a sweep output)', raw.slice(0, 40));
    }
    const line = new Reader(at, v as Record<string, unknown>);
    if (line.v.kind !== 'train') return;
    if (line.v.error !== undefined) line.fail('error', 'absent (this point failed; rerun it)', line.v.error);
    const arch = line.choice('arch', ARCHS);
    const fig6 = Number.isFinite(lineNumber(line, 'kappa'));
    const protocol = ['seed', 'steps', 'stopRule', 'preset', 'iterations', 'lr', 'runs', 'alpha', 'rho']
      .map((k) => JSON.stringify(line.v[k]))
      .join();
    const key = `${arch} ${fig6 ? `tau ${String(line.v.tau)}` : 'fig5'} ${protocol}`;
    groups.set(key, [...(groups.get(key) ?? []), { line, at }]);
  });
  if (groups.size === 0) throw new DomainError(`${file}: kind`, 'train in at least one line', 'no train line');
  return [...groups.values()].map((lines) => {
    const first = lines[0]!.line;
    const preset: PresetName = first.v.preset === 'authors' ? 'authors' : 'converged';
    const arch = first.v.arch as ArchName;
    const runsOf = (line: Reader) => {
      const perRun = line.list('perRun');
      return {
        trainError: perRun.map((r) => lineNumber(r, 'trainError')),
        eICL: perRun.map((r) => lineNumber(r.obj('eICL'), 'mean')),
        eIDG: perRun.map((r) => lineNumber(r.obj('eIDG'), 'mean')),
        cpuSeconds: [] as number[],
        steps: perRun.map((r) => lineNumber(r, 'steps')),
        stopReason: perRun.map((r) => r.choice('stopReason', STOP_REASONS)),
        replicates: perRun.map((r) => lineNumber(r, 'replicate')),
      };
    };
    const source = { origin: file, cpuSeconds: null };
    const common = {
      alpha: lineNumber(first, 'alpha'),
      rho: lineNumber(first, 'rho'),
      seed: lineNumber(first, 'seed'),
      runs: lineNumber(first, 'runs'),
    };
    const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
    if (Number.isFinite(lineNumber(first, 'kappa'))) {
      const points: Fig6Point[] = lines.map(({ line }) => {
        const d = lineNumber(line, 'd');
        const k = lineNumber(line, 'k');
        return { d, k, kappa: k / d, ...runsOf(line) };
      });
      const spec: Fig6Spec = {
        arch,
        ds: sorted(points.map((p) => p.d)),
        kappas: sorted(lines.map(({ line }) => lineNumber(line, 'kappa'))),
        tau: lineNumber(first, 'tau'),
        preset,
        ...common,
        ...(preset === 'authors'
          ? { iterations: lineNumber(first, 'iterations') }
          : { steps: lineNumber(first, 'steps') }),
      };
      return { kind: 'fig6', spec, points, source } satisfies Fig6Data;
    }
    const points: GridPoint[] = lines.map(({ line }) => ({
      d: lineNumber(line, 'd'),
      tau: lineNumber(line, 'tau'),
      n: lineNumber(line, 'n'),
      ...runsOf(line),
    }));
    const p = PRESETS[preset];
    const spec: GridSpec = {
      arch,
      ds: sorted(points.map((q) => q.d)),
      taus: sorted(points.map((q) => q.tau)),
      ...common,
      lr: lineNumber(first, 'lr'),
      steps: preset === 'authors' ? p.steps : lineNumber(first, 'steps'),
      stop: first.v.stopRule === 'converged' ? STOP : undefined,
      weightDecay: p.weightDecay,
      batching: p.batching,
      floorSizes: p.floorSizes,
      kappa: Infinity,
      ...(preset === 'authors' ? { iterations: lineNumber(first, 'iterations') } : {}),
    };
    return { kind: 'fig5', spec, preset, points, source } satisfies Fig5Data;
  });
}

/**
 * The trained grids of one file: a `fig5 --out` or `fig6 --out` JSON object, or a sweep's output (JSON lines,
 * its train part). Any violation is a DomainError naming the file and the field.
 */
export function parseTrainedFile(text: string, file: string): TrainedData[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return readSweepLines(text, file);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new DomainError(`${file}: (top level)`, 'an object with spec and points', JSON.stringify(v).slice(0, 40));
  const o = v as Record<string, unknown>;
  if ('kind' in o) return readSweepLines(text, file);
  const spec = o.spec as Record<string, unknown> | undefined;
  return [spec !== null && typeof spec === 'object' && 'kappas' in spec ? readFig6(o, file) : readFig5(o, file)];
}

/**
 * The report's trained data from files: every file's grids, the Figure 5 grids of one protocol (architecture,
 * preset, budget, seed, data) pooled (mergeGrids: no replicate twice), each other protocol its own row, and
 * each Figure 6 grid its own panel.
 */
export function poolTrained(data: readonly TrainedData[]): { fig5: Fig5Data[]; fig6: Fig6Data[] } {
  const groups = new Map<string, Fig5Data[]>();
  for (const f of data)
    if (f.kind === 'fig5')
      if (f.kind === 'fig5') {
        const key = JSON.stringify(PROTOCOL_FIELDS.map((k) => f.spec[k] ?? null));
        groups.set(key, [...(groups.get(key) ?? []), f]);
      }
  const fig5 = [...groups.values()].map((fs): Fig5Data => {
    if (fs.length === 1) return fs[0]!;
    const merged = mergeGrids(fs);
    const cpu = fs.map((f) => f.source.cpuSeconds);
    return {
      kind: 'fig5',
      spec: merged.spec,
      preset: fs[0]!.preset,
      points: merged.points,
      source: {
        origin: fs.map((f) => f.source.origin).join(' + '),
        cpuSeconds: cpu.every((c) => c !== null) ? cpu.reduce((a, c) => a + c!, 0) : null,
      },
    };
  });
  return { fig5, fig6: data.filter((f): f is Fig6Data => f.kind === 'fig6') };
}

/** The source of the rows verify trains itself (the verify grid of the train.linear.* checks). */
export const VERIFY_ORIGIN = "verify's own run (the verify grid of the train.linear.* checks)";

/**
 * The Figure 5 rows that a run's checks carry as typed figure data (`figure5` in their evidence), validated
 * as a file would be; one row per distinct grid (checks that share a grid carry the same one).
 */
export function fig5FromChecks(records: ReadonlyArray<{ id: string; evidence: Record<string, unknown> }>): Fig5Data[] {
  const rows = new Map<string, Fig5Data>();
  for (const r of records) {
    const v = r.evidence.figure5;
    if (v === undefined) continue;
    const row = readFig5(v as Record<string, unknown>, `check ${r.id}: evidence.figure5`, VERIFY_ORIGIN);
    rows.set(JSON.stringify(row.spec), row);
  }
  return [...rows.values()];
}

/** The grids of the files, unpooled (a file that cannot be read is a DomainError naming it). */
export function readTrainedData(files: readonly string[]): TrainedData[] {
  return files.flatMap((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (err) {
      throw new DomainError('--trained', 'readable files', `${f} (${reason(err)})`);
    }
    return parseTrainedFile(text, f);
  });
}

/** Reads and pools `verify --trained` files. */
export const readTrainedFiles = (files: readonly string[]) => poolTrained(readTrainedData(files));
