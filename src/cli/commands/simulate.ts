// `icl-verify simulate`: the finite-d model at one parameter point.
import { parseArgs, required, intFlag, UsageError, type ParsedArgs } from '../args.js';
import { progressBar } from '../progress.js';
import { DEFAULT_SEED, MAX_SEED } from '../../numeric/seeds.js';
import type { EvidenceStore, StoreUse } from '../../sim/evidence.js';
import { DEFAULT_REPLICATES, simulate, type SimulateOptions } from '../../sim/simulate.js';
import { toJson } from '../../sim/simulateJson.js';
import { DEFAULT_WORKERS, MAX_WORKERS } from '../../sim/pool.js';
import { simulateWarnings } from '../../sim/ladder/diagnostics.js';
import { baselineToJson, DEFAULT_CONTEXTS, runBaseline, type BaselineName } from '../../sim/baselineSimulation.js';
import type { Assignment } from '../../sim/tasks.js';
import { DOMAIN, readNumberOrInf, toFloat, type ParamName } from '../../theory/params.js';
import { simulateGridColumns, simulateGridComments, simulateGridRows } from '../../sweep/simulationGrid.js';
import { paramsAsNumbers, simAxes, simFormat, simWantsGrid, streamSimGrid } from '../simGrid.js';
import { EVIDENCE_SWITCHES, EVIDENCE_VALUES, evidenceHelp, evidenceStore, storeUse } from '../evidenceFlags.js';

/** Flags shared with `extrapolate` (which replaces --d by --ds). */
export const SIM_VALUES = [
  'alpha',
  'kappa',
  'tau',
  'rho',
  'lambda',
  'replicates',
  'seed',
  'assignment',
  'workers',
] as const;

export const help = `usage: icl-verify simulate --d D --alpha A --kappa K --tau T --rho R --lambda L
                           [--replicates N] [--seed S] [--assignment random|balanced] [--workers W] [--json]
                           [--evidence DIR | --no-evidence] [--all-held | --accumulate]
       icl-verify simulate --estimator dmmse --d D --alpha A --kappa K --rho R [--contexts C] [--replicates N] [--seed S] [--json]
       icl-verify simulate --estimator ridge --d D --alpha A --rho R [--contexts C] [--replicates N] [--seed S] [--json]

The finite-d model (docs/theory.md §1-§3): fits Gamma* on n = round(tau d^2) contexts of length
l = round(alpha d) drawn from k = round(kappa d) tasks, and reports e^ICL, e^IDG and g_task of each fit
(Proposition 1, exact given Gamma*) as mean ± standard error over replicates.
The baselines of docs/theory.md §7 (--estimator dmmse|ridge) are simulated at the same sizes: dMMSE, the
posterior mean over the k pretraining tasks (e^ICL, e^IDG, g_task), and ridge on the context alone
(ridge parameter rho, a fresh task per context: e^ICL only); they take no --tau or --lambda.
  --estimator E      gamma (default: the trained linear attention), dmmse or ridge
  --d D              dimension, >= 2
  --alpha, --kappa, --tau, --rho, --lambda
                     as for eval; kappa may be inf (a fresh task per context)
  --replicates N     independent replicates (default ${DEFAULT_REPLICATES})
  --seed S           reproduces the result bit for bit, whatever --workers (default ${DEFAULT_SEED})
  --assignment A     random (default) or balanced assignment of the k tasks to the n contexts
  --workers W        worker threads for the replicates (default ${DEFAULT_WORKERS}; gamma only)
  --contexts C       test contexts per replicate of a baseline (default ${DEFAULT_CONTEXTS}; dmmse and ridge only)
  --json             one JSON object, numbers as decimal strings (a baseline's also names its "estimator")
${evidenceHelp('--replicates fresh replicate streams after those the store holds; the estimates use all')}
Grids (gamma only; docs/toolbox.md): any parameter flag takes a list 1,2,4, a range START:STOP:STEP or
log:LO:HI:COUNT, as for eval; one simulation per point of the product, streamed as
  --format F         csv (default), jsonl, json or table: each error's mean, standard error and theory
Exit 0; 2 with one line for bad input (d < 2, l < 2, k < 1, n < 1, memory that would not fit).`;

/** A parameter flag as a float64 ('inf' only where the finite-d model allows it: κ). */
function numberFlag(args: ParsedArgs, name: ParamName): number {
  const allowInf = DOMAIN[name].infAtFiniteD;
  const raw = required(args, name, allowInf ? 'a number or inf' : 'a number').trim();
  const s = readNumberOrInf(raw, allowInf);
  const v = s === undefined ? NaN : toFloat(s);
  if (s === undefined || (s !== 'inf' && !Number.isFinite(v)))
    throw new UsageError(`--${name} must be ${allowInf ? 'a number or inf' : 'a finite number'}, got '${raw}'`);
  return v;
}

/** The options common to simulate and extrapolate, without d. */
export function simFlags(args: ParsedArgs, point?: Record<ParamName, number>): Omit<SimulateOptions, 'd'> {
  const assignment = args.values.get('assignment') ?? 'random';
  if (assignment !== 'random' && assignment !== 'balanced')
    throw new UsageError(`--assignment must be random or balanced, got '${assignment}'`);
  return {
    alpha: point?.alpha ?? numberFlag(args, 'alpha'),
    kappa: point?.kappa ?? numberFlag(args, 'kappa'),
    tau: point?.tau ?? numberFlag(args, 'tau'),
    rho: point?.rho ?? numberFlag(args, 'rho'),
    lambda: point?.lambda ?? numberFlag(args, 'lambda'),
    replicates: intFlag(args, 'replicates', 1, 1_000_000, DEFAULT_REPLICATES),
    seed: intFlag(args, 'seed', 0, MAX_SEED, DEFAULT_SEED),
    assignment: assignment as Assignment,
    workers: intFlag(args, 'workers', 1, MAX_WORKERS, DEFAULT_WORKERS),
  };
}

const ESTIMATORS = ['gamma', 'dmmse', 'ridge'] as const;

/** Flags each baseline does not use: given anyway, they are a mistake, not silently ignored. */
const UNUSED: Record<BaselineName, readonly string[]> = {
  dmmse: ['tau', 'lambda', 'assignment', 'workers'],
  ridge: ['kappa', 'tau', 'lambda', 'assignment', 'workers'],
};

function runBaselineCommand(args: ParsedArgs, estimator: BaselineName, d: number): number {
  for (const f of UNUSED[estimator])
    if (args.values.has(f)) throw new UsageError(`--${f} is not used by --estimator ${estimator}`);
  const r = runBaseline({
    estimator,
    d,
    alpha: numberFlag(args, 'alpha'),
    kappa: estimator === 'dmmse' ? numberFlag(args, 'kappa') : undefined,
    rho: numberFlag(args, 'rho'),
    replicates: intFlag(args, 'replicates', 2, 1_000_000, DEFAULT_REPLICATES),
    contexts: intFlag(args, 'contexts', 1, 100_000_000, DEFAULT_CONTEXTS),
    seed: intFlag(args, 'seed', 0, MAX_SEED, DEFAULT_SEED),
  });
  if (args.switches.has('json')) {
    process.stdout.write(JSON.stringify(baselineToJson(r), null, 2) + '\n');
    return 0;
  }
  const lines = [
    `${estimator === 'dmmse' ? 'dMMSE' : 'context ridge'}: d = ${r.d}, ell = ${r.ell}${r.k !== undefined ? `, k = ${r.k}` : ''}; rho = ${r.params.rho}`,
    `${r.replicates} replicate(s) of ${r.contexts} test context(s), seed ${r.seed}, ${r.seconds.toFixed(2)} s`,
    `e_ICL  = ${show(r.eICL.mean, r.eICL.stderr)}`,
  ];
  if (r.eIDG) lines.push(`e_IDG  = ${show(r.eIDG.mean, r.eIDG.stderr)}`);
  if (r.gTask) lines.push(`g_task = ${show(r.gTask.mean, r.gTask.stderr)}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** What the evidence store gave: replicates read back and computed, and where. */
const evidenceNote = (reused: number, total: number, store: EvidenceStore | undefined): string =>
  store === undefined ? '' : `; ${reused} read back from, ${total - reused} written to ${store.dir}`;

const show = (mean: number, se: number | null): string =>
  se === null ? mean.toPrecision(6) : `${mean.toPrecision(6)} ± ${se.toPrecision(2)}`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    values: ['d', ...SIM_VALUES, 'estimator', 'contexts', 'format', ...EVIDENCE_VALUES],
    switches: ['json', ...EVIDENCE_SWITCHES],
  });
  // d >= 2 is the model's bound; the largest d is set by memory (a DomainError names the need).
  const d = intFlag(args, 'd', 2, Infinity, NaN);
  if (Number.isNaN(d)) throw new UsageError('missing --d (an integer >= 2)');
  const estimator = args.values.get('estimator') ?? 'gamma';
  if (!(ESTIMATORS as readonly string[]).includes(estimator))
    throw new UsageError(`--estimator must be ${ESTIMATORS.join(', ')}, got '${estimator}'`);
  const evidence = evidenceStore(args);
  const use = storeUse(args);
  if (estimator !== 'gamma') {
    if (args.values.has('evidence') || use !== 'design')
      throw new UsageError(`--evidence, --all-held and --accumulate are used only by --estimator gamma`);
    return runBaselineCommand(args, estimator as BaselineName, d);
  }
  if (args.values.has('contexts')) throw new UsageError('--contexts is used only by --estimator dmmse or ridge');
  if (simWantsGrid(args)) return simulateGrid(args, d, evidence, use);
  const bar = progressBar();
  const r = await simulate({
    d,
    ...simFlags(args),
    evidence,
    use,
    onProgress: (done, total) => bar.update(done, total, 'simulate'),
  });
  bar.end();
  if (args.switches.has('json')) {
    process.stdout.write(JSON.stringify(toJson(r), null, 2) + '\n');
    return 0;
  }
  const k = r.k === Infinity ? 'inf (fresh task per context)' : String(r.k);
  process.stdout.write(
    [
      `d = ${r.d}, ell = ${r.ell}, k = ${k}, n = ${r.n}; rho = ${r.params.rho}, lambda = ${r.params.lambda}`,
      `${r.replicates} replicate(s), seed ${r.seed}, solver ${r.solver}, ${r.seconds.toFixed(2)} s${evidenceNote(r.reused, r.replicates, evidence)}`,
      `e_ICL  = ${show(r.eICL.mean, r.eICL.stderr)}`,
      `e_IDG  = ${show(r.eIDG.mean, r.eIDG.stderr)}`,
      `g_task = ${show(r.gTask.mean, r.gTask.stderr)}`,
    ].join('\n') + '\n',
  );
  for (const w of simulateWarnings(r)) process.stderr.write(`${w}\n`);
  return 0;
}

/** One simulation per grid point: mean and standard error of each error, the theory beside it. */
async function simulateGrid(
  args: ParsedArgs,
  d: number,
  evidence: EvidenceStore | undefined,
  use: StoreUse,
): Promise<number> {
  const axes = simAxes(args);
  const format = simFormat(args);
  const { alpha: _a, kappa: _k, tau: _t, rho: _r, lambda: _l, ...options } = simFlags(args, FIXED_BY_GRID);
  const rows = simulateGridRows(axes, d, { ...options, evidence, use }, paramsAsNumbers(format));
  await streamSimGrid(format, simulateGridColumns(), simulateGridComments(axes, d), rows);
  return 0;
}

/** Stands for the parameters in simFlags when a grid gives them. */
const FIXED_BY_GRID: Record<ParamName, number> = { alpha: 0, kappa: 0, tau: 0, rho: 0, lambda: 0 };
