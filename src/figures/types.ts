// What a figure is before it is drawn: plot and heat-map specifications (axes, series, points with
// their intervals and hover titles), captions and fold-out details. The figures of this directory
// compute these; src/report draws them as SVG and `figure` writes their data as CSV.

export type Scale = 'linear' | 'log';

export interface Axis {
  label: string;
  scale: Scale;
  /** Fixed range; otherwise taken from the data (values outside a fixed range are clipped). */
  min?: number;
  max?: number;
}

export interface LineSeries {
  kind: 'line';
  name: string;
  color: string;
  dash?: string;
  /** A non-finite y (or one outside a log axis) breaks the line, e.g. at a divergence. */
  points: ReadonlyArray<readonly [number, number]>;
}

export type Marker = 'circle' | 'square' | 'triangle' | 'diamond';

export interface PointSeries {
  kind: 'points';
  name: string;
  color: string;
  marker: Marker;
  /** Hollow markers tell a second kind of point (e.g. extrapolated) from the first. */
  hollow?: boolean;
  /** `title` is shown when the pointer rests on the point (an SVG <title>). */
  points: ReadonlyArray<{ x: number; y: number; lo?: number; hi?: number; title?: string }>;
}

export type Series = LineSeries | PointSeries;

export interface PlotSpec {
  kind?: 'plot';
  title: string;
  x: Axis;
  y: Axis;
  series: readonly Series[];
  width?: number;
  height?: number;
}

export interface HeatmapSpec {
  kind: 'heatmap';
  title: string;
  x: Axis;
  y: Axis;
  /** Cell centres along x and y (ascending); values[j][i] is the cell at (xs[i], ys[j]). */
  xs: readonly number[];
  ys: readonly number[];
  values: ReadonlyArray<ReadonlyArray<number>>;
  /** Colour scale for positive values; zero (and below) gets the zero colour, non-finite blank. */
  color: { label: string; scale: Scale; min: number; max: number };
  zeroLabel: string;
  /**
   * A categorical map instead of a colour scale: each value is one of these, drawn in its colour with a
   * legend of the labels (values that are none of them are drawn blank).
   */
  categories?: ReadonlyArray<{ value: number; label: string; color: string }>;
  /** Drawn across the map, e.g. why a panel is all one colour. */
  note?: string;
  width?: number;
  height?: number;
}

export type PanelSpec = PlotSpec | HeatmapSpec;

/** One figure of the report, computed and not yet drawn. */
export interface FigureData {
  id: string;
  title: string;
  panels: PanelSpec[];
  /** What is drawn, with which d and how many replicates; shown under the figure. */
  caption: string;
  /** Seeds, per-point values and z, rounding and fit notes: the fold-out under the caption. */
  details: string[];
  /** Seconds spent computing it. */
  seconds: number;
}

/** Colour-blind-safe series colours; the last, black, is kept for reference lines. */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];
export const MARKERS: readonly Marker[] = ['circle', 'square', 'triangle', 'diamond'];
