// `icl-verify eval`: every asymptotic error at one parameter point, in float64 or to N digits.
import { MAX_OUTPUT_DIGITS } from '../../numeric/precision.js';
import { evalJson, FIELDS, type TypedParams } from '../../theory/evalJson.js';
import { allowedRange, DOMAIN, PARAM_NAMES } from '../../theory/params.js';
import { intFlag, parseArgs, required, UsageError } from '../args.js';

export const help = `usage: icl-verify eval --alpha A --kappa K --tau T --rho R --lambda L [--tau-per-alpha C] [--digits N] [--json]

The asymptotic errors at one parameter point (docs/theory.md §4-§7): epsilon, e^ICL, e^IDG, g_task.
  --alpha A          context length per dimension, l/d: a number > 0, or inf
  --kappa K          task diversity, k/d: a number > 0, or inf
  --tau T            pretraining contexts per d^2, n/d^2: a number > 0, or inf
  --rho R            label noise variance, >= 0
  --lambda L         ridge of the fit, >= 0 (0 is ridgeless, where tau = 1 is excluded)
  --tau-per-alpha C  required with --alpha inf --tau inf: the fixed ratio tau/alpha, > 0
  --digits N         print N correct significant digits (1 to ${MAX_OUTPUT_DIGITS}) instead of float64
  --inputs I         decimal (default: '0.85' is exactly 85/100) or double (each input is first
                     rounded to the nearest float64, as a float64 program would see it)
  --json             one JSON object; numbers are decimal strings, a divergent value is "Infinity"
                     with its growth rate per unit alpha
Exit 0; 2 with one line naming the parameter and its allowed range.`;

const FLAGS = [...PARAM_NAMES, DOMAIN.tauPerAlpha.flag];

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: [...FLAGS, 'digits', 'inputs'], switches: ['json'] });
  const inputs = args.values.get('inputs') ?? 'decimal';
  if (inputs !== 'decimal' && inputs !== 'double')
    throw new UsageError(`--inputs must be decimal or double, got '${inputs}'`);
  const raw = Object.fromEntries(
    PARAM_NAMES.map((k) => [k, required(args, DOMAIN[k].flag, allowedRange(k))]),
  ) as TypedParams;
  const tpa = args.values.get(DOMAIN.tauPerAlpha.flag);
  if (tpa !== undefined) raw.tauPerAlpha = tpa;
  const digits = args.values.has('digits') ? intFlag(args, 'digits', 1, MAX_OUTPUT_DIGITS, 0) : null;
  const out = evalJson(raw, digits, inputs);
  if (args.switches.has('json')) {
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const given = Object.entries(raw)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const lines = [
    `${given}  (${digits === null ? 'float64' : `${digits} significant digits${inputs === 'double' ? ', inputs read as float64' : ''}`}, regime ${out.regime})`,
  ];
  for (const f of FIELDS) {
    const growth = Object.keys(out).find((k) => k.startsWith(f) && k !== f && /Per(Sqrt)?Alpha$/.test(k));
    const note = growth
      ? `  (divergent: ~ ${out[growth] as string} * ${growth.endsWith('PerSqrtAlpha') ? 'sqrt(alpha)' : 'alpha'})`
      : '';
    lines.push(`  ${f.padEnd(8)} ${out[f]}${note}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
