// `icl-verify merge FILES... --out FILE [--spec SPEC.json]`: combine sweep shards into one sorted
// file; exit 2 when a line is torn or malformed, the same point carries two different results, or
// (with --spec) a point of the spec has no result.
import { parseArgs, required, UsageError } from '../args.js';
import { checkComplete, mergeFiles, MergeError } from '../../sweep/mergeShards.js';
import { readText, JournalError } from '../../sweep/journal.js';
import { gridPoints } from '../../sweep/points.js';
import { parseSpec, SpecError } from '../../sweep/spec.js';
import { reason, writeAtomic } from '../../io/files.js';

export const help = `usage: icl-verify merge FILES... --out FILE [--spec SPEC.json]

Combines sweep shard files into one sorted file. Agreeing duplicates are kept once; disagreeing ones,
torn or malformed lines are errors (exit 2).
  --out FILE         the merged file (written atomically)
  --spec SPEC.json   also require every point of the spec to be present`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['out', 'spec'], maxPositionals: Infinity });
  const out = required(args, 'out', 'the merged file');
  if (args.positionals.length === 0)
    throw new UsageError('no input files (usage: icl-verify merge FILES... --out FILE [--spec SPEC.json])');
  const specFile = args.values.get('spec');
  let merged;
  try {
    const gridKeys =
      specFile === undefined ? undefined : gridPoints(parseSpec(readText(specFile), specFile)).map((p) => p.key);
    merged = mergeFiles(args.positionals);
    if (gridKeys) checkComplete(merged, gridKeys, specFile!);
  } catch (err) {
    if (err instanceof MergeError || err instanceof SpecError || err instanceof JournalError)
      throw new UsageError(err.message);
    throw err;
  }
  try {
    writeAtomic(out, merged.lines.map((l) => l + '\n').join(''));
  } catch (err) {
    throw new UsageError(`cannot write '${out}': ${reason(err)}`);
  }
  process.stderr.write(
    `merge: ${merged.lines.length} results from ${args.positionals.length} file(s) (${merged.read} lines, ${merged.duplicates} agreeing duplicates)${specFile ? `, every point of ${specFile} present` : ''} -> ${out}\n`,
  );
  return 0;
}
