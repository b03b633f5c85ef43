// Grids for `simulate` and `extrapolate`: the same range syntax as `eval` in every parameter flag, one
// simulation (or ladder) per point, each streamed as one row with its error bars and the theory beside it.
import { TABLE_FORMATS, TableWriter, type Cell, type TableFormat } from '../io/table.js';
import { parseAxis, pointIterator, type Axis } from '../theory/grid.js';
import { DOMAIN, PARAM_NAMES, type ParamName } from '../theory/params.js';
import { UsageError, type ParsedArgs } from './args.js';

/** Whether the command asks for a grid: a list or range in a parameter flag, or --format. */
export const simWantsGrid = (args: ParsedArgs): boolean =>
  args.values.has('format') || PARAM_NAMES.some((f) => /[,:]/.test(args.values.get(f) ?? ''));

/** The axes of the five parameters; finite-d runs take α, τ finite (κ may be inf). */
export function simAxes(args: ParsedArgs): Axis[] {
  return PARAM_NAMES.map((k) => {
    const raw = args.values.get(k);
    if (raw === undefined) throw new UsageError(`missing --${k}`);
    const axis = parseAxis(k, raw);
    if (!DOMAIN[k].infAtFiniteD && axis.numbers.some((v) => !Number.isFinite(v)))
      throw new UsageError(`--${k} must be finite at finite d, got '${raw}'`);
    return axis;
  });
}

export function simFormat(args: ParsedArgs): TableFormat {
  const f = args.values.get('format') ?? (args.switches.has('json') ? 'jsonl' : 'csv');
  if (!(TABLE_FORMATS as readonly string[]).includes(f))
    throw new UsageError(`--format must be one of ${TABLE_FORMATS.join(', ')}, got '${f}'`);
  return f as TableFormat;
}

/** Runs `row` at every point of the grid (last parameter fastest) and streams the rows. */
export async function streamSimGrid(
  axes: Axis[],
  format: TableFormat,
  columns: string[],
  comments: string[],
  row: (point: Record<ParamName, number>, values: Cell[]) => Promise<Cell[]>,
): Promise<void> {
  const w = new TableWriter(process.stdout, format, columns, comments);
  const it = pointIterator(axes);
  for (let idx = it.next(); idx !== undefined; idx = it.next()) {
    // JSON rows carry the parameters as numbers, CSV and table rows as the decimals given
    const json = format === 'json' || format === 'jsonl';
    const values = axes.map((a, k) => (json ? a.numbers[idx[k]!]! : a.values[idx[k]!]!));
    const point = Object.fromEntries(axes.map((a, k) => [a.key, a.numbers[idx[k]!]!])) as Record<ParamName, number>;
    const p = w.row(await row(point, values));
    if (p) await p;
  }
  await w.end();
}
