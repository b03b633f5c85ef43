// `icl-verify merge FILES... --out FILE`: combine sweep shards into one sorted file; exit 2 when a
// line is torn or malformed or the same point carries two different results.
import { parseArgs, required, UsageError } from '../args.js';
import { mergeFiles, MergeError } from '../../sweep/merge.js';
import { reason, writeAtomic } from '../../report/write.js';

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['out'], maxPositionals: Infinity });
  const out = required(args, 'out', 'the merged file');
  if (args.positionals.length === 0) throw new UsageError('no input files (usage: icl-verify merge FILES... --out FILE)');
  let merged;
  try {
    merged = mergeFiles(args.positionals);
  } catch (err) {
    if (err instanceof MergeError) throw new UsageError(err.message);
    throw err;
  }
  try {
    writeAtomic(out, merged.lines.map((l) => l + '\n').join(''));
  } catch (err) {
    throw new UsageError(`cannot write '${out}': ${reason(err)}`);
  }
  process.stderr.write(`merge: ${merged.lines.length} results from ${args.positionals.length} file(s) (${merged.read} lines, ${merged.duplicates} agreeing duplicates) -> ${out}\n`);
  return 0;
}
