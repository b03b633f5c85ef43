// The evidence store: every simulated replicate, written once to a content-addressed directory and
// read back instead of recomputed. A replicate is a pure function of its spec, its stream index and
// the code that computes it (replicate.ts and everything it imports), so the store is a cache: a
// result read back is bit for bit the one a fresh run would compute.
//
// Layout: DIR/<code>/<kk>/<key>.json, where <code> is the hash of the code (codeHash) and <key> the
// hash of the spec, the replicate index and the planted fault switched on. Every file is written
// atomically (temporary file, fsync, rename), so two writers of one entry and a kill mid-write leave
// either no file or a whole one; a file that does not parse, or whose recorded key differs from the
// one asked for, is treated as absent (and overwritten by the next writer).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWritableDir, reason, writeAtomic } from '../io/files.js';
import { DomainError } from '../numeric/domain.js';
import { activeFault } from '../numeric/faults.js';
import type { ReplicateResult, SimSpec } from './replicate.js';

/** Format of an entry; a change of it is a change of the code hash too. */
const FORMAT = 1;

/** Imports of a module: static, dynamic and worker URLs (`new URL('./x.js', import.meta.url)`). */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)'(\.{1,2}\/[^']+)'/g;

/** The source of a relative import: the file itself, or under TypeScript sources the .ts beside the .js named. */
function resolveImport(from: string, spec: string): string | undefined {
  const file = resolve(dirname(from), spec);
  if (existsSync(file)) return file;
  const ts = file.replace(/\.js$/, '.ts');
  return existsSync(ts) ? ts : undefined;
}

/**
 * Hash of the contents of `entry` and of every file it imports, transitively (relative imports only;
 * packages are pinned by the lockfile). Files are visited in sorted order, so the hash depends on the
 * contents and relative paths alone, not on where the tree lies. Why the contents and not a version
 * constant: a constant must be bumped by hand on every change of the numbers, and a forgotten bump
 * would serve stale replicates silently; a hash of the code cannot be forgotten.
 */
/**
 * How a simulation uses the replicates a store holds (0, 1, … without a gap, h of them), given the
 * design's R: 'design' uses streams 0 … R − 1 (reading back those held); 'held' uses every held stream
 * and at least R (max(h, R), computing only what is missing: a store filled by a job array is read as
 * it is); 'accumulate' adds R fresh streams after the held ones (h + R). Each count is fixed by the
 * store's file names before any result is read.
 */
export type StoreUse = 'design' | 'held' | 'accumulate';

/** The number of replicate streams a simulation of design size `design` uses when `held` are held. */
export function replicatesToUse(use: StoreUse, design: number, held: number): number {
  return use === 'accumulate' ? held + design : use === 'held' ? Math.max(held, design) : design;
}

export function codeHashOf(entry: string): string {
  const root = dirname(entry);
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const dep = resolveImport(file, m[1]!);
      if (dep !== undefined && !seen.has(dep)) queue.push(dep);
    }
  }
  const h = createHash('sha256');
  h.update(`icl-verify evidence format ${FORMAT}\n`);
  for (const file of [...seen].sort()) {
    const rel = file.slice(root.length).replace(/\.ts$/, '.js');
    h.update(`${rel}\n`);
    h.update(readFileSync(file));
    h.update('\n');
  }
  return h.digest('hex').slice(0, 16);
}

let cachedCodeHash: string | undefined;

/** The hash of the code that computes a replicate in this process (built .js or, under vitest, .ts sources). */
export function codeHash(): string {
  if (cachedCodeHash === undefined) {
    const here = fileURLToPath(import.meta.url);
    cachedCodeHash = codeHashOf(join(dirname(here), `replicate${here.endsWith('.ts') ? '.ts' : '.js'}`));
  }
  return cachedCodeHash;
}

/** The default store: $XDG_CACHE_HOME/icl-verify/evidence, or ~/.cache/icl-verify/evidence. */
export function defaultEvidenceDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'icl-verify', 'evidence');
}

/** What identifies a replicate: every field of the spec, the stream index and the planted fault. */
function keyOf(spec: SimSpec, replicate: number): string {
  // Fixed field order (and ∞ as a string), so equal specs give equal text.
  const s = spec;
  return JSON.stringify({
    d: s.d,
    ell: s.ell,
    k: s.k === Infinity ? 'inf' : s.k,
    n: s.n,
    rho: s.rho,
    lambda: s.lambda,
    seed: s.seed,
    assignment: s.assignment,
    solver: s.solver,
    sampler: s.sampler,
    fault: activeFault ?? null,
    replicate,
  });
}

const RESULT_NUMBERS = ['eICL', 'eIDG', 'gTask', 'iterations', 'relResidual'] as const;

function validResult(r: unknown): r is ReplicateResult {
  if (typeof r !== 'object' || r === null) return false;
  const o = r as Record<string, unknown>;
  return typeof o.solver === 'string' && RESULT_NUMBERS.every((k) => typeof o[k] === 'number');
}

/** Counts of one store's use in this process: replicates read back and written. */
export interface EvidenceUse {
  reused: number;
  written: number;
}

export class EvidenceStore {
  private readonly root: string;
  private ready = false;
  readonly use: EvidenceUse = { reused: 0, written: 0 };

  /** A store at `dir` for the code whose hash is `code` (default: this process's). */
  constructor(
    readonly dir: string,
    readonly code: string = codeHash(),
  ) {
    this.root = join(dir, code);
  }

  private fileOf(key: string): string {
    const h = createHash('sha256').update(key).digest('hex');
    return join(this.root, h.slice(0, 2), `${h}.json`);
  }

  /** The replicate if the store holds it whole, else undefined. */
  get(spec: SimSpec, replicate: number): ReplicateResult | undefined {
    const key = keyOf(spec, replicate);
    let text: string;
    try {
      text = readFileSync(this.fileOf(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as { key?: unknown; result?: unknown };
      if (entry.key !== key || !validResult(entry.result)) return undefined;
      this.use.reused++;
      return entry.result;
    } catch {
      return undefined;
    }
  }

  /** Whether replicate `replicate` of `spec` is held (without reading it). */
  has(spec: SimSpec, replicate: number): boolean {
    return existsSync(this.fileOf(keyOf(spec, replicate)));
  }

  /** How many replicates 0, 1, 2, … of `spec` the store holds without a gap: where fresh streams start. */
  held(spec: SimSpec): number {
    let r = 0;
    while (this.has(spec, r)) r++;
    return r;
  }

  /** Writes the replicate (atomically; a replicate with a non-finite number is not stored). */
  put(spec: SimSpec, replicate: number, result: ReplicateResult): void {
    if (!RESULT_NUMBERS.every((k) => Number.isFinite(result[k]))) return;
    const key = keyOf(spec, replicate);
    const file = this.fileOf(key);
    try {
      if (!this.ready) {
        ensureWritableDir(this.root, 'evidence store');
        this.ready = true;
      }
      const dir = dirname(file);
      try {
        mkdirSync(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      writeAtomic(file, JSON.stringify({ key, code: this.code, result }) + '\n');
      this.use.written++;
    } catch (err) {
      throw new DomainError('evidence', 'a writable directory', `${this.dir} (${reason(err)})`);
    }
  }
}

/** One code hash's part of a store: entries, bytes, the newest entry's time, leftover temporary files. */
export interface CodeStats {
  code: string;
  current: boolean;
  entries: number;
  bytes: number;
  newest: Date | null;
  temporary: number;
}

interface EntryFile {
  path: string;
  name: string;
  bytes: number;
  mtime: Date;
}

const CODE_DIR = /^[0-9a-f]{16}$/;
const ENTRY = /^[0-9a-f]{64}\.json$/;

function codeDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => CODE_DIR.test(n) && statSync(join(dir, n)).isDirectory())
    .sort();
}

/** Every entry file (and, separately, every leftover temporary file) under one code hash. */
function filesOf(codeDir: string): { entries: EntryFile[]; temporary: string[] } {
  const entries: EntryFile[] = [];
  const temporary: string[] = [];
  for (const sub of readdirSync(codeDir).sort()) {
    const subDir = join(codeDir, sub);
    if (!statSync(subDir).isDirectory()) continue;
    for (const name of readdirSync(subDir).sort()) {
      const path = join(subDir, name);
      if (ENTRY.test(name)) {
        const st = statSync(path);
        entries.push({ path, name: join(sub, name), bytes: st.size, mtime: st.mtime });
      } else if (name.includes('.tmp-')) temporary.push(path);
    }
  }
  return { entries, temporary };
}

/** Size of a store per code hash; `current` marks this process's code. */
export function storeStats(dir: string, current: string = codeHash()): CodeStats[] {
  return codeDirs(dir).map((code) => {
    const { entries, temporary } = filesOf(join(dir, code));
    const newest = entries.reduce<Date | null>((a, e) => (a === null || e.mtime > a ? e.mtime : a), null);
    return {
      code,
      current: code === current,
      entries: entries.length,
      bytes: entries.reduce((a, e) => a + e.bytes, 0),
      newest,
      temporary: temporary.length,
    };
  });
}

export interface PruneOptions {
  /** Remove every code hash but `current`. */
  stale: boolean;
  /** Remove entries last written more than this many days ago (any code hash). */
  olderThanDays?: number;
  current?: string;
  now?: Date;
}

/** Removes stale code hashes, old entries and leftover temporary files; returns what it removed. */
export function pruneStore(dir: string, o: PruneOptions): { entries: number; bytes: number; temporary: number } {
  const current = o.current ?? codeHash();
  const now = (o.now ?? new Date()).getTime();
  const out = { entries: 0, bytes: 0, temporary: 0 };
  for (const code of codeDirs(dir)) {
    const codeDir = join(dir, code);
    const { entries, temporary } = filesOf(codeDir);
    for (const t of temporary) {
      rmSync(t, { force: true });
      out.temporary++;
    }
    const dropAll = o.stale && code !== current;
    for (const e of entries) {
      const old = o.olderThanDays !== undefined && now - e.mtime.getTime() > o.olderThanDays * 86_400_000;
      if (dropAll || old) {
        rmSync(e.path, { force: true });
        out.entries++;
        out.bytes += e.bytes;
      }
    }
    if (dropAll) rmSync(codeDir, { recursive: true, force: true });
  }
  return out;
}

/** An entry file's text if it is whole (parses, with a key and a valid result), else undefined. */
function wholeEntry(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const e = JSON.parse(text) as { key?: unknown; result?: unknown };
    return typeof e.key === 'string' && validResult(e.result) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Copies every whole entry of the `sources` into `into` (entries it already holds are kept). Two
 * different texts for one entry mean a store was written by code that is not deterministic, or was
 * tampered with: that is an error naming both files, and nothing after it is copied.
 */
export function mergeStores(
  into: string,
  sources: readonly string[],
): { copied: number; present: number; skipped: number } {
  const out = { copied: 0, present: 0, skipped: 0 };
  for (const src of sources) {
    if (!existsSync(src) || !statSync(src).isDirectory())
      throw new DomainError('store', 'an existing evidence directory', src);
    for (const code of codeDirs(src)) {
      for (const e of filesOf(join(src, code)).entries) {
        const text = wholeEntry(e.path);
        if (text === undefined) {
          out.skipped++;
          continue;
        }
        const target = join(into, code, e.name);
        const have = existsSync(target) ? wholeEntry(target) : undefined;
        if (have !== undefined) {
          if (have !== text)
            throw new DomainError(
              'store',
              'entries that agree where two stores hold the same replicate',
              `${e.path} differs from ${target}`,
            );
          out.present++;
          continue;
        }
        ensureWritableDir(dirname(target), 'evidence store');
        writeAtomic(target, text);
        out.copied++;
      }
    }
  }
  return out;
}
