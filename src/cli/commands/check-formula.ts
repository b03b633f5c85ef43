// `icl-verify check-formula FILE`: accept or reject a candidate formula from independent evidence
// (simulation, the τ → ∞ population optimum, exact limits and invariants). Exit 0 accept, 1 reject,
// 2 bad input (a candidate-file mistake is printed as FILE:LINE:COL: message), 3 inconclusive.
import { readFileSync } from 'node:fs';
import { jsonSafe } from '../../registry/jsonSafe.js';
import { DEFAULT_WORKERS, MAX_WORKERS } from '../../sim/pool.js';
import { MAX_SEED } from '../../numeric/seeds.js';
import { CHECK_FORMULA_DEFAULTS as D } from '../../candidate/defaults.js';
import { formatPoint } from '../../candidate/design.js';
import { compile } from '../../candidate/compile.js';
import type { Evidence } from '../../candidate/evidence/evidence.js';
import { ParseError } from '../../symbolic/syntax.js';
import { parseCandidate } from '../../candidate/parse.js';
import { compareWithReference, type ReferenceComparison } from '../../candidate/reference.js';
import { judge, type Verdict } from '../../candidate/verdict.js';
import { intFlag, parseArgs, UsageError } from '../args.js';
import {
  EVIDENCE_SWITCHES,
  EVIDENCE_VALUES,
  evidenceHelp,
  evidenceStore,
  storeUse,
  useNote,
} from '../evidenceFlags.js';

export const help = `usage: icl-verify check-formula FILE [--seed S] [--budget-seconds B] [--workers W] [--json]
                                [--against-reference] [--exhaustive] [--evidence DIR | --no-evidence] [--all-held | --accumulate]

Accepts or rejects a candidate formula (format: docs/check-formula.md) from independent evidence:
finite-d simulation extrapolated to d = inf, the tau -> inf population optimum, limits and invariants.
At kappa = inf a candidate that is NaN there (e.g. inf/inf) is taken as its limit kappa -> inf when it
has one; otherwise write 'kappa < inf' in its domain line. Design points print exactly (eval replays them).
The budget fixes the plan before anything runs (a cost model of the reference machine, the same on
every machine and for any --workers): screening the design points, then refining (fresh simulations,
d up to 96) the points where candidate and simulation disagree most. An accept needs at least 24
screened points (all, when fewer are simulable); below that the verdict is inconclusive with the
budget that would reach them. A run that has used 4 x 2 x budget + 60 CPU seconds (a machine
much slower than the reference) or 20 x budget + 600 wall seconds (a hang) stops, inconclusive.
Exit 0 accept, 1 reject, 2 bad input (FILE:LINE:COL: message), 3 inconclusive (the decisive
statistic within 0.5 standard errors of its threshold, evidence below the coverage rule, or out of
time: a larger --budget-seconds can settle the first two).
  --seed S             replays the design and every simulation (default ${D.seed})
  --budget-seconds B   reference seconds the plan may cost, ${D.minBudgetSeconds} to ${D.maxBudgetSeconds} (default ${D.budgetSeconds})
  --workers W          worker threads (default ${DEFAULT_WORKERS})
  --json               {"verdict", "target", "evidence": [...], ...}
  --against-reference  also compare with the shipped formula (reported separately)
  --exhaustive         run every check even after one has failed
${evidenceHelp("every simulated ladder adds the plan's replicates as fresh streams after those the store holds and is judged on all (each run is one more look: its levels hold per run)")}`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    values: ['seed', 'budget-seconds', 'workers', ...EVIDENCE_VALUES],
    switches: ['json', 'against-reference', 'exhaustive', ...EVIDENCE_SWITCHES],
    maxPositionals: 1,
  });
  const file = args.positionals[0];
  if (file === undefined)
    throw new UsageError('missing FILE, the candidate file (icl-verify check-formula --help shows the flags)');
  const seed = intFlag(args, 'seed', 0, MAX_SEED, D.seed);
  const budgetSeconds = intFlag(args, 'budget-seconds', D.minBudgetSeconds, D.maxBudgetSeconds, D.budgetSeconds);
  const workers = intFlag(args, 'workers', 1, MAX_WORKERS, DEFAULT_WORKERS);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const tty = process.stderr.isTTY === true && !args.switches.has('json');
  try {
    const cand = parseCandidate(source);
    const store = evidenceStore(args);
    const verdict = await judge(cand, {
      seed,
      budgetSeconds,
      workers,
      exhaustive: args.switches.has('exhaustive'),
      evidence: store,
      use: storeUse(args),
      onProgress: tty ? (m) => process.stderr.write(`\r\x1b[K${m}`) : undefined,
    });
    if (tty) process.stderr.write('\r\x1b[K');
    // On stderr, so that --json stays one JSON document; counted by the store (simulated replicates only).
    if (store !== undefined) {
      const { reused, written } = store.use;
      process.stderr.write(
        `evidence: ${store.dir}: the ladders used ${reused + written} replicates, ${reused} read back, ${written} computed${useNote(storeUse(args))}\n`,
      );
    }
    const reference = args.switches.has('against-reference')
      ? compareWithReference(cand.target, compile(cand), verdict.design)
      : undefined;
    process.stdout.write(
      args.switches.has('json')
        ? JSON.stringify(jsonSafe({ ...verdict, file, reference }), null, 2) + '\n'
        : render(file, verdict, reference),
    );
    return EXIT[verdict.verdict];
  } catch (err) {
    if (err instanceof ParseError) {
      process.stderr.write(`${file}:${err.line}:${err.col}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

const EXIT = { accept: 0, reject: 1, inconclusive: 3 } as const;

const fmt = (v: number | null | undefined, sig = 6): string =>
  v === null || v === undefined ? '-' : Number.isFinite(v) ? v.toPrecision(sig) : String(v);

function line(e: Evidence): string {
  const head = `${e.pass ? 'pass' : 'FAIL'}  [${e.kind}] ${e.name}${e.superseded ? '  (superseded by its refinement)' : ''}`;
  const nums: string[] = [];
  if (e.z !== undefined || e.stderr !== undefined) {
    const detects =
      e.detectable === undefined ? '' : `; detects a relative error above ${(100 * e.detectable).toPrecision(2)}%`;
    nums.push(
      `independent ${fmt(e.expected)} ± ${fmt(e.stderr, 2)}, candidate ${fmt(e.candidate)}, z = ${e.z === undefined ? '-' : e.z.toFixed(2)} (fails beyond |z| ${fmt(e.zCritical, 3)}${detects})`,
    );
  } else if (!e.pass) {
    if (e.point) nums.push(`at ${formatPoint(e.point)}`);
  }
  return [head, ...nums.map((n) => `        ${n}`), `        ${e.detail}`].join('\n');
}

function render(file: string, v: Verdict, ref: ReferenceComparison | undefined): string {
  const out: string[] = [];
  out.push(`${file}: ${v.verdict.toUpperCase()}  (target ${v.target}; domain: ${v.domain})`);
  const decisive = v.verdict === 'accept' ? undefined : v.evidence[0];
  if (v.reason !== undefined) out.push(`(${v.reason})`);
  if (decisive)
    out.push('', v.verdict === 'reject' ? 'decisive evidence:' : 'nearest to its threshold:', line(decisive));
  out.push('', decisive ? 'the rest of the evidence:' : 'evidence:');
  for (const e of v.evidence) if (e !== decisive) out.push(line(e));
  out.push('', `strength (budget ${v.budgetSeconds} s, used ${v.seconds.toFixed(1)} s): ${v.strength.summary}`);
  if (v.verdict === 'reject') out.push('(after a decisive failure the costly checks stop; --exhaustive runs them all)');
  out.push('', `design (seed ${v.seed}; --seed ${v.seed} replays it): ${v.design.length} point(s)`);
  v.design.forEach((p, i) => out.push(`  ${String(i + 1).padStart(2)}  ${formatPoint(p)}   [${p.regime}]`));
  if (ref) {
    out.push('', `reference (${ref.note}):`);
    out.push(
      `  ${ref.points} point(s), max relative difference ${fmt(ref.maxRelDiff, 3)}${ref.worst ? ` at ${formatPoint(ref.worst.point)} (candidate ${fmt(ref.worst.candidate)}, shipped ${fmt(ref.worst.shipped)})` : ''}`,
    );
  }
  return out.join('\n') + '\n';
}
