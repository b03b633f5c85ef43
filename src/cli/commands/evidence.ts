// `icl-verify evidence stats|prune|merge`: the evidence store's size per code hash, pruning of stale
// code hashes, old entries and leftover temporary files, and merging of stores (docs/evidence.md).
import { parseArgs, UsageError } from '../args.js';
import { codeHash, mergeStores, pruneStore, storeStats } from '../../sim/evidence.js';
import { evidenceDir, floatFlagOf } from '../evidenceFlags.js';

export const help = `usage: icl-verify evidence stats [--evidence DIR] [--json]
       icl-verify evidence prune [--evidence DIR] [--stale] [--older-than DAYS]
       icl-verify evidence merge SOURCE... [--evidence DIR]

The evidence store holds every simulated replicate, by the hash of the code that computed it
(docs/evidence.md). DIR defaults to $XDG_CACHE_HOME/icl-verify/evidence (or ~/.cache/icl-verify/evidence).
  stats              entries, bytes and newest entry per code hash; 'current' is this installation's code
  prune              remove leftover temporary files (of writers killed mid-write), and with
    --stale          every code hash but the current one
    --older-than D   every entry last written more than D days ago (a number > 0)
  merge SOURCE...    copy into DIR every whole entry of the source stores that DIR lacks; two different
                     entries for one replicate are an error (exit 2)
  --json             stats as one JSON object`;

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(2)} MiB`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    values: ['evidence', 'older-than'],
    switches: ['json', 'stale'],
    maxPositionals: Infinity,
  });
  const [verb, ...rest] = args.positionals;
  const dir = evidenceDir(args)!;
  const noRest = () => {
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
  };
  const only = (allowed: readonly string[]) => {
    for (const f of ['json', 'stale'])
      if (args.switches.has(f) && !allowed.includes(f)) throw new UsageError(`--${f} is not used by '${verb}'`);
    if (args.values.has('older-than') && !allowed.includes('older-than'))
      throw new UsageError(`--older-than is not used by '${verb}'`);
  };
  switch (verb) {
    case 'stats': {
      noRest();
      only(['json']);
      const codes = storeStats(dir);
      if (args.switches.has('json')) {
        process.stdout.write(
          JSON.stringify(
            {
              dir,
              current: codeHash(),
              codes: codes.map((c) => ({ ...c, newest: c.newest?.toISOString() ?? null })),
            },
            null,
            2,
          ) + '\n',
        );
        return 0;
      }
      const lines = [`evidence store ${dir} (current code ${codeHash()})`];
      if (codes.length === 0) lines.push('  empty');
      for (const c of codes)
        lines.push(
          `  ${c.code}${c.current ? ' (current)' : '          '}  ${String(c.entries).padStart(8)} entries  ${mib(c.bytes).padStart(12)}  newest ${c.newest?.toISOString() ?? '-'}${c.temporary > 0 ? `  ${c.temporary} temporary file(s)` : ''}`,
        );
      const total = codes.reduce((a, c) => ({ entries: a.entries + c.entries, bytes: a.bytes + c.bytes }), {
        entries: 0,
        bytes: 0,
      });
      lines.push(`  total ${total.entries} entries, ${mib(total.bytes)}`);
      process.stdout.write(lines.join('\n') + '\n');
      return 0;
    }
    case 'prune': {
      noRest();
      only(['stale', 'older-than']);
      const olderThanDays = args.values.has('older-than') ? floatFlagOf(args, 'older-than') : undefined;
      const r = pruneStore(dir, { stale: args.switches.has('stale'), olderThanDays });
      process.stdout.write(
        `prune: removed ${r.entries} entries (${mib(r.bytes)}) and ${r.temporary} temporary file(s) from ${dir}\n`,
      );
      return 0;
    }
    case 'merge': {
      only([]);
      if (rest.length === 0) throw new UsageError('merge needs at least one source store');
      const r = mergeStores(dir, rest);
      process.stdout.write(
        `merge: ${r.copied} entries copied, ${r.present} already held, ${r.skipped} torn skipped -> ${dir}\n`,
      );
      return 0;
    }
    case undefined:
      throw new UsageError('missing verb: stats, prune or merge');
    default:
      throw new UsageError(`unknown verb '${verb}' (stats, prune or merge)`);
  }
}
