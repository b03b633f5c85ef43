// The evidence-store flags shared by verify, simulate and check-formula: --evidence DIR,
// --no-evidence, --all-held and --accumulate (docs/evidence.md).
import { resolve } from 'node:path';
import { ensureWritableDir, OutputError } from '../io/files.js';
import { defaultEvidenceDir, EvidenceStore, type StoreUse } from '../sim/evidence.js';
import { UsageError, type ParsedArgs } from './args.js';

export const EVIDENCE_VALUES = ['evidence'] as const;
export const EVIDENCE_SWITCHES = ['no-evidence', 'all-held', 'accumulate'] as const;

/** The flags' lines of a command's help. */
export const evidenceHelp = (what: string): string =>
  `  --evidence DIR     the evidence store: replicates held there are read back, new ones written (default
                     $XDG_CACHE_HOME/icl-verify/evidence, or ~/.cache/icl-verify/evidence without XDG_CACHE_HOME)
  --no-evidence      neither read nor write the store
  --all-held         use every replicate the store holds for a point (at least the design's, computing only
                     the missing ones): a store a job array filled with several rounds is read as it is
  --accumulate       ${what}`;

/** The store's directory the flags name (absolute), or undefined with --no-evidence. */
export function evidenceDir(args: ParsedArgs): string | undefined {
  const off = args.switches.has('no-evidence');
  const dir = args.values.get('evidence');
  if (off && dir !== undefined) throw new UsageError('--evidence and --no-evidence exclude each other');
  if (dir === '') throw new UsageError('--evidence needs a directory');
  if (off) {
    for (const s of ['all-held', 'accumulate'])
      if (args.switches.has(s))
        throw new UsageError(`--${s} needs the evidence store (it uses the replicates held there)`);
    return undefined;
  }
  if (dir !== undefined) return resolve(dir);
  // The default is a cache: where it cannot be written (a read-only home), run without it, and say so.
  const fallback = resolve(defaultEvidenceDir());
  try {
    ensureWritableDir(fallback, 'evidence store');
    return fallback;
  } catch (err) {
    if (!(err instanceof OutputError)) throw err;
    process.stderr.write(`icl-verify: ${err.message}; running without the evidence store\n`);
    return undefined;
  }
}

/** How the replicates held are used: --all-held, --accumulate (they exclude each other) or the design. */
export function storeUse(args: ParsedArgs): StoreUse {
  const held = args.switches.has('all-held');
  const accumulate = args.switches.has('accumulate');
  if (held && accumulate) throw new UsageError('--all-held and --accumulate exclude each other');
  return held ? 'held' : accumulate ? 'accumulate' : 'design';
}

/** ' (all held)' or ' (accumulate)' after a count of replicates used, nothing for the design. */
export const useNote = (use: StoreUse): string =>
  use === 'held' ? ' (all held)' : use === 'accumulate' ? ' (accumulate)' : '';

/** The store the flags name, or undefined with --no-evidence. */
export function evidenceStore(args: ParsedArgs): EvidenceStore | undefined {
  const dir = evidenceDir(args);
  return dir === undefined ? undefined : new EvidenceStore(dir);
}

/** A flag that must be a finite number > 0. */
export function floatFlagOf(args: ParsedArgs, name: string): number {
  const raw = args.values.get(name)!;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v <= 0)
    throw new UsageError(`--${name} must be a number > 0, got '${raw}'`);
  return v;
}
