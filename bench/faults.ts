// `npm run faults [-- --mode quick|full|both] [-- --only PATTERN] [-- --fault NAME[,NAME...]] [-- --no-baseline]`: runs
// `icl-verify verify` once per planted fault of src/numeric/faults.ts (ICL_VERIFY_FAULT=<name>) and
// once without (skipped with --no-baseline, when a clean run of the same settings is already known),
// and prints the kill table: which checks fail under each fault, in quick and full mode.
// A fault no check kills is a gap in the evidence, not a pass. A fault of check-formula itself (PROBES)
// is run instead against its probe: check-formula on a planted candidate, killed when the verdict is not
// the one the probe expects (and the same probe, unfaulted, is the baseline row).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FAULTS, type FaultName } from '../src/numeric/faults.js';
import { parseArgs, UsageError } from '../src/cli/args.js';

const cli = fileURLToPath(new URL('../../bin/icl-verify.js', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * check-formula's own faults and the run that kills each. 'refine-threshold-2x': the planted candidate
 * is off by about 1.7% near tau = 5, which the screening at this seed does not decide and the one
 * refinement of a 120-s budget does (the deviation's choice is in the candidate file's header).
 */
const PROBES: Partial<Record<FaultName, { file: string; seed: number; budget: number; expect: string }>> = {
  'refine-threshold-2x': {
    file: 'examples/candidates/planted-near-threshold.txt',
    seed: 1,
    budget: 120,
    expect: 'reject',
  },
};

function probe(fault: FaultName | undefined, p: NonNullable<(typeof PROBES)[FaultName]>): Outcome {
  const args = [cli, 'check-formula', p.file, '--seed', String(p.seed), '--budget-seconds', String(p.budget), '--json'];
  return runCli(fault, args, (out, seconds) => {
    const j = JSON.parse(out) as { verdict: string; reason?: string };
    const what = `check-formula ${p.file} --seed ${p.seed} --budget-seconds ${p.budget}: ${j.verdict}`;
    return j.verdict === p.expect
      ? { failed: [], stopped: [], seconds }
      : { failed: [`${what} (expected ${p.expect}${j.reason ? `; ${j.reason}` : ''})`], stopped: [], seconds };
  });
}

/** Runs the CLI under a fault; output that does not parse is an error outcome with the last line of stderr. */
function runCli(
  fault: FaultName | undefined,
  args: string[],
  read: (out: string, seconds: number) => Outcome,
): Outcome {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ICL_VERIFY_FAULT: fault ?? '' },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = (performance.now() - t0) / 1000;
  try {
    return read(r.stdout, seconds);
  } catch {
    return {
      failed: [],
      stopped: [],
      seconds,
      error: `exit ${r.status}: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`,
    };
  }
}

interface Outcome {
  /** Checks that failed on their own evidence. */
  failed: string[];
  /** Checks with status error (a throw, their time limit), with the reason: not kills. */
  stopped: string[];
  seconds: number;
  error?: string;
}

function verify(
  fault: FaultName | undefined,
  quick: boolean,
  only: string | undefined,
  seed: string | undefined,
): Outcome {
  const args = [cli, 'verify', '--json', '--figures', 'none', '--report', '/tmp/icl-verify-faults-report'];
  if (quick) args.push('--quick');
  if (only) args.push('--only', only);
  if (seed) args.push('--seed', seed);
  return runCli(fault, args, (out, seconds) => {
    const j = JSON.parse(out) as { checks: { id: string; status: string; keyFigure: string }[] };
    // A kill is a failure on the check's own evidence; an error (throw, time limit) is not, and a check
    // not run says nothing either way.
    return {
      failed: j.checks.filter((c) => c.status === 'fail').map((c) => c.id),
      stopped: j.checks.filter((c) => c.status === 'error').map((c) => `${c.id} (${c.keyFigure})`),
      seconds,
    };
  });
}

function main(argv: string[]): void {
  const args = parseArgs(argv, { values: ['mode', 'only', 'seed', 'fault'], switches: ['no-baseline', 'json'] });
  const mode = args.values.get('mode') ?? 'both';
  const only = args.values.get('only');
  const seed = args.values.get('seed');
  const one = args.values.get('fault');
  const noBaseline = args.switches.has('no-baseline');
  if (!['quick', 'full', 'both'].includes(mode))
    throw new UsageError(`--mode must be quick, full or both, got '${mode}'`);
  const modes = mode === 'both' ? [true, false] : [mode === 'quick'];
  const names = (one ? one.split(',') : Object.keys(FAULTS)) as FaultName[];
  const rows: {
    fault: string;
    mode: string;
    killedBy: string[];
    stopped: string[];
    seconds: number;
    error?: string;
  }[] = [];
  const record = (f: FaultName | undefined, m: string, o: Outcome) => {
    const row = {
      fault: f ?? '(none)',
      mode: m,
      killedBy: o.failed,
      stopped: o.stopped,
      seconds: o.seconds,
      ...(o.error ? { error: o.error } : {}),
    };
    rows.push(row);
    const stopped = o.stopped.length > 0 ? `; stopped, not counted: ${o.stopped.join(', ')}` : '';
    const what = o.error ?? (o.failed.length === 0 ? (f ? 'NOT KILLED' : 'all pass') : o.failed.join(', ')) + stopped;
    process.stdout.write(`| ${row.fault} | ${m} | ${what} | ${o.seconds.toFixed(0)} s |\n`);
  };
  const probed = names.filter((f) => PROBES[f] !== undefined);
  for (const f of probed) {
    const p = PROBES[f]!;
    if (!noBaseline) record(undefined, 'check-formula', probe(undefined, p));
    record(f, 'check-formula', probe(f, p));
  }
  for (const quick of modes) {
    const m = quick ? 'quick' : 'full';
    const verified = names.filter((f) => PROBES[f] === undefined);
    if (verified.length === 0) continue;
    const runs = noBaseline ? verified : [undefined, ...verified];
    for (const f of runs) record(f, m, verify(f, quick, only, seed));
  }
  if (args.switches.has('json')) process.stdout.write(JSON.stringify(rows) + '\n');
  const faulted = rows.filter((r) => r.fault !== '(none)');
  const missed = faulted.filter((r) => r.killedBy.length === 0).length;
  const falseAlarm = rows.some((r) => r.fault === '(none)' && (r.killedBy.length > 0 || r.stopped.length > 0));
  process.stdout.write(
    `\n${faulted.length - missed} of ${faulted.length} fault runs ` +
      `killed${falseAlarm ? '; WARNING: a check fails without any fault' : ''}\n`,
  );
}

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`faults: ${(err as Error).message}\n`);
  process.exitCode = 2;
}
