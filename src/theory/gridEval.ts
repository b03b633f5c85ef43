// The theory over a grid of points (grid.ts): one row per point, in float64 at the speed of the
// formulas or to N digits, with the columns named as in docs/theory.md. `eval` streams these rows;
// the API hands them out as an iterator.
import { fp } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import { evaluate } from './evaluate.js';
import { evalJson, FIELDS, type Inputs } from './evalJson.js';
import { parseAxis, pointIterator, type Axis } from './grid.js';
import { DOMAIN, PARAM_NAMES, type DomainKey, type Params, type TypedParams } from './params.js';

export const GRID_SYNTAX_HELP = `  a list 1,10,100; an inclusive range START:STOP:STEP in exact decimal steps (0.5:5:0.05);
  or log:LO:HI:COUNT, COUNT log-spaced points with both ends (log:1e-2:1e2:200)`;

export interface GridRequest {
  /** The axes in PARAM_NAMES order, then tauPerAlpha when given. */
  axes: Axis[];
  /** null: float64; N: N correct digits (each point settled at two working precisions). */
  digits: number | null;
  inputs?: Inputs;
}

/** The axes of a grid from each parameter's flag text (`get(flag)`); every parameter but tauPerAlpha is required. */
export function parseGrid(get: (flag: string) => string | undefined): Axis[] {
  const keys: DomainKey[] = [...PARAM_NAMES];
  if (get(DOMAIN.tauPerAlpha.flag) !== undefined) keys.push('tauPerAlpha');
  return keys.map((k) => {
    const raw = get(DOMAIN[k].flag);
    if (raw === undefined) throw new DomainError(`--${DOMAIN[k].flag}`, `given (${GRID_SYNTAX_ONE_LINE})`, 'nothing');
    return parseAxis(k, raw);
  });
}

const GRID_SYNTAX_ONE_LINE = 'a value, a list, START:STOP:STEP or log:LO:HI:COUNT';

/** What each column means, for the '#' lines of CSV and table output. */
const MEANING: Record<string, string> = {
  alpha: 'l/d, context length per dimension',
  kappa: 'k/d, pretraining tasks per dimension',
  tau: 'n/d^2, pretraining contexts per d^2',
  rho: 'label-noise variance',
  lambda: 'ridge strength of the fit',
  tauPerAlpha: 'tau/alpha (the joint limit alpha, tau = inf)',
  regime: "'finite' or the limit used (alpha=inf, tau=inf, alpha,tau=inf)",
  epsilon: 'the self-consistent epsilon (docs/theory.md §4)',
  eICL: 'asymptotic in-context-learning error, a mean squared error of the label (docs/theory.md §5)',
  eIDG: 'asymptotic in-distribution generalization error, same units',
  gTask: 'eICL - eIDG, the task generalization gap',
  note: 'why a row is empty (outside the domain), or the growth rate of a divergent value',
};

export function gridColumns(req: GridRequest): string[] {
  return [...req.axes.map((a) => a.key), 'regime', ...FIELDS, 'note'];
}

export function gridComments(req: GridRequest): string[] {
  const precision = req.digits === null ? 'float64' : `${req.digits} correct significant digits`;
  return [
    `icl-verify eval over ${req.axes.map((a) => `${a.key} (${a.values.length})`).join(' x ')}; ${precision}; docs/theory.md`,
    ...gridColumns(req).map((c) => `${c}: ${MEANING[c] ?? c}`),
  ];
}

/** Counts the points outside the domain, with the first reason. */
export interface OutsideTally {
  count: number;
  first: string;
}

type Row = Array<number | string | null>;

/** The rows of the grid, lazily; a point outside the domain is a row with empty values and the reason. */
export function* gridRows(req: GridRequest, outside: OutsideTally = { count: 0, first: '' }): Generator<Row> {
  const { axes } = req;
  const nk = axes.length;
  const it = pointIterator(axes);
  for (let idx = it.next(); idx !== undefined; idx = it.next()) {
    const row: Row = new Array(nk);
    // float64 rows carry the parameters as numbers (JSON numbers; CSV writes their shortest decimal)
    for (let k = 0; k < nk; k++) row[k] = req.digits === null ? axes[k]!.numbers[idx[k]!]! : axes[k]!.values[idx[k]!]!;
    try {
      if (req.digits === null) {
        const p: Params<number> = {
          alpha: axes[0]!.numbers[idx[0]!]!,
          kappa: axes[1]!.numbers[idx[1]!]!,
          tau: axes[2]!.numbers[idx[2]!]!,
          rho: axes[3]!.numbers[idx[3]!]!,
          lambda: axes[4]!.numbers[idx[4]!]!,
        };
        if (nk > 5) p.tauPerAlpha = axes[5]!.numbers[idx[5]!]!;
        const e = evaluate(fp, p);
        row.push(e.regime, e.epsilon, e.eICL, e.eIDG, e.gTask, growthNote(e.growth));
      } else {
        const raw = Object.fromEntries(axes.map((a, k) => [a.key, a.values[idx[k]!]!])) as TypedParams;
        const out = evalJson(raw, req.digits, req.inputs ?? 'decimal');
        const growth = Object.keys(out).filter((k) => /Per(Sqrt)?Alpha$/.test(k));
        row.push(
          out.regime,
          ...FIELDS.map((f) => out[f]),
          growth.map((g) => `${g} = ${String(out[g])}`).join('; ') || null,
        );
      }
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (outside.count++ === 0) outside.first = err.message;
      row.push(null, null, null, null, null, err.message);
    }
    yield row;
  }
}

type GrowthOf = {
  eICL?: { power: number; rate: number };
  eIDG?: { power: number; rate: number };
  gTask?: { power: number; rate: number };
};

const growthNote = (g: GrowthOf): string | null => {
  if (!g.eICL && !g.eIDG && !g.gTask) return null;
  const parts: string[] = [];
  for (const [name, v] of Object.entries(g))
    if (v) parts.push(`${name} ~ ${String(v.rate)}*${v.power === 1 ? 'alpha' : 'sqrt(alpha)'}`);
  return parts.length ? parts.join('; ') : null;
};

/**
 * The float64 grid as CSV text in chunks of about 64 KiB (header lines excluded): the same rows as
 * gridRows, written directly, since building a cell array per row costs more than the formulas. The
 * parameters are the axes' decimal strings; numbers are their shortest round-trip decimals.
 */
export function* gridCsvChunks(req: GridRequest, outside: OutsideTally = { count: 0, first: '' }): Generator<string> {
  const { axes } = req;
  if (req.digits !== null) throw new Error('gridCsvChunks: float64 grids only');
  const nk = axes.length;
  const last = nk - 1;
  const it = pointIterator(axes);
  let chunk = '';
  let prefix = '';
  for (let idx = it.next(); idx !== undefined; idx = it.next()) {
    // the prefix (every parameter but the last) changes once per pass of the last axis
    if (idx[last] === 0 || prefix === '') {
      prefix = '';
      for (let k = 0; k < last; k++) prefix += axes[k]!.values[idx[k]!]! + ',';
    }
    const point: Params<number> = {
      alpha: axes[0]!.numbers[idx[0]!]!,
      kappa: axes[1]!.numbers[idx[1]!]!,
      tau: axes[2]!.numbers[idx[2]!]!,
      rho: axes[3]!.numbers[idx[3]!]!,
      lambda: axes[4]!.numbers[idx[4]!]!,
    };
    if (nk > 5) point.tauPerAlpha = axes[5]!.numbers[idx[5]!]!;
    let line = prefix + axes[last]!.values[idx[last]!]! + ',';
    try {
      const e = evaluate(fp, point);
      const note = growthNote(e.growth);
      line += `${e.regime},${e.epsilon},${e.eICL},${e.eIDG},${e.gTask},${note === null ? '' : csvQuote(note)}\n`;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (outside.count++ === 0) outside.first = err.message;
      line += ',,,,,' + csvQuote(err.message) + '\n';
    }
    chunk += line;
    if (chunk.length >= 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const csvQuote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
