// `icl-verify figure ID`: one panel of the paper's figures, theory only, sized for a paper column, with
// its data beside it (report/single.ts renders it, as for the API's `figure`).
import { extname } from 'node:path';
import { writeAtomic } from '../../io/files.js';
import { PNG_DPI } from '../../report/render.js';
import { listFigures, SINGLE_FIGURES } from '../../figures/theoryPanels.js';
import { COLUMN_INCHES, FIGURE_FORMATS, renderFigure, type FigureFormat } from '../../report/single.js';
import { parseArgs, UsageError } from '../args.js';

export const help = `usage: icl-verify figure ID [--format svg|csv|png|pdf] [--out FILE]
       icl-verify figure --list

One panel of the paper's figures (docs/theory.md §8, docs/toolbox.md), theory curves only (the report adds
the simulated points), ${COLUMN_INCHES} in wide for one paper column. Figure 2's panels mark each curve's
alpha* (its minimum in alpha, where it has one) with a hollow circle.
  ID                 ${Object.keys(SINGLE_FIGURES).join(', ')}
  --format F         svg (default), csv (the plotted data only), png (${PNG_DPI} dpi) or pdf; png and pdf are
                     drawn by /usr/bin/chromium through playwright-core
  --out FILE         where to write (default ID.F in the current directory); the data goes beside it as
                     FILE with the extension .csv; with --format csv and no --out, the data goes to stdout
  --list             the figures, one per line
Exit 0; 2 with one line for an unknown figure or format.`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['format', 'out'], switches: ['list'], maxPositionals: 1 });
  if (args.switches.has('list')) {
    process.stdout.write(listFigures().join('\n') + '\n');
    return 0;
  }
  const id = args.positionals[0];
  if (id === undefined)
    throw new UsageError(`missing figure ID (one of ${Object.keys(SINGLE_FIGURES).join(', ')}; figure --list)`);
  const format = args.values.get('format') ?? 'svg';
  if (!(FIGURE_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FIGURE_FORMATS.join(', ')}, got '${format}'`);
  const fig = await renderFigure(id, format as FigureFormat);
  const out = args.values.get('out');
  if (format === 'csv' && out === undefined) {
    process.stdout.write(fig.csv);
    return 0;
  }
  const file = out ?? `${id}.${format}`;
  const dataFile = file.slice(0, file.length - extname(file).length) + '.csv';
  writeAtomic(file, fig.content);
  if (format !== 'csv' && dataFile !== file) writeAtomic(dataFile, fig.csv);
  process.stdout.write(`${file}${format !== 'csv' && dataFile !== file ? ` (data: ${dataFile})` : ''}\n`);
  return 0;
}
