// One computed panel (src/figures/theoryPanels.ts) drawn one paper column wide: what `icl-verify figure`
// writes and the API's `figure` returns, from this one function.
import { singleFigure, type FigureTable } from '../figures/theoryPanels.js';
import type { PanelSpec } from '../figures/types.js';
import { DomainError } from '../numeric/domain.js';
import { drawPanel } from './figures.js';
import { renderSvg } from './render.js';

/** Width of one paper column. */
export const COLUMN_INCHES = 3.4;

export const FIGURE_FORMATS = ['svg', 'csv', 'png', 'pdf'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** A figure in one format: SVG and CSV as text, PNG and PDF as bytes; with its data as CSV and as numbers. */
export interface RenderedFigure<F extends FigureFormat = FigureFormat> {
  id: string;
  title: string;
  format: F;
  /** The file's content: the SVG or CSV text, or the PNG or PDF bytes. */
  content: F extends 'png' | 'pdf' ? Uint8Array : string;
  /** The plotted data as CSV (what `figure` writes beside the drawing). */
  csv: string;
  table: FigureTable;
}

/** The panel as a standalone SVG COLUMN_INCHES wide (its viewBox keeps the pixel coordinates), and its height. */
export function columnSvg(panel: PanelSpec): { svg: string; heightInches: number } {
  const svg = drawPanel(panel);
  const m = /^<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('figure: unexpected SVG root');
  const heightInches = Math.round(((COLUMN_INCHES * Number(m[2])) / Number(m[1])) * 1000) / 1000;
  return {
    svg: svg.replace(
      /^<svg ([^>]*?)width="[\d.]+" height="[\d.]+"/,
      `<svg $1width="${COLUMN_INCHES}in" height="${heightInches}in"`,
    ),
    heightInches,
  };
}

/**
 * Figure `id` (figures/theoryPanels.ts) in `format`; PNG (300 dpi) and PDF are drawn by Chromium
 * (report/render.ts). A DomainError names `figure` or `format` when either is unknown.
 */
export async function renderFigure<F extends FigureFormat>(id: string, format: F): Promise<RenderedFigure<F>> {
  if (!(FIGURE_FORMATS as readonly string[]).includes(format))
    throw new DomainError('format', `one of ${FIGURE_FORMATS.join(', ')}`, `'${String(format)}'`);
  const fig = singleFigure(id);
  let content: string | Uint8Array = fig.csv;
  if (format !== 'csv') {
    const { svg, heightInches } = columnSvg(fig.panel);
    content = format === 'svg' ? svg : await renderSvg(svg, COLUMN_INCHES, heightInches, format as 'png' | 'pdf');
  }
  return {
    id,
    title: fig.title,
    format,
    content: content as RenderedFigure<F>['content'],
    csv: fig.csv,
    table: fig.table,
  };
}
