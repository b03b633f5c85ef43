// `icl-verify eval`: every asymptotic error at one parameter point, in float64 or to N digits, or over a
// grid of points (ranges and lists in any parameter flag) streamed as CSV, JSON lines, JSON or a table.
import { once } from 'node:events';
import { MAX_OUTPUT_DIGITS } from '../../numeric/precision.js';
import { TABLE_FORMATS, TableWriter, type TableFormat } from '../../io/table.js';
import { evalJson, FIELDS, type TypedParams } from '../../theory/evalJson.js';
import {
  gridColumns,
  optimumColumns,
  optimumComments,
  optimumRows,
  type OptimumRequest,
  gridComments,
  gridRows,
  GRID_SYNTAX_HELP,
  parseGrid,
  type GridRequest,
} from '../../theory/gridEval.js';
import { allowedRange, DOMAIN, DOMAIN_KEYS } from '../../theory/params.js';
import { derivativeParam } from '../../theory/derivatives.js';
import { gridSize } from '../../theory/grid.js';
import { gridCsvParallel } from '../../theory/gridCsvParallel.js';
import { intFlag, parseArgs, required, UsageError, type ParsedArgs } from '../args.js';

export const help = `usage: icl-verify eval --alpha A --kappa K --tau T --rho R --lambda L [--tau-per-alpha C] [--digits N] [--json]
       icl-verify eval --alpha A,B,... --tau START:STOP:STEP --kappa log:LO:HI:COUNT ... [--format csv|jsonl|json|table]
                       [--derivative P[,P...]]
       icl-verify eval --optimal-lambda --alpha A --kappa K --tau T --rho R [--digits N] [--format F]
       icl-verify eval --alpha-star [--of eICL|eIDG] --kappa K --tau T --rho R --lambda L [--digits N] [--format F]

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
                     with its growth rate per unit alpha (over a grid: the same as --format json)
Grids (docs/toolbox.md): every parameter flag also takes
${GRID_SYNTAX_HELP}
  --format F         csv (default for a grid; '#' lines name each column's meaning), jsonl, json or table;
                     one row per point of the cartesian product (last flag fastest), streamed. A point
                     outside the theory's domain (say tau = 1 at lambda = 0) is a row with empty values
                     and its reason in the column 'note'.
  --workers W        threads formatting a float64 CSV grid without --derivative (default 1): blocks of the
                     grid in order, the same bytes whatever W (docs/toolbox.md, Speed)
  --derivative P     add the exact partial derivatives of epsilon, eICL, eIDG, gTask in P (alpha, kappa,
                     tau, rho or lambda; a list for several), columns d<f>_d<P>: implicit differentiation of
                     the self-consistency, to --digits N if given; one-sided at rho = 0 or lambda = 0;
                     alpha and tau finite (and kappa finite for P = kappa)
  --optimal-lambda   lambda*, the ridge minimising eICL over lambda >= 0 (leave out --lambda): a certified
                     bracket [lo, hi] with deICL/dlambda < 0 at lo and > 0 at hi, narrowed until both ends
                     agree to --digits N (default: float64's 17); kind zero or infinity at a boundary
  --alpha-star       alpha*, the interior minimiser in alpha of eICL (--of eIDG: of eIDG) where the curve is
                     non-monotone (Figures 2, 3; leave out --alpha), located the same way; kind none with the
                     reason where a scan of alpha in [1e-3, 1e6] finds no interior minimum
Exit 0; 2 with one line naming the parameter and its allowed range.`;

const FLAGS = DOMAIN_KEYS.map((k) => DOMAIN[k].flag);

/** Whether the command asks for a grid (a range or list in a flag, or an explicit --format). */
const wantsGrid = (args: ParsedArgs): boolean =>
  args.values.has('format') ||
  args.values.has('derivative') ||
  args.switches.has('optimal-lambda') ||
  args.switches.has('alpha-star') ||
  FLAGS.some((f) => /[,:]/.test(args.values.get(f) ?? ''));

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    values: [...FLAGS, 'digits', 'inputs', 'format', 'derivative', 'of', 'workers'],
    switches: ['json', 'optimal-lambda', 'alpha-star'],
  });
  const inputs = args.values.get('inputs') ?? 'decimal';
  if (inputs !== 'decimal' && inputs !== 'double')
    throw new UsageError(`--inputs must be decimal or double, got '${inputs}'`);
  const digits = args.values.has('digits') ? intFlag(args, 'digits', 1, MAX_OUTPUT_DIGITS, 0) : null;
  if (wantsGrid(args)) return runGrid(args, digits, inputs);
  const raw = {} as TypedParams;
  for (const k of DOMAIN_KEYS) {
    const v = DOMAIN[k].jointLimitOnly
      ? args.values.get(DOMAIN[k].flag)
      : required(args, DOMAIN[k].flag, allowedRange(k));
    if (v !== undefined) raw[k] = v;
  }
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

async function runGrid(args: ParsedArgs, digits: number | null, inputs: 'decimal' | 'double'): Promise<number> {
  const given = args.values.get('format') ?? (args.switches.has('json') ? 'json' : undefined);
  if (given !== undefined && !(TABLE_FORMATS as readonly string[]).includes(given))
    throw new UsageError(`--format must be one of ${TABLE_FORMATS.join(', ')}, got '${given}'`);
  const optimum = args.switches.has('optimal-lambda')
    ? 'lambda'
    : args.switches.has('alpha-star')
      ? 'alpha'
      : undefined;
  if (optimum !== undefined) return runOptimum(args, optimum, digits, given);
  for (const f of ['of']) if (args.values.has(f)) throw new UsageError(`--${f} is used only with --alpha-star`);
  const d = args.values.get('derivative');
  const req: GridRequest = {
    axes: parseGrid((f) => args.values.get(f)),
    digits,
    inputs,
    derivatives: d === undefined ? [] : [...new Set(d.split(',').map((w) => derivativeParam(w)))],
  };
  if (given === undefined && gridSize(req.axes) === 1) return printOnePoint(req);
  const format = (given ?? 'csv') as TableFormat;
  req.paramsAsNumbers = format === 'json' || format === 'jsonl';
  const w = new TableWriter(process.stdout, format, gridColumns(req), gridComments(req));
  const outside = { count: 0, first: '' };
  if (format === 'csv' && digits === null && req.derivatives!.length === 0) {
    // The simulation's pool module (MAX_WORKERS) is loaded only when asked for: its imports cost start-up.
    const workers = args.values.has('workers')
      ? intFlag(args, 'workers', 1, (await import('../../sim/pool.js')).MAX_WORKERS, 1)
      : 1;
    // The header through the writer, then the chunks straight to stdout: each chunk's buffer goes
    // back to the pool once stdout has written it, so the grid reuses a few buffers (fresh ones cost
    // page faults and garbage collection). The turn of the event loop lets that callback run.
    const header = w.raw(new Uint8Array(0), 0);
    if (header) await header;
    const pool: Uint8Array[] = [];
    for await (const chunk of gridCsvParallel(req, workers, outside, undefined, pool)) {
      if (process.stdout.write(chunk, () => pool.push(chunk))) await new Promise(setImmediate);
      else await once(process.stdout, 'drain');
    }
    await w.end();
    return reportOutside(outside);
  }
  return writeTable(w, gridRows(req, outside), outside);
}

/** Writes the rows, then says on stderr how many points were outside the domain (their rows are empty). */
async function writeTable(
  w: TableWriter,
  rows: Iterable<Parameters<TableWriter['row']>[0]>,
  outside: { count: number; first: string },
): Promise<number> {
  for (const cells of rows) {
    const p = w.row(cells);
    if (p) await p;
  }
  await w.end();
  return reportOutside(outside);
}

function reportOutside(outside: { count: number; first: string }): number {
  if (outside.count > 0)
    process.stderr.write(`eval: ${outside.count} point(s) outside the domain (empty rows); first: ${outside.first}\n`);
  return 0;
}

async function runOptimum(
  args: ParsedArgs,
  optimum: 'lambda' | 'alpha',
  digits: number | null,
  given: string | undefined,
): Promise<number> {
  const flag = optimum === 'lambda' ? '--optimal-lambda' : '--alpha-star';
  if (args.switches.has('optimal-lambda') && args.switches.has('alpha-star'))
    throw new UsageError('--optimal-lambda and --alpha-star are separate runs: give one');
  if (args.values.has(optimum)) throw new UsageError(`--${optimum} is what ${flag} finds: leave it out`);
  for (const f of ['derivative', 'inputs', DOMAIN.tauPerAlpha.flag])
    if (args.values.has(f)) throw new UsageError(`--${f} is not used with ${flag}`);
  const of = args.values.get('of') ?? 'eICL';
  if (of !== 'eICL' && of !== 'eIDG') throw new UsageError(`--of must be eICL or eIDG, got '${of}'`);
  if (optimum === 'lambda' && args.values.has('of')) throw new UsageError('--of is used only with --alpha-star');
  const req: OptimumRequest = { optimum, axes: parseGrid((f) => args.values.get(f), optimum), digits, quantity: of };
  const outside = { count: 0, first: '' };
  if (given === undefined && gridSize(req.axes) === 1) {
    process.stdout.write(columnLines(optimumColumns(req), optimumRows(req).next().value!).join('\n') + '\n');
    return 0;
  }
  const w = new TableWriter(process.stdout, (given ?? 'csv') as TableFormat, optimumColumns(req), optimumComments(req));
  return writeTable(w, optimumRows(req, outside), outside);
}

/** A point's columns one a line, names padded to one width (an empty cell prints as nothing). */
function columnLines(cols: readonly string[], row: readonly unknown[]): string[] {
  const w = Math.max(...cols.map((c) => c.length));
  return cols.map((c, i) => `${c.padEnd(w)}  ${row[i] === null ? '' : String(row[i])}`);
}

/** One point without --format: each column on its own line, as `eval` prints a point. */
function printOnePoint(req: GridRequest): number {
  const lines = columnLines(gridColumns(req), gridRows(req).next().value!).filter((l) => l.trim() !== 'note');
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
