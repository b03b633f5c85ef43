// One computed panel (src/figures/theoryPanels.ts) drawn one paper column wide, for `icl-verify figure`.
import type { PanelSpec } from '../figures/types.js';
import { drawPanel } from './figures.js';

/** Width of one paper column. */
export const COLUMN_INCHES = 3.4;

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
