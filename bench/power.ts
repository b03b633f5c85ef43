// `npm run power [-- --seeds N] [-- --first-seed F] [-- --budget S] [-- --files a.txt,b.txt] [-- --region-only] [-- --json]`
// (--json: one line per run, written as it finishes):
// how check-formula does on candidates that are wrong by construction (examples/candidates/planted-*.txt)
// and on the true unified formulas, at the default budget.
// For each candidate: the share of its claimed domain where it deviates from the shipped formula by
// 5% or more (the design's own distribution over regimes, 100 seeds of designs), then the verdict at
// each seed with the decisive evidence and what the run could have caught.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../src/candidate/compile.js';
import { designPoints, formatPoint, paramsOf } from '../src/candidate/design.js';
import { parseCandidate } from '../src/candidate/parse.js';
import { judge } from '../src/candidate/verdict.js';
import { fp } from '../src/numeric/context.js';
import { theoryValues } from '../src/theory/evaluate.js';
import { intFlag, parseArgs } from '../src/cli/args.js';

const DIR = join(import.meta.dirname, '..', '..', 'examples', 'candidates');
const TRUE = ['eICL-unified.txt', 'eIDG-unified.txt', 'gTask-unified.txt'];

/** Share of design points (seeds 1..100) where the candidate is off by >= 5%, and its largest deviation. */
function region(file: string): { share: number; maxDeviation: number; points: number } {
  const cand = parseCandidate(readFileSync(join(DIR, file), 'utf8'));
  const fn = compile(cand);
  let hit = 0;
  let all = 0;
  let max = 0;
  for (let seed = 1; seed <= 100; seed++) {
    for (const p of designPoints(cand, seed)) {
      const truth = theoryValues(paramsOf(p))[cand.target as 'eICL' | 'eIDG' | 'gTask'];
      const dev = Math.abs(fn(fp, paramsOf(p)) / truth - 1);
      all++;
      if (dev >= 0.05) hit++;
      max = Math.max(max, dev);
    }
  }
  return { share: hit / all, maxDeviation: max, points: all };
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv, {
    values: ['seeds', 'first-seed', 'budget', 'files'],
    switches: ['json', 'region-only'],
  });
  const seeds = intFlag(args, 'seeds', 1, Infinity, 1);
  const first = intFlag(args, 'first-seed', 0, Infinity, 1);
  const budget = intFlag(args, 'budget', 5, 86400, 300);
  const json = args.switches.has('json');
  const files = args.values.get('files')?.split(',') ?? [
    ...readdirSync(DIR)
      .filter((f) => f.startsWith('planted-'))
      .sort(),
    ...TRUE,
  ];
  for (const file of files) {
    const r = TRUE.includes(file) ? { share: 0, maxDeviation: 0, points: 0 } : region(file);
    if (!json)
      process.stdout.write(
        `${file}: off by >= 5% on ${(100 * r.share).toFixed(1)}% of the design's ` +
          `domain (${r.points} points), at most ${(100 * r.maxDeviation).toFixed(1)}%\n`,
      );
    if (args.switches.has('region-only')) continue;
    for (let seed = first; seed < first + seeds; seed++) {
      const cand = parseCandidate(readFileSync(join(DIR, file), 'utf8'));
      const v = await judge(cand, { seed, budgetSeconds: budget });
      const top = v.evidence[0]!;
      const zs = (keep: (e: (typeof v.evidence)[number]) => boolean) =>
        v.evidence.filter((e) => e.z !== undefined && keep(e)).map((e) => e.z!);
      const z = {
        screen: zs((e) => e.stage === 'screen'),
        refine: zs((e) => e.stage === 'refine'),
        tauLimit: zs((e) => e.kind === 'tau-limit'),
      };
      const row = {
        file,
        seed,
        verdict: v.verdict,
        seconds: v.seconds,
        phases: v.phases,
        top: { name: top.name, z: top.z, zCritical: top.zCritical, detectable: top.detectable },
        z,
        strength: v.strength,
        region: r,
      };
      if (json) process.stdout.write(JSON.stringify(row) + '\n');
      else {
        const z = top.z === undefined ? '' : ` z ${top.z.toFixed(2)} (threshold ${top.zCritical!.toFixed(2)})`;
        process.stdout.write(
          `  seed ${seed}: ${v.verdict.toUpperCase()} in ${v.seconds.toFixed(0)} ` +
            `s; first: ${top.name}${z}\n    ${v.strength.summary}\n`,
        );
        const refined = v.evidence
          .filter((e) => e.stage === 'refine')
          .map((e) => `${formatPoint(e.point!)} z ${e.z?.toFixed(2)} detects ${(100 * e.detectable!).toFixed(1)}%`);
        for (const line of refined) process.stdout.write(`    refined: ${line}\n`);
      }
    }
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`power: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
