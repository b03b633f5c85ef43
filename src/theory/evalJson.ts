// Every error of the theory at one point, as decimal strings: what `icl-verify eval --json` prints and
// what one theory line of a sweep carries. The point arrives as typed (decimal strings or 'inf'); a
// bad value is a DomainError naming the flag and its allowed range, which the CLI prints and exits 2.
import type { Decimal } from 'decimal.js';
import { exactDecimal, fp, type Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import { toDigits } from '../numeric/precision.js';
import { evaluate, type Evaluation } from './evaluate.js';
import type { Growth } from './limits.js';
import { allowedRange, DOMAIN, liftParams, readNumberOrInf, type DomainKey, type TypedParams } from './params.js';

export type { TypedParams };

export type Field = 'epsilon' | 'eICL' | 'eIDG' | 'gTask';
export const FIELDS: readonly Field[] = ['epsilon', 'eICL', 'eIDG', 'gTask'];
const growthKey = (name: string, g: Growth<unknown>): string => `${name}${g.power === 1 ? 'PerAlpha' : 'PerSqrtAlpha'}`;

/**
 * Syntax of one parameter; its range is checked by the theory's own domain (validateParams). In
 * float64 a finite decimal must also be a finite, and unless it is 0 a nonzero, double: '1e400'
 * is not infinity, and '1e-400' is not 0.
 */
function checkSyntax(key: DomainKey, raw: string, float64: boolean): void {
  const { flag, allowInf } = DOMAIN[key];
  const s = readNumberOrInf(raw, allowInf);
  if (s === undefined) throw new DomainError(`--${flag}`, allowedRange(key), `'${raw}'`);
  if (s === 'inf') return;
  const v = Number(s);
  // Stryker disable next-line Regex,StringLiteral: same exponent cut, same digit answer (docs/equivalent-mutants.md)
  if (float64 && (!Number.isFinite(v) || (v === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))))) {
    throw new DomainError(
      `--${flag}`,
      'within the float64 range (magnitude 4.9e-324 to 1.7e308; use --digits N for more)',
      `'${raw}'`,
    );
  }
}

/**
 * Checks the syntax of each value before any evaluation. (`digits` is range-checked where it is read,
 * by the flag parser or the sweep spec, against MAX_OUTPUT_DIGITS; toDigits guards it again.)
 */
export function checkEvalInput(raw: TypedParams, digits: number | null): void {
  for (const key of Object.keys(raw) as DomainKey[])
    if (raw[key] !== undefined) checkSyntax(key, raw[key]!, digits === null);
}

/** The values of one evaluation, divergent ones with their growth rates. */
function flatten<T>(e: Evaluation<T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const f of FIELDS) out[f] = e[f];
  // Stryker disable next-line ConditionalExpression: growth holds only present entries (docs/equivalent-mutants.md)
  for (const [name, g] of Object.entries(e.growth)) if (g) out[growthKey(name, g)] = g.rate;
  return out;
}

interface EvalJson {
  params: TypedParams;
  digits: number | null;
  regime: string;
  epsilon: string;
  eICL: string;
  eIDG: string;
  gTask: string;
  [growth: string]: unknown;
}

/**
 * How decimal inputs are read at `digits`: 'decimal' exactly ('0.85' is 85/100), 'double' as the
 * exact value of the nearest float64 (what a float64 program computes with). Float64 runs read doubles.
 */
export type Inputs = 'decimal' | 'double';

/** Each finite decimal replaced by the exact decimal of its nearest float64 (`--inputs double`). */
export const asDoubles = (raw: TypedParams): TypedParams =>
  Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [
      k,
      v !== undefined && Number.isFinite(Number(v)) ? exactDecimal(Number(v)) : v,
    ]),
  ) as TypedParams;

/** Every error at the point, in float64 (`digits` null) or to `digits` correct digits. Throws DomainError. */
// Stryker disable next-line StringLiteral: any default but 'double' reads exactly (docs/equivalent-mutants.md)
export function evalJson(raw: TypedParams, digits: number | null, inputs: Inputs = 'decimal'): EvalJson {
  checkEvalInput(raw, digits);
  const read = inputs === 'double' ? asDoubles(raw) : raw;
  // Stryker disable next-line StringLiteral: both branches assign it before reading (docs/equivalent-mutants.md)
  let regime = '';
  let values: Record<string, string>;
  if (digits === null) {
    const e = evaluate(fp, liftParams(fp, raw));
    regime = e.regime;
    values = Object.fromEntries(Object.entries(flatten(e)).map(([k, v]) => [k, fp.toString(v)]));
  } else {
    values = toDigits(digits, (c: Ctx<Decimal>) => {
      const e = evaluate(c, liftParams(c, read));
      regime = e.regime;
      return flatten(e);
    });
  }
  for (const [k, v] of Object.entries(values))
    // Stryker disable next-line ConditionalExpression,StringLiteral: no input reaches it (docs/equivalent-mutants.md)
    if (v === 'NaN') throw new Error(`internal error: ${k} is NaN at ${JSON.stringify(raw)}`);
  return { params: raw, digits, regime, ...values } as EvalJson;
}
