// `icl-verify eval`: every asymptotic error at one parameter point, in float64 or to N digits.
import type { Decimal } from 'decimal.js';
import { convert, fp, type Ctx } from '../../numeric/context.js';
import { MAX_OUTPUT_DIGITS, toDigits } from '../../numeric/precision.js';

export const help = `usage: icl-verify eval --alpha A --kappa K --tau T --rho R --lambda L [--tau-per-alpha C] [--digits N] [--json]

The asymptotic errors at one parameter point (THEORY.md §4-§7): epsilon, e^ICL, e^IDG, g_task.
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
import { evaluate, type Evaluation } from '../../theory/evaluate.js';
import type { Growth } from '../../theory/limits.js';
import type { Params } from '../../theory/params.js';
import { intFlag, parseArgs, required, UsageError } from '../args.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INF = /^(\+?inf|\+?infinity)$/i;

/** The parameters as the user typed them (decimal strings or "inf"). */
export interface RawParams {
  alpha: string;
  kappa: string;
  tau: string;
  rho: string;
  lambda: string;
  tauPerAlpha?: string;
}

const FLAGS: Record<keyof RawParams, { flag: string; allowInf: boolean; allowed: string }> = {
  alpha: { flag: 'alpha', allowInf: true, allowed: 'a number > 0 or inf' },
  kappa: { flag: 'kappa', allowInf: true, allowed: 'a number > 0 or inf' },
  tau: { flag: 'tau', allowInf: true, allowed: 'a number > 0 or inf' },
  rho: { flag: 'rho', allowInf: false, allowed: 'a finite number >= 0' },
  lambda: { flag: 'lambda', allowInf: false, allowed: 'a finite number >= 0' },
  tauPerAlpha: { flag: 'tau-per-alpha', allowInf: false, allowed: 'a finite number > 0' },
};

/**
 * Syntax of one parameter; its range is checked by the theory's own domain (validateParams). In
 * float64 a finite decimal must also be a finite, and unless it is 0 a nonzero, double: '1e400'
 * is not infinity, and '1e-400' is not 0.
 */
function checkSyntax(key: keyof RawParams, raw: string, float64: boolean): void {
  const f = FLAGS[key];
  const s = raw.trim();
  if (f.allowInf && INF.test(s)) return;
  if (!NUMBER.test(s)) throw new UsageError(`--${f.flag} must be ${f.allowed}, got '${raw}'`);
  const v = Number(s);
  if (float64 && (!Number.isFinite(v) || (v === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))))) {
    throw new UsageError(`--${f.flag} must be within the float64 range (magnitude 4.9e-324 to 1.7e308; use --digits N for more), got '${raw}'`);
  }
}

export type Inputs = 'decimal' | 'double';

const toParams = <T>(c: Ctx<T>, raw: RawParams, inputs: Inputs = 'decimal'): Params<T> => {
  // 'double': the exact value of the float64 nearest the decimal (what fp computes with).
  const read = (s: string): T => (inputs === 'double' ? convert(fp, c, fp.num(s)) : c.num(s));
  const p: Params<T> = { alpha: read(raw.alpha), kappa: read(raw.kappa), tau: read(raw.tau), rho: read(raw.rho), lambda: read(raw.lambda) };
  if (raw.tauPerAlpha !== undefined) p.tauPerAlpha = read(raw.tauPerAlpha);
  return p;
};

type Field = 'epsilon' | 'eICL' | 'eIDG' | 'gTask';
const FIELDS: readonly Field[] = ['epsilon', 'eICL', 'eIDG', 'gTask'];
const growthKey = (name: string, g: Growth<unknown>): string => `${name}${g.power === 1 ? 'PerAlpha' : 'PerSqrtAlpha'}`;

/** The values of one evaluation, as decimal strings, divergent ones with their growth rates. */
function flatten<T>(e: Evaluation<T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const f of FIELDS) out[f] = e[f];
  for (const [name, g] of Object.entries(e.growth)) if (g) out[growthKey(name, g)] = g.rate;
  return out;
}

export interface EvalJson {
  params: RawParams;
  digits: number | null;
  regime: string;
  epsilon: string;
  eICL: string;
  eIDG: string;
  gTask: string;
  [growth: string]: unknown;
}

/** What `eval --json` prints (also one theory line of a sweep). Throws UsageError/DomainError. */
export function evalJson(raw: RawParams, digits: number | null, inputs: Inputs = 'decimal'): EvalJson {
  for (const key of Object.keys(raw) as (keyof RawParams)[]) if (raw[key] !== undefined) checkSyntax(key, raw[key]!, digits === null);
  if (digits !== null && (!Number.isInteger(digits) || digits < 1 || digits > MAX_OUTPUT_DIGITS)) {
    throw new UsageError(`--digits must be an integer in [1, ${MAX_OUTPUT_DIGITS}], got '${digits}'`);
  }
  let regime = '';
  let values: Record<string, string>;
  if (digits === null) {
    const e = evaluate(fp, toParams(fp, raw));
    regime = e.regime;
    values = Object.fromEntries(Object.entries(flatten(e)).map(([k, v]) => [k, fp.toString(v)]));
  } else {
    values = toDigits(digits, (c: Ctx<Decimal>) => {
      const e = evaluate(c, toParams(c, raw, inputs));
      regime = e.regime;
      return flatten(e);
    });
  }
  for (const [k, v] of Object.entries(values)) if (v === 'NaN') throw new Error(`internal error: ${k} is NaN at ${JSON.stringify(raw)}`);
  return { params: raw, digits, regime, ...values } as EvalJson;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['alpha', 'kappa', 'tau', 'rho', 'lambda', 'tau-per-alpha', 'digits', 'inputs'], switches: ['json'] });
  const inputs = args.values.get('inputs') ?? 'decimal';
  if (inputs !== 'decimal' && inputs !== 'double') throw new UsageError(`--inputs must be decimal or double, got '${inputs}'`);
  const raw: RawParams = {
    alpha: required(args, 'alpha', FLAGS.alpha.allowed),
    kappa: required(args, 'kappa', FLAGS.kappa.allowed),
    tau: required(args, 'tau', FLAGS.tau.allowed),
    rho: required(args, 'rho', FLAGS.rho.allowed),
    lambda: required(args, 'lambda', FLAGS.lambda.allowed),
  };
  const tpa = args.values.get('tau-per-alpha');
  if (tpa !== undefined) raw.tauPerAlpha = tpa;
  const digits = args.values.has('digits') ? intFlag(args, 'digits', 1, MAX_OUTPUT_DIGITS, 0) : null;
  const out = evalJson(raw, digits, inputs);
  if (args.switches.has('json')) {
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const given = Object.entries(raw).map(([k, v]) => `${k}=${v}`).join(' ');
  const lines = [`${given}  (${digits === null ? 'float64' : `${digits} significant digits${inputs === 'double' ? ', inputs read as float64' : ''}`}, regime ${out.regime})`];
  for (const f of FIELDS) {
    const growth = Object.keys(out).find((k) => k.startsWith(f) && k !== f && /Per(Sqrt)?Alpha$/.test(k));
    const note = growth ? `  (divergent: ~ ${out[growth] as string} * ${growth.endsWith('PerSqrtAlpha') ? 'sqrt(alpha)' : 'alpha'})` : '';
    lines.push(`  ${f.padEnd(8)} ${out[f]}${note}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
