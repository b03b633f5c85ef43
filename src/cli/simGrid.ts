// Grids for `simulate` and `extrapolate`: the same range syntax as `eval` in every parameter flag; the rows
// come from sweep/simulationGrid.ts (as for the API) and stream here as a table.
import { TABLE_FORMATS, TableWriter, type Cell, type TableFormat } from '../io/table.js';
import { finiteDAxes } from '../sweep/simulationGrid.js';
import type { Axis } from '../theory/grid.js';
import { PARAM_NAMES } from '../theory/params.js';
import { UsageError, type ParsedArgs } from './args.js';

/** Whether the command asks for a grid: a list or range in a parameter flag, or --format. */
export const simWantsGrid = (args: ParsedArgs): boolean =>
  args.values.has('format') || PARAM_NAMES.some((f) => /[,:]/.test(args.values.get(f) ?? ''));

/** The axes of the five parameters; finite-d runs take α, τ finite (κ may be inf). */
export function simAxes(args: ParsedArgs): Axis[] {
  for (const k of PARAM_NAMES) if (!args.values.has(k)) throw new UsageError(`missing --${k}`);
  return finiteDAxes((k) => args.values.get(k)!);
}

export function simFormat(args: ParsedArgs): TableFormat {
  const f = args.values.get('format') ?? (args.switches.has('json') ? 'jsonl' : 'csv');
  if (!(TABLE_FORMATS as readonly string[]).includes(f))
    throw new UsageError(`--format must be one of ${TABLE_FORMATS.join(', ')}, got '${f}'`);
  return f as TableFormat;
}

/** JSON rows carry the parameters as numbers, CSV and table rows as the decimals given. */
export const paramsAsNumbers = (format: TableFormat): boolean => format === 'json' || format === 'jsonl';

/** Streams the rows as they come. */
export async function streamSimGrid(
  format: TableFormat,
  columns: string[],
  comments: string[],
  rows: AsyncIterable<Cell[]>,
): Promise<void> {
  const w = new TableWriter(process.stdout, format, columns, comments);
  for await (const row of rows) {
    const p = w.row(row);
    if (p) await p;
  }
  await w.end();
}
