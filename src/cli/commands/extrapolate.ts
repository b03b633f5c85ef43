// icl-verify extrapolate: a ladder of d, the finite-size extrapolation of src/sim/ladder/ladder.ts, and the theory side by side.
import { parseArgs, UsageError, type ParsedArgs } from '../args.js';
import type { SimulateOptions } from '../../sim/simulate.js';
import { extrapolateGridColumns, extrapolateGridComments, extrapolateGridRows } from '../../sweep/simulationGrid.js';
import { paramsAsNumbers, simAxes, simFormat, simWantsGrid, streamSimGrid } from '../simGrid.js';
import type { LadderComparison } from '../../sim/ladder/comparison.js';
import type { ExtrapolationModel } from '../../sim/ladder/leastSquares.js';
import { allocate, roundingNotes, runLadder, type LadderDesign } from '../../sim/ladder/ladder.js';
import { dec, toJson } from '../../sim/simulateJson.js';
import { extrapolateWarnings } from '../../sim/ladder/diagnostics.js';
import { DEFAULT_WORKERS } from '../../sim/pool.js';
import { P_THREE_SIGMA } from '../../numeric/stats.js';
import { theoryValues } from '../../theory/evaluate.js';
import { progressBar } from '../progress.js';
import { SIM_VALUES, simFlags } from './simulate.js';

const DEFAULT_DS = '24,32,48,64,96';
const DEFAULT_BUDGET = 30;
const MODELS: readonly ExtrapolationModel[] = ['curved', 'linear'];

export const help = `usage: icl-verify extrapolate --alpha A --kappa K --tau T --rho R --lambda L [--ds D1,D2,...]
                              [--budget-seconds B | --replicates N[,N2,...]] [--model curved|linear]
                              [--seed S] [--assignment random|balanced] [--workers W] [--json]

Simulates a ladder of d (as simulate does at each), fits the finite-size model weighted by the standard
errors, and prints the extrapolated value at d = inf with its 95% interval next to the theory, the
z-score and the smallest relative error of the theory the comparison detects (probability 0.9 at the
3-sigma level of verify).
  --ds D1,D2,...     the ladder of dimensions (default ${DEFAULT_DS})
  --budget-seconds B replicates per d chosen to minimize the error of the d = inf value for about B seconds
                     on the reference 2-core machine (a fixed cost model, so the design is reproducible;
                     default ${DEFAULT_BUDGET}); ignored with --replicates
  --replicates N     N replicates at every d, or one count per d
  --model M          curved: a + b/d + c/d^2 (default; 4 or more d); linear: a + b/d with a curvature term
  other flags        as for simulate
Grids (docs/toolbox.md): a list or range in any parameter flag (as for eval) runs one ladder per point;
  --format F         csv (default), jsonl, json or table: one row per point, each quantity's d = inf value,
                     95% interval, theory and z
Notes name the d where rounding l, k or n changes the simulated parameters (a bias in 1/d).`;

function parseList(flag: string, raw: string, min: number): number[] {
  const ds = raw.split(',').map((s) => s.trim());
  if (ds.some((s) => !/^\d+$/.test(s) || Number(s) < min))
    throw new UsageError(`--${flag} must be a comma-separated list of integers >= ${min}, got '${raw}'`);
  return ds.map(Number);
}

const g = (v: number, sig = 6): string => (Number.isFinite(v) ? v.toPrecision(sig) : String(v));

function comparisonJson(c: LadderComparison): Record<string, unknown> {
  const f = c.fit;
  return {
    quantity: c.quantity,
    model: f.label,
    coefficients: f.coef.map(dec),
    extrapolated: dec(f.value),
    stderr: dec(f.stderr),
    statError: dec(f.statError),
    modelError: dec(f.modelError),
    ci95: f.ci95.map(dec),
    chi2: dec(f.chi2),
    dof: dec(f.dof),
    birgeScale: dec(f.scale),
    nuEff: dec(f.nuEff),
    theory: dec(c.theory),
    z: dec(c.z),
    p: dec(c.p),
    detectableRelativeError: dec(c.detectable),
  };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    values: ['ds', 'budget-seconds', 'model', 'format', ...SIM_VALUES],
    switches: ['json'],
  });
  const ds = parseList('ds', args.values.get('ds') ?? DEFAULT_DS, 2);
  const model = (args.values.get('model') ?? 'curved') as ExtrapolationModel;
  if (!MODELS.includes(model)) throw new UsageError(`--model must be curved or linear, got '${model}'`);
  const budgetRaw = args.values.get('budget-seconds') ?? String(DEFAULT_BUDGET);
  const budget = Number(budgetRaw);
  if (!(Number.isFinite(budget) && budget > 0))
    throw new UsageError(`--budget-seconds must be a number > 0, got '${budgetRaw}'`);
  if (simWantsGrid(args)) return extrapolateGrid(args, ds, model, budget);
  const { replicates: _ignored, ...opts } = simFlags(args);
  const design = ladderDesign(args, ds, opts, budget, model);
  const bar = progressBar();
  const r = await runLadder(
    design,
    { ...opts, onProgress: (done, total) => bar.update(done, total, 'extrapolate') },
    model,
    P_THREE_SIGMA,
    theoryValues(opts),
  );
  bar.end();
  const rounding = roundingNotes(ds, r.options);
  if (args.switches.has('json')) {
    process.stdout.write(
      JSON.stringify(
        {
          ds: r.ds.map(dec),
          replicates: r.replicates.map(dec),
          model: r.model,
          runs: r.runs.map(toJson),
          comparisons: r.comparisons.map(comparisonJson),
          rounding,
          seconds: r.seconds.toFixed(3),
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  const lines = [
    `ladder d = ${ds.join(', ')}; replicates ${r.replicates.join(', ')}; seed ${r.runs[0]!.seed}, ${r.seconds.toFixed(1)} s`,
    '',
  ];
  lines.push(`${'d'.padStart(5)}  ${'e_ICL'.padEnd(22)}${'e_IDG'.padEnd(22)}g_task`);
  for (const run of r.runs) {
    const cell = (e: { mean: number; stderr: number | null }): string =>
      `${g(e.mean)} ± ${g(e.stderr ?? NaN, 2)}`.padEnd(22);
    lines.push(`${String(run.d).padStart(5)}  ${cell(run.eICL)}${cell(run.eIDG)}${cell(run.gTask)}`);
  }
  lines.push(
    '',
    `d → ∞ by ${r.comparisons[0]!.fit.label}`,
    `${'quantity'.padEnd(9)}${'d→∞ (95% CI)'.padEnd(36)}${'theory'.padEnd(12)}${'z'.padEnd(8)}${'p (t)'.padEnd(10)}${'chi2/dof'.padEnd(10)}detects`,
  );
  for (const c of r.comparisons) {
    const f = c.fit;
    const ci = `${g(f.value)} [${g(f.ci95[0], 4)}, ${g(f.ci95[1], 4)}]`;
    lines.push(
      `${c.quantity.padEnd(9)}${ci.padEnd(36)}${g(c.theory).padEnd(12)}${c.z.toFixed(2).padEnd(8)}${g(c.p, 2).padEnd(10)}${`${g(f.chi2, 3)}/${f.dof}`.padEnd(10)}${(100 * c.detectable).toPrecision(2)}%`,
    );
  }
  if (rounding.length > 0) {
    lines.push(
      '',
      `note: the sizes are rounded, so the simulated parameters jump with d and bias the extrapolation (choose d with alpha d, kappa d, tau d^2 integers):`,
      ...rounding.map((n) => `  ${n}`),
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  for (const w of extrapolateWarnings(r.comparisons, Math.min(...r.replicates))) process.stderr.write(`${w}\n`);
  return 0;
}

/** The replicates per d: --replicates as given, or allocated for the budget. */
function ladderDesign(
  args: ParsedArgs,
  ds: number[],
  opts: Omit<SimulateOptions, 'd' | 'replicates'>,
  budget: number,
  model: ExtrapolationModel,
): LadderDesign {
  const repRaw = args.values.get('replicates');
  if (repRaw === undefined) return allocate(ds, opts, budget, opts.workers ?? DEFAULT_WORKERS, model);
  const reps = parseList('replicates', repRaw, 1);
  if (reps.length !== 1 && reps.length !== ds.length)
    throw new UsageError(`--replicates needs one count or one per d (${ds.length}), got '${repRaw}'`);
  return { ds, replicates: reps.length === 1 ? ds.map(() => reps[0]!) : reps };
}

/** One ladder per grid point: each quantity's d = inf value, 95% interval, the theory and z. */
async function extrapolateGrid(
  args: ParsedArgs,
  ds: number[],
  model: ExtrapolationModel,
  budget: number,
): Promise<number> {
  const axes = simAxes(args);
  const format = simFormat(args);
  const point = { alpha: 0, kappa: 0, tau: 0, rho: 0, lambda: 0 };
  const { replicates: _r, alpha: _a, kappa: _k, tau: _t, rho: _h, lambda: _l, ...options } = simFlags(args, point);
  const design = (opts: Omit<SimulateOptions, 'd' | 'replicates'>): LadderDesign =>
    ladderDesign(args, ds, opts, budget, model);
  const rows = extrapolateGridRows(axes, ds, design, model, options, paramsAsNumbers(format));
  await streamSimGrid(format, extrapolateGridColumns(), extrapolateGridComments(axes, ds, model), rows);
  return 0;
}
