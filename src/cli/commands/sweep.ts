// `icl-verify sweep SPEC.json [--shard i/N] [--out FILE] [--evidence DIR] [--workers W]`: evaluate (theory),
// simulate (finite d) and train (attention models) every point of a Cartesian grid, one JSON line per point,
// and compute the replicates of verify's ladders and of a check-formula plan into an evidence store. With
// --out the file is a resumable journal: a rerun skips the points it already holds; the store likewise
// keeps every finished replicate.
import { parseArgs, intFlag, UsageError } from '../args.js';
import { DomainError } from '../../numeric/domain.js';
import { DEFAULT_WORKERS, MAX_WORKERS } from '../../sim/pool.js';
import { progressBar } from '../progress.js';
import { computePoint, lineParams, validatePoint } from '../../sweep/compute.js';
import { specMismatch } from '../../sweep/settings.js';
import { Journal, JournalError, readText } from '../../sweep/journal.js';
import { LockError, lockOutput, type Lock } from '../../sweep/lock.js';
import { stableJson } from '../../sweep/mergeShards.js';
import { gridPoints, parseShard, pointKey, shardPoints, type GridPoint } from '../../sweep/points.js';
import { parseSpec, SpecError, type SweepSpec } from '../../sweep/spec.js';
import { writeSync } from 'node:fs';
import { LADDERS, verifyLadders } from '../../checks/sim.js';
import { ensureWritableDir, OutputError } from '../../io/files.js';
import { EvidenceStore } from '../../sim/evidence.js';
import {
  formulaJobs,
  ladderRungs,
  replicateUnits,
  runUnits,
  type LadderJob,
  type ReplicateUnit,
  type Rung,
} from '../../sweep/ladders.js';
import { evidenceDir } from '../evidenceFlags.js';

export const help = `usage: icl-verify sweep SPEC.json [--shard i/N] [--out FILE] [--evidence DIR] [--workers W]

Evaluates (theory), simulates (finite d) and trains (attention models, the train command) every point
of the Cartesian grids of SPEC.json, one JSON line per point, on stdout or appended to FILE. The limit alpha, tau -> inf is a theory part with
"alpha": ["inf"], "tau": ["inf"] and a "tauPerAlpha" axis. With --out, a rerun does only the points FILE lacks and a
torn last line is repaired. A "ladders" part (verify's ladder checks) and a "checkFormula" part (a candidate's
plan) compute replicates into the evidence store DIR, each replicate one unit of work; a rerun computes only
those DIR lacks, and the shards' stores merge with icl-verify evidence merge. Spec format and SLURM array
scripts: docs/cluster.md.
  --shard i/N        this process takes the i-th of N deterministic slices of the grid and of the replicates
  --out FILE         the resumable output journal (default: stdout)
  --evidence DIR     the evidence store of the ladders and checkFormula parts (default
                     $XDG_CACHE_HOME/icl-verify/evidence, or ~/.cache/icl-verify/evidence)
  --workers W        worker threads per simulated point (default ${DEFAULT_WORKERS})`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['shard', 'out', 'workers', 'evidence'], maxPositionals: 1 });
  const specFile = args.positionals[0];
  if (specFile === undefined)
    throw new UsageError('missing SPEC.json (usage: icl-verify sweep SPEC.json [--shard i/N] [--out FILE])');
  const workers = intFlag(args, 'workers', 1, MAX_WORKERS, DEFAULT_WORKERS);
  const shardRaw = args.values.get('shard');
  const shard = shardRaw === undefined ? { index: 1, count: 1 } : parseShard(shardRaw);
  if (typeof shard === 'string') throw new UsageError(shard);

  const spec = usage(() => parseSpec(readText(specFile), specFile));
  const grid = gridPoints(spec);
  grid.forEach((p, i) => {
    try {
      validatePoint(p, spec, workers);
    } catch (err) {
      if (err instanceof DomainError) {
        const hint = err.parameter === 'tau-per-alpha' ? ' (in a spec: theory.tauPerAlpha)' : '';
        throw new UsageError(`${specFile}: ${p.kind} point #${i + 1} (${show(p)}): ${err.message}${hint}`);
      }
      throw err;
    }
  });
  const mine = shardPoints(grid, shard);
  const units = ladderUnits(spec, specFile);
  const out = args.values.get('out');
  if (units === undefined && args.values.has('evidence'))
    throw new UsageError(`--evidence is the store of a "ladders" or "checkFormula" part; ${specFile} has neither`);
  if (grid.length === 0 && out !== undefined)
    throw new UsageError(
      `--out is the journal of theory, simulate and train lines; ${specFile} has none (its replicates go to --evidence DIR)`,
    );
  if (units !== undefined) {
    const dir = evidenceDir(args);
    if (dir === undefined) throw new UsageError('the ladders need an evidence store: give --evidence DIR');
    try {
      ensureWritableDir(dir, '--evidence directory');
    } catch (err) {
      if (err instanceof OutputError) throw new UsageError(err.message);
      throw err;
    }
    if (grid.length > 0) await runGrid(out, spec, grid, mine, shard, workers);
    return runLadders(new EvidenceStore(dir), shardPoints(units, shard), units.length, shard, workers);
  }
  return runGrid(out, spec, grid, mine, shard, workers);
}

/** Every replicate of the spec's ladders and checkFormula parts, in order; undefined when it has neither. */
function ladderUnits(spec: SweepSpec, specFile: string): ReplicateUnit[] | undefined {
  const { ladders, checkFormula } = spec;
  if (ladders === undefined && checkFormula === undefined) return undefined;
  const ids = LADDERS.map((c) => c.id);
  const known = (id: string, where: string): void => {
    if (!ids.includes(id))
      throw new UsageError(`${specFile}: ${where} "${id}" is not a ladder of verify (one of: ${ids.join(', ')})`);
  };
  ladders?.only?.forEach((id, i) => known(id, `ladders.only[${i}]`));
  const rounds = ladders?.rounds ?? 1;
  if (typeof rounds === 'object') for (const id of Object.keys(rounds)) known(id, 'ladders.rounds names');
  const rungs = (jobs: readonly LadderJob[], count: number, part: string): Rung[] => {
    try {
      return ladderRungs(jobs, count);
    } catch (err) {
      if (err instanceof DomainError) throw new UsageError(`${specFile}: ${part}: ${err.message}`);
      throw err;
    }
  };
  const verify = ladders
    ? verifyLadders(ladders.quick, ladders.seed, ladders.only).flatMap((l) =>
        rungs(
          [{ ...l, label: `sim.extrapolation.${l.id}` }],
          typeof rounds === 'number' ? rounds : (rounds[l.id] ?? 1),
          'ladders',
        ),
      )
    : [];
  const plan = checkFormula
    ? rungs(
        usage(() => formulaJobs(checkFormula, specFile)),
        checkFormula.rounds,
        'checkFormula',
      )
    : [];
  return replicateUnits([...verify, ...plan]);
}

async function runLadders(
  store: EvidenceStore,
  mine: ReplicateUnit[],
  total: number,
  shard: { index: number; count: number },
  workers: number,
): Promise<number> {
  const bar = progressBar();
  let count;
  try {
    count = await runUnits(mine, store, workers, (done, n, label) => bar.update(done, n, label));
  } finally {
    bar.end();
  }
  process.stderr.write(
    `sweep: shard ${shard.index}/${shard.count}: ${count.mine} of ${total} ladder replicates; ${count.held} already in ${store.dir}, ${count.computed} computed -> ${store.dir}\n`,
  );
  return 0;
}

async function runGrid(
  out: string | undefined,
  spec: SweepSpec,
  grid: GridPoint[],
  mine: GridPoint[],
  shard: { index: number; count: number },
  workers: number,
): Promise<number> {
  // One writer per output file: a second sweep on the same --out would interleave its lines.
  const lock: Lock | undefined = out === undefined ? undefined : usage(() => lockOutput(out));
  if (lock?.staleFrom !== undefined)
    process.stderr.write(`sweep: ${out}: took over the lock of pid ${lock.staleFrom}, which is no longer running\n`);
  try {
    return await runLocked(out, spec, grid, mine, shard, workers);
  } finally {
    lock?.release();
  }
}

async function runLocked(
  out: string | undefined,
  spec: SweepSpec,
  grid: GridPoint[],
  mine: GridPoint[],
  shard: { index: number; count: number },
  workers: number,
): Promise<number> {
  const journal = out === undefined ? undefined : usage(() => Journal.open(out));
  const done = journal ? usage(() => resumable(journal, grid, spec)) : new Set<string>();
  if (journal && journal.repairedBytes > 0)
    process.stderr.write(
      `sweep: ${out}: cut off a torn last line (${journal.repairedBytes} bytes) left by a killed run\n`,
    );

  const todo = mine.filter((p) => !done.has(p.key));
  const bar = progressBar();
  let failed = 0;
  try {
    for (const [i, p] of todo.entries()) {
      bar.update(i, todo.length, `${p.kind} ${show(p)}`);
      const line = await computePoint(p, spec, workers);
      if (line.error !== undefined) {
        failed++;
        bar.end();
        process.stderr.write(`sweep: ${p.kind} point (${show(p)}): ${String(line.error)} (recorded as its result)\n`);
      }
      if (journal) journal.append(line);
      else if (!writeStdout(JSON.stringify(line) + '\n')) return 0;
    }
  } finally {
    bar.end();
    journal?.close();
  }
  process.stderr.write(
    `sweep: shard ${shard.index}/${shard.count}: ${mine.length} of ${grid.length} points; ${out ? `${mine.length - todo.length} already in ${out}, ${todo.length} computed -> ${out}` : `${todo.length} computed -> stdout`}${failed ? `; ${failed} with an "error" instead of values` : ''}\n`,
  );
  return 0;
}

/**
 * Keys already in the journal; every line must be a result of this spec (same seed, digits,
 * replicates). A point present twice is reported: with the same result it is a warning (two
 * writers, or a file concatenated twice), with different results an error naming both lines.
 */
function resumable(j: Journal, grid: readonly GridPoint[], spec: SweepSpec): Set<string> {
  const byKey = new Map(grid.map((p) => [p.key, p]));
  const done = new Set<string>();
  const seen = new Map<string, { line: number; canonical: string }>();
  const repeated: string[] = [];
  for (const l of j.existing) {
    const where = `${j.file}:${l.line}`;
    const id = lineParams(l.value);
    if (typeof id === 'string') throw new JournalError(`${where}: not a sweep result line: ${id}`);
    const key = pointKey(id.kind, id.params);
    const p = byKey.get(key);
    if (p === undefined)
      throw new JournalError(
        `${where}: a result for a point that is not in this spec (was the file written for another spec? use another --out)`,
      );
    const mismatch = specMismatch(l.value, spec, p);
    if (mismatch) throw new JournalError(`${where}: computed with ${mismatch} (use another --out for a changed spec)`);
    const canonical = stableJson(l.value);
    const before = seen.get(key);
    if (before !== undefined) {
      if (before.canonical !== canonical)
        throw new JournalError(
          `${where}: a second, different result for the point of line ${before.line} (${key}): two runs wrote this file; keep one of the two lines or use another --out`,
        );
      repeated.push(`${l.line} (= ${before.line})`);
    } else seen.set(key, { line: l.line, canonical });
    done.add(key);
  }
  if (repeated.length)
    process.stderr.write(
      `sweep: ${j.file}: ${repeated.length} duplicate line(s), identical to earlier ones: line ${repeated.slice(0, 5).join(', ')}${repeated.length > 5 ? ', …' : ''} (two runs wrote this file; \`icl-verify merge\` keeps one of each)\n`,
    );
  return done;
}

/** False when the reader went away (`sweep spec.json | head`): stop quietly, as Unix tools do. */
function writeStdout(text: string): boolean {
  try {
    writeSync(1, text);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return false;
    throw err;
  }
}

const show = (p: GridPoint): string =>
  Object.entries(p.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** Bad input found while reading the spec or the journal: one line, exit 2. */
function usage<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof SpecError || err instanceof JournalError || err instanceof LockError)
      throw new UsageError(err.message);
    throw err;
  }
}
