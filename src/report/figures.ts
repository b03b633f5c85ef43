// Draws computed figures (src/figures) as SVG panels for the HTML report.
import type { FigureData, PanelSpec } from '../figures/types.js';
import { heatmap, plot } from './svg.js';

/** A figure as the report shows it: one SVG per panel. */
export interface Figure extends Omit<FigureData, 'panels'> {
  panels: string[];
}

export const drawPanel = (p: PanelSpec): string => (p.kind === 'heatmap' ? heatmap(p) : plot(p));

export const drawFigure = (f: FigureData): Figure => ({ ...f, panels: f.panels.map(drawPanel) });
