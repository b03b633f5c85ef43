// icl-verify extrapolate: a ladder of d, the finite-size extrapolation of src/sim/extrapolate.ts, and the theory side by side.
import { parseArgs, UsageError } from '../args.js';
import { dec, toJson } from '../../sim/simulateJson.js';
import { roundingNotes, runLadder, type Comparison } from '../../sim/extrapolate.js';
import { extrapolateWarnings } from '../../sim/diagnostics.js';
import { theoryValues } from '../../theory/evaluate.js';
import { progressBar } from '../progress.js';
import { SIM_VALUES, simFlags } from './simulate.js';

const DEFAULT_DS = '16,24,32,48';

export const help = `usage: icl-verify extrapolate --alpha A --kappa K --tau T --rho R --lambda L [--ds D1,D2,...]
                              [--replicates N] [--seed S] [--assignment random|balanced] [--workers W] [--json]

Simulates a ladder of d (as simulate does at each), fits a + b/d weighted by the standard errors, and
prints the extrapolated value at d = inf with its 95% interval next to the theory and the z-score.
  --ds D1,D2,...     the ladder of dimensions (default ${DEFAULT_DS})
  other flags        as for simulate (--replicates is per d)
Notes name the d where rounding l, k or n changes the simulated parameters (a bias in 1/d).`;

function parseDs(raw: string): number[] {
  const ds = raw.split(',').map((s) => s.trim());
  if (ds.some((s) => !/^\d+$/.test(s) || Number(s) < 2)) throw new UsageError(`--ds must be a comma-separated list of integers >= 2, got '${raw}'`);
  return ds.map(Number);
}

const g = (v: number, sig = 6): string => (Number.isFinite(v) ? v.toPrecision(sig) : String(v));

function comparisonJson(c: Comparison): Record<string, unknown> {
  const f = c.fit;
  return {
    quantity: c.quantity,
    model: f.label,
    coefficients: f.coef.map(dec),
    extrapolated: dec(f.value),
    stderr: dec(f.stderr),
    statError: dec(f.statError),
    curvatureError: dec(f.modelError),
    ci95: f.ci95.map(dec),
    chi2: dec(f.chi2),
    dof: dec(f.dof),
    birgeScale: dec(f.scale),
    nuEff: dec(f.nuEff),
    theory: dec(c.theory),
    z: dec(c.z),
    p: dec(c.p),
  };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['ds', ...SIM_VALUES], switches: ['json'] });
  const ds = parseDs(args.values.get('ds') ?? DEFAULT_DS);
  const bar = progressBar();
  const options = simFlags(args);
  const r = await runLadder(ds, { ...options, onProgress: (done, total) => bar.update(done, total, 'extrapolate') }, theoryValues(options));
  bar.end();
  const rounding = roundingNotes(ds, r.options);
  if (args.switches.has('json')) {
    process.stdout.write(JSON.stringify({ runs: r.runs.map(toJson), comparisons: r.comparisons.map(comparisonJson), rounding, seconds: r.seconds.toFixed(3) }, null, 2) + '\n');
    return 0;
  }
  const lines = [`ladder d = ${ds.join(', ')}; ${r.runs[0]!.replicates} replicates each, seed ${r.runs[0]!.seed}, ${r.seconds.toFixed(1)} s`, ''];
  lines.push(`${'d'.padStart(5)}  ${'e_ICL'.padEnd(22)}${'e_IDG'.padEnd(22)}g_task`);
  for (const run of r.runs) {
    const cell = (e: { mean: number; stderr: number | null }): string => `${g(e.mean)} ± ${g(e.stderr ?? NaN, 2)}`.padEnd(22);
    lines.push(`${String(run.d).padStart(5)}  ${cell(run.eICL)}${cell(run.eIDG)}${cell(run.gTask)}`);
  }
  lines.push('', `d → ∞ by ${r.comparisons[0]!.fit.label}`, `${'quantity'.padEnd(9)}${'d→∞ (95% CI)'.padEnd(36)}${'theory'.padEnd(12)}${'z'.padEnd(8)}${'p (t)'.padEnd(10)}chi2/dof`);
  for (const c of r.comparisons) {
    const f = c.fit;
    const ci = `${g(f.value)} [${g(f.ci95[0], 4)}, ${g(f.ci95[1], 4)}]`;
    lines.push(`${c.quantity.padEnd(9)}${ci.padEnd(36)}${g(c.theory).padEnd(12)}${c.z.toFixed(2).padEnd(8)}${g(c.p, 2).padEnd(10)}${g(f.chi2, 3)}/${f.dof}`);
  }
  if (rounding.length > 0) {
    lines.push('', `note: the sizes are rounded, so the simulated parameters jump with d and bias the extrapolation (choose d with alpha d, kappa d, tau d^2 integers):`, ...rounding.map((n) => `  ${n}`));
  }
  process.stdout.write(lines.join('\n') + '\n');
  for (const w of extrapolateWarnings(r.comparisons, r.runs[0]!.replicates)) process.stderr.write(`${w}\n`);
  return 0;
}
