// The theory over a grid of points (grid.ts): one row per point, in float64 at the speed of the
// formulas or to N digits, with the columns named as in docs/theory.md. `eval` streams these rows;
// the API hands them out as an iterator.
import { fp } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import { evaluate } from './evaluate.js';
import { finiteFloat64 } from './finiteFloat64.js';
import { asDoubles, evalJson, FIELDS, type Inputs } from './evalJson.js';
import { parseAxis, pointIterator, type Axis } from './grid.js';
import { derivatives } from './derivatives.js';
import { alphaStar, optimalLambda, type Quantity } from './optima.js';
import {
  DOMAIN,
  liftParams,
  PARAM_NAMES,
  type DomainKey,
  type ParamName,
  type Params,
  type TypedParams,
} from './params.js';
import { toDigits } from '../numeric/precision.js';
import { MAX_SHORTEST_BYTES, writeShortestOf } from '../numeric/shortest.js';

export const GRID_SYNTAX_HELP =
  `  a list 1,10,100; an inclusive range START:STOP:STEP in exact decimal steps (0.5:5:0.05);
 ` + ` or log:LO:HI:COUNT, COUNT log-spaced points with both ends (log:1e-2:1e2:200)`;

export interface GridRequest {
  /** The axes in PARAM_NAMES order, then tauPerAlpha when given. */
  axes: Axis[];
  /** null: float64; N: N correct digits (each point settled at two working precisions). */
  digits: number | null;
  inputs?: Inputs;
  /** Whether float64 rows carry the parameters as numbers (for JSON) rather than their decimal strings. */
  paramsAsNumbers?: boolean;
  /** Parameters to differentiate in: four columns each (∂ε, ∂e^ICL, ∂e^IDG, ∂g_task). */
  derivatives?: ParamName[];
}

/** The axes of a grid from each parameter's flag text (`get(flag)`); every parameter but tauPerAlpha is required. */
export function parseGrid(get: (flag: string) => string | undefined, without?: ParamName): Axis[] {
  const keys: DomainKey[] = PARAM_NAMES.filter((k) => k !== without);
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

/** The column of ∂f/∂θ, e.g. deICL_dtau. */
export const derivativeColumn = (f: string, wrt: string): string => `d${f}_d${wrt}`;

export function gridColumns(req: GridRequest): string[] {
  const extra = (req.derivatives ?? []).flatMap((w) => FIELDS.map((f) => derivativeColumn(f, w)));
  return [...req.axes.map((a) => a.key), 'regime', ...FIELDS, ...extra, 'note'];
}

const meaning = (c: string): string => {
  const m = /^d(\w+)_d(\w+)$/.exec(c);
  if (m && (FIELDS as readonly string[]).includes(m[1]!))
    return (
      `exact partial derivative of ${m[1]} in ${m[2]} (implicit differentiation of ` +
      `the self-consistency; one-sided at the domain's edge rho = 0 or lambda = 0)`
    );
  return MEANING[c] ?? c;
};

export function gridComments(req: GridRequest): string[] {
  const precision = req.digits === null ? 'float64' : `${req.digits} correct significant digits`;
  return [
    `icl-verify eval ` +
      `over ${req.axes.map((a) => `${a.key} (${a.values.length})`).join(' x ')}; ${precision}; docs/theory.md`,
    ...gridColumns(req).map((c) => `${c}: ${meaning(c)}`),
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
    for (let k = 0; k < nk; k++)
      row[k] = req.digits === null && req.paramsAsNumbers ? axes[k]!.numbers[idx[k]!]! : axes[k]!.values[idx[k]!]!;
    const notes: string[] = [];
    const raw = (): TypedParams => Object.fromEntries(axes.map((a, k) => [a.key, a.values[idx[k]!]!])) as TypedParams;
    let p: Params<number> | undefined;
    try {
      if (req.digits === null) {
        p = {
          alpha: axes[0]!.numbers[idx[0]!]!,
          kappa: axes[1]!.numbers[idx[1]!]!,
          tau: axes[2]!.numbers[idx[2]!]!,
          rho: axes[3]!.numbers[idx[3]!]!,
          lambda: axes[4]!.numbers[idx[4]!]!,
        };
        if (nk > 5) p.tauPerAlpha = axes[5]!.numbers[idx[5]!]!;
        const e = evaluate(fp, p);
        row.push(e.regime, e.epsilon, e.eICL, e.eIDG, e.gTask);
        const g = growthNote(e.growth);
        if (g !== null) notes.push(g);
      } else {
        const out = evalJson(raw(), req.digits, req.inputs ?? 'decimal');
        row.push(out.regime, ...FIELDS.map((f) => out[f]));
        const growth = Object.keys(out).filter((k) => /Per(Sqrt)?Alpha$/.test(k));
        if (growth.length) notes.push(growth.map((g) => `${g} = ${String(out[g])}`).join('; '));
      }
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (outside.count++ === 0) outside.first = err.message;
      row.push(null, null, null, null, null);
      for (const _ of req.derivatives ?? []) row.push(null, null, null, null);
      row.push(err.message);
      yield row;
      continue;
    }
    for (const wrt of req.derivatives ?? []) {
      try {
        if (req.digits === null) {
          const d = derivatives(fp, p!, wrt);
          row.push(d.epsilon, d.eICL, d.eIDG, d.gTask);
        } else {
          const typed = req.inputs === 'double' ? asDoubles(raw()) : raw();
          const d = toDigits(req.digits, (c) => {
            const r = derivatives(c, liftParams(c, typed), wrt);
            return { epsilon: r.epsilon, eICL: r.eICL, eIDG: r.eIDG, gTask: r.gTask };
          });
          row.push(d.epsilon, d.eICL, d.eIDG, d.gTask);
        }
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        row.push(null, null, null, null);
        notes.push(`d/d${wrt}: ${err.message}`);
      }
    }
    row.push(notes.length ? notes.join('; ') : null);
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

/** Bytes of one CSV chunk: large enough that writing costs little per row. */
const CSV_CHUNK_BYTES = 1 << 20;
const utf8 = new TextEncoder();

/**
 * The float64 grid as CSV in chunks of about 1 MiB of UTF-8 (header lines excluded): the same rows as
 * gridRows, written as bytes directly, since building strings per row costs more than the formulas.
 * The parameters are the axes' decimal strings (encoded once); numbers are their shortest round-trip
 * decimals (numeric/shortest.ts); finite points go through the straight-line finiteFloat64.ts, the
 * others through `evaluate`. Each chunk is a fresh buffer, so a sink may hold it while writing, unless
 * `pool` is given: a consumer pushes a chunk there once written, and its buffer is filled again.
 * `range`: only the points numbered start to before end (row-major), for gridCsvParallel.ts.
 */
export function* gridCsvChunks(
  req: GridRequest,
  outside: OutsideTally = { count: 0, first: '' },
  range?: { start: number; end: number },
  pool?: Uint8Array[],
): Generator<Uint8Array> {
  if (req.digits !== null) throw new Error('gridCsvChunks: float64 grids only');
  const rows = new CsvRows(req.axes, outside, range);
  for (;;) {
    const spare = pool?.pop();
    const buf =
      spare !== undefined && spare.buffer.byteLength >= rows.need
        ? new Uint8Array(spare.buffer)
        : new Uint8Array(Math.max(CSV_CHUNK_BYTES, rows.need));
    const end = rows.fill(buf);
    if (end > 0) yield buf.subarray(0, end);
    if (rows.done) return;
  }
}

const COMMA = 44;
const NEWLINE = 10;

/**
 * The rows of a float64 grid written into byte buffers, one buffer at a time. The loop over points
 * lives in a method rather than in the generator: V8 optimizes it within a few thousand rows, while
 * a generator's own loop stays unoptimized for a whole first pass. A point's parameters and values
 * go through one reused object and array, so a finite point allocates nothing.
 */
class CsvRows {
  /** Bytes the next row needs at most; a buffer handed to fill must hold it. */
  need: number;
  done = false;
  private readonly it: { next(): Int32Array | undefined };
  /** Each axis value as bytes, with its comma: rows repeat them, so they are encoded once. */
  private readonly cells: Uint8Array[][];
  private readonly rowBytes: number;
  private readonly point: Params<number> = { alpha: 0, kappa: 0, tau: 0, rho: 0, lambda: 0 };
  private readonly values = new Float64Array(4);
  private readonly regimes = new Map<string, Uint8Array>([['finite', utf8.encode('finite,')]]);
  /** The evaluated point not yet written (it did not fit the last buffer). */
  private idx: Int32Array | undefined;
  /** The regime cell of the point (with its comma), or undefined outside the domain. */
  private regime: Uint8Array | undefined;
  /** The note cell, quoted and encoded (growth rates, or why the point is outside the domain). */
  private note: Uint8Array | undefined;

  constructor(
    private readonly axes: readonly Axis[],
    private readonly outside: OutsideTally,
    range?: { start: number; end: number },
  ) {
    this.cells = axes.map((a) => a.values.map((v) => utf8.encode(v + ',')));
    const widest = this.cells.reduce((w, c) => w + Math.max(...c.map((b) => b.length)), 0);
    this.rowBytes = widest + 16 + 4 * (MAX_SHORTEST_BYTES + 1) + 1; // without a note
    this.need = this.rowBytes;
    this.it = pointIterator(axes, range);
    if (axes.length > 5) this.point.tauPerAlpha = 0;
  }

  /** Writes rows into buf from 0 while they fit; returns the end. Sets `done` after the last point. */
  fill(buf: Uint8Array): number {
    let pos = 0;
    for (;;) {
      if (this.idx === undefined) {
        const idx = this.it.next();
        if (idx === undefined) {
          this.done = true;
          return pos;
        }
        this.evaluate(idx);
        this.idx = idx;
      }
      this.need = this.rowBytes + (this.note?.length ?? 0);
      if (pos + this.need > buf.length) return pos;
      pos = this.write(buf, pos, this.idx);
      this.idx = undefined;
    }
  }

  /** The theory at the point idx into values, regime and note; a point outside the domain counts in `outside`. */
  private evaluate(idx: Int32Array): void {
    const axes = this.axes;
    const p = this.point;
    p.alpha = axes[0]!.numbers[idx[0]!]!;
    p.kappa = axes[1]!.numbers[idx[1]!]!;
    p.tau = axes[2]!.numbers[idx[2]!]!;
    p.rho = axes[3]!.numbers[idx[3]!]!;
    p.lambda = axes[4]!.numbers[idx[4]!]!;
    if (axes.length > 5) p.tauPerAlpha = axes[5]!.numbers[idx[5]!]!;
    this.note = undefined;
    if (finiteFloat64(p, this.values)) {
      this.regime = this.regimes.get('finite');
      return;
    }
    try {
      const e = evaluate(fp, p);
      this.values.set([e.epsilon, e.eICL, e.eIDG, e.gTask]);
      let r = this.regimes.get(e.regime);
      if (r === undefined) this.regimes.set(e.regime, (r = utf8.encode(e.regime + ',')));
      this.regime = r;
      const g = growthNote(e.growth);
      if (g !== null) this.note = utf8.encode(csvQuote(g));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (this.outside.count++ === 0) this.outside.first = err.message;
      this.regime = undefined;
      this.note = utf8.encode(csvQuote(err.message));
    }
  }

  /** Writes the row of the evaluated point at pos (fill left room) and returns the position after its newline. */
  private write(buf: Uint8Array, pos: number, idx: Int32Array): number {
    // Byte loops: for the few bytes of a cell, Uint8Array.set costs more than the copy.
    const cells = this.cells;
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[k]![idx[k]!]!;
      for (let i = 0; i < cell.length; i++) buf[pos++] = cell[i]!;
    }
    const r = this.regime;
    if (r === undefined) {
      for (let i = 0; i < 5; i++) buf[pos++] = COMMA;
    } else {
      for (let i = 0; i < r.length; i++) buf[pos++] = r[i]!;
      const v = this.values;
      for (let i = 0; i < 4; i++) {
        pos = writeShortestOf(v, i, buf, pos);
        buf[pos++] = COMMA;
      }
    }
    const note = this.note;
    if (note !== undefined) for (let i = 0; i < note.length; i++) buf[pos++] = note[i]!;
    buf[pos++] = NEWLINE;
    return pos;
  }
}

const csvQuote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** An optimum over a grid of the other four parameters: λ* (of e^ICL) or α* (of e^ICL or e^IDG). */
export interface OptimumRequest {
  optimum: 'lambda' | 'alpha';
  /** The axes of the four other parameters, in PARAM_NAMES order. */
  axes: Axis[];
  digits: number | null;
  quantity?: Quantity;
}

export function optimumColumns(req: OptimumRequest): string[] {
  const name = req.optimum === 'lambda' ? 'lambdaStar' : 'alphaStar';
  const q = req.optimum === 'lambda' ? 'eICL' : (req.quantity ?? 'eICL');
  return [
    ...req.axes.map((a) => a.key),
    name,
    'kind',
    `${name}Lo`,
    `${name}Hi`,
    `${q}At${name[0]!.toUpperCase()}${name.slice(1)}`,
    'note',
  ];
}

export function optimumComments(req: OptimumRequest): string[] {
  const name = req.optimum === 'lambda' ? 'lambdaStar' : 'alphaStar';
  const cols = optimumColumns(req);
  const what: Record<string, string> = {
    [name]:
      req.optimum === 'lambda'
        ? 'the ridge minimising eICL over lambda >= 0 (0 or inf at a boundary)'
        : `an interior minimiser in alpha of ${req.quantity ?? 'eICL'} (empty: none on the scan)`,
    kind: 'interior (certified bracket), zero, infinity (boundary) or none',
    [`${name}Lo`]: 'lower end of the certified bracket: the derivative is < 0 there',
    [`${name}Hi`]: 'upper end of the certified bracket: the derivative is > 0 there',
    [cols[cols.length - 2]!]: 'the minimised error at the optimum',
  };
  return [
    `icl-verify eval --${req.optimum === 'lambda' ? 'optimal-lambda' : 'alpha-star'} ` +
      `over ${req.axes.map((a) => `${a.key} (${a.values.length})`).join(' x ')}; ${req.digits === null ? 'float64' : `${req.digits} digits`}; ` +
      `docs/toolbox.md`,
    ...cols.map((c) => `${c}: ${what[c] ?? meaning(c)}`),
  ];
}

/** The optimum at each point of the grid, lazily; a point outside the domain is an empty row with the reason. */
export function* optimumRows(req: OptimumRequest, outside: OutsideTally = { count: 0, first: '' }): Generator<Row> {
  const it = pointIterator(req.axes);
  for (let idx = it.next(); idx !== undefined; idx = it.next()) {
    const raw = Object.fromEntries(req.axes.map((a, k) => [a.key, a.values[idx[k]!]!])) as Record<string, string>;
    const row: Row = req.axes.map((a, k) => a.values[idx[k]!]!);
    try {
      const o =
        req.optimum === 'lambda'
          ? optimalLambda(raw as Omit<Params<string>, 'lambda'>, req.digits)
          : alphaStar(raw as Omit<Params<string>, 'alpha'>, req.digits, req.quantity ?? 'eICL');
      row.push(o.value || null, o.kind, o.lo ?? null, o.hi ?? null, o.error ?? null, o.note);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (outside.count++ === 0) outside.first = err.message;
      row.push(null, null, null, null, null, err.message);
    }
    yield row;
  }
}
