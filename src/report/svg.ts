// A small SVG plotting module for the report: line series, points with error bars, linear or log
// axes, a legend, and heat maps with a colour bar. Output is a standalone <svg> string (no scripts,
// no external resources) so the report opens offline.

import type { Axis, HeatmapSpec, LineSeries, Marker, PlotSpec, PointSeries, Scale, Series } from '../figures/types.js';

export { PALETTE } from '../figures/types.js';

const M = { left: 72, right: 16, top: 34, bottom: 52 };
const LEGEND_W = 190;

export function plot(spec: PlotSpec): string {
  const width = spec.width ?? 560;
  const height = spec.height ?? 380;
  const pw = width - M.left - M.right;
  const ph = height - M.top - M.bottom;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of spec.series) {
    if (s.kind === 'line') for (const [x, y] of s.points) (xs.push(x), ys.push(y));
    else for (const p of s.points) (xs.push(p.x), ys.push(p.y, p.lo ?? p.y, p.hi ?? p.y));
  }
  const xr = range(spec.x, xs);
  const yr = range(spec.y, ys);
  const sx = scaler(spec.x.scale, xr, M.left, M.left + pw);
  const sy = scaler(spec.y.scale, yr, M.top + ph, M.top);
  const clipId = `clip${hash(spec.title)}`;
  const parts: string[] = [];
  parts.push(`<clipPath id="${clipId}"><rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}"/></clipPath>`);
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="#fff" stroke="#444"/>`);
  parts.push(axisMarks('x', spec.x, xr, sx, M.top + ph, M.top));
  parts.push(axisMarks('y', spec.y, yr, sy, M.left, M.left + pw));
  parts.push(`<g clip-path="url(#${clipId})">`);
  for (const s of spec.series) parts.push(s.kind === 'line' ? linePath(s, sx, sy, spec) : pointMarks(s, sx, sy, spec));
  parts.push('</g>');
  parts.push(text(M.left + pw / 2, 20, spec.title, { anchor: 'middle', weight: 'bold', size: 14 }));
  parts.push(text(M.left + pw / 2, height - 10, spec.x.label, { anchor: 'middle', size: 13 }));
  parts.push(
    `<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" ` +
      `text-anchor="middle" font-size="13">${esc(spec.y.label)}</text>`,
  );
  parts.push(legend(spec.series, width + 8, M.top));
  return svgRoot(width + LEGEND_W, height, spec.title, parts.join('\n'));
}

const ZERO_COLOR = '#e8e8e8';
const NAN_COLOR = '#ffffff';

export function heatmap(spec: Omit<HeatmapSpec, 'kind'>): string {
  const width = spec.width ?? 420;
  const height = spec.height ?? 380;
  const pw = width - M.left - M.right;
  const ph = height - M.top - M.bottom;
  const xr = edgesRange(spec.x.scale, spec.xs);
  const yr = edgesRange(spec.y.scale, spec.ys);
  const sx = scaler(spec.x.scale, xr, M.left, M.left + pw);
  const sy = scaler(spec.y.scale, yr, M.top + ph, M.top);
  const xe = edges(spec.x.scale, spec.xs);
  const ye = edges(spec.y.scale, spec.ys);
  const cells: string[] = [];
  for (let j = 0; j < spec.ys.length; j++) {
    for (let i = 0; i < spec.xs.length; i++) {
      const v = spec.values[j]![i]!;
      const x0 = sx(xe[i]!);
      const x1 = sx(xe[i + 1]!);
      const y0 = sy(ye[j + 1]!);
      const y1 = sy(ye[j]!);
      // Overlap by a hair so no background seams show between cells.
      cells.push(
        `<rect x="${f(x0)}" y="${f(y0)}" width="${f(x1 - x0 + 0.3)}" height="${f(y1 - y0 + 0.3)}" ` +
          `fill="${spec.categories ? categoryColor(v, spec.categories) : cellColor(v, spec.color)}"/>`,
      );
    }
  }
  const parts = [
    `<g shape-rendering="crispEdges">${cells.join('')}</g>`,
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`,
    axisMarks('x', spec.x, xr, sx, M.top + ph, M.top, false),
    axisMarks('y', spec.y, yr, sy, M.left, M.left + pw, false),
    text(M.left + pw / 2, 20, spec.title, { anchor: 'middle', weight: 'bold', size: 14 }),
    text(M.left + pw / 2, height - 10, spec.x.label, { anchor: 'middle', size: 13 }),
    `<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" ` +
      `text-anchor="middle" font-size="13">${esc(spec.y.label)}</text>`,
    spec.categories ? categoryLegend(spec.categories, width + 8, M.top) : colorBar(spec, width + 8, M.top, ph),
    ...(spec.note ? [noteBox(spec.note, M.left + pw / 2, M.top + ph / 2, pw - 24)] : []),
  ];
  return svgRoot(width + (spec.categories ? 170 : 110), height, spec.title, parts.join('\n'));
}

/** Colour of a heat-map value: a perceptually ordered dark-blue to yellow ramp over the scale. */
export function cellColor(v: number, c: HeatmapSpec['color']): string {
  if (!Number.isFinite(v)) return NAN_COLOR;
  if (v <= 0) return ZERO_COLOR;
  const t =
    c.scale === 'log'
      ? (Math.log10(v) - Math.log10(c.min)) / (Math.log10(c.max) - Math.log10(c.min))
      : (v - c.min) / (c.max - c.min);
  return ramp(Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1)));
}

type Categories = NonNullable<HeatmapSpec['categories']>;

const categoryColor = (v: number, cs: Categories): string => cs.find((c) => c.value === v)?.color ?? NAN_COLOR;

/** One swatch and label per category, top down. */
function categoryLegend(cs: Categories, x: number, y: number): string {
  const parts = cs.map(
    (c, k) =>
      `<rect x="${x}" y="${y + 20 * k}" width="14" height="12" fill="${c.color}" ` +
      `stroke="#999"/>${text(x + 20, y + 20 * k + 10, c.label, { size: 11 })}`,
  );
  return `<g shape-rendering="crispEdges">${parts.join('')}</g>`;
}

const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [48, 18, 90],
  [40, 80, 150],
  [30, 140, 140],
  [90, 190, 90],
  [245, 225, 40],
];

function ramp(t: number): string {
  const s = t * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(s));
  const u = s - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  const mix = (k: number): string =>
    Math.round(a[k]! + (b[k]! - a[k]!) * u)
      .toString(16)
      .padStart(2, '0');
  return `#${mix(0)}${mix(1)}${mix(2)}`;
}

function colorBar(spec: Omit<HeatmapSpec, 'kind'>, x: number, y: number, h: number): string {
  const c = spec.color;
  const n = 40;
  const bh = h - 40;
  const parts: string[] = [];
  for (let k = 0; k < n; k++) {
    const t = (k + 0.5) / n;
    const v =
      c.scale === 'log'
        ? 10 ** (Math.log10(c.min) + t * (Math.log10(c.max) - Math.log10(c.min)))
        : c.min + t * (c.max - c.min);
    parts.push(
      `<rect x="${x}" y="${f(y + bh - ((k + 1) * bh) / n)}" width="14" ` +
        `height="${f(bh / n + 0.3)}" fill="${cellColor(v, c)}"/>`,
    );
  }
  const s = scaler(c.scale, [c.min, c.max], y + bh, y);
  for (const t of ticks(c.scale, c.min, c.max, 4).major) {
    parts.push(`<line x1="${x + 14}" x2="${x + 18}" y1="${f(s(t))}" y2="${f(s(t))}" stroke="#444"/>`);
    parts.push(tickLabel(x + 20, s(t) + 4, t, c.scale, 'start'));
  }
  parts.push(`<rect x="${x}" y="${y + bh + 14}" width="14" height="12" fill="${ZERO_COLOR}" stroke="#999"/>`);
  parts.push(text(x + 20, y + bh + 24, spec.zeroLabel, { size: 11 }));
  parts.push(
    `<text transform="translate(${x + 90} ${y + bh / 2}) rotate(90)" ` +
      `text-anchor="middle" font-size="11">${esc(c.label)}</text>`,
  );
  return `<g shape-rendering="crispEdges">${parts.join('')}</g>`;
}

function legend(series: readonly Series[], x: number, y: number): string {
  const parts: string[] = [];
  series.forEach((s, k) => {
    const yy = y + 8 + k * 20;
    if (s.kind === 'line')
      parts.push(
        `<line x1="${x}" x2="${x + 26}" y1="${yy}" y2="${yy}" stroke="${s.color}" ` +
          `stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
      );
    else parts.push(marker(s.marker, x + 13, yy, s.color, s.hollow ?? false));
    parts.push(text(x + 32, yy + 4, s.name, { size: 12 }));
  });
  return `<g class="legend">${parts.join('')}</g>`;
}

function linePath(s: LineSeries, sx: (v: number) => number, sy: (v: number) => number, spec: PlotSpec): string {
  const segs: string[] = [];
  let cur: string[] = [];
  for (const [x, y] of s.points) {
    if (!drawable(x, spec.x.scale) || !drawable(y, spec.y.scale)) {
      if (cur.length > 1) segs.push(cur.join(' '));
      cur = [];
      continue;
    }
    cur.push(`${cur.length === 0 ? 'M' : 'L'}${f(sx(x))},${f(sy(y))}`);
  }
  if (cur.length > 1) segs.push(cur.join(' '));
  if (segs.length === 0) return '';
  return (
    `<path d="${segs.join(' ')}" fill="none" stroke="${s.color}" ` +
    `stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`
  );
}

function pointMarks(s: PointSeries, sx: (v: number) => number, sy: (v: number) => number, spec: PlotSpec): string {
  const out: string[] = [];
  for (const p of s.points) {
    if (!drawable(p.x, spec.x.scale) || !drawable(p.y, spec.y.scale)) continue;
    const parts: string[] = [];
    const X = sx(p.x);
    if (p.lo !== undefined && p.hi !== undefined) {
      // A lower end at or below zero on a log axis runs off the bottom (clipped).
      const lo = drawable(p.lo, spec.y.scale) ? sy(p.lo) : sy(Number.MIN_VALUE);
      const hi = sy(p.hi);
      parts.push(
        `<line x1="${f(X)}" x2="${f(X)}" y1="${f(lo)}" y2="${f(hi)}" stroke="${s.color}" stroke-width="1.3"/>`,
      );
      for (const e of [lo, hi])
        parts.push(
          `<line x1="${f(X - 3.5)}" x2="${f(X + 3.5)}" y1="${f(e)}" ` +
            `y2="${f(e)}" stroke="${s.color}" stroke-width="1.3"/>`,
        );
    }
    parts.push(marker(s.marker, X, sy(p.y), s.color, s.hollow ?? false));
    if (p.title !== undefined) {
      // A transparent disc larger than the marker makes the hover target easy to hit.
      out.push(
        `<g class="point"><title>${esc(p.title)}</title><circle cx="${f(X)}" ` +
          `cy="${f(sy(p.y))}" r="8" fill="transparent"/>${parts.join('')}</g>`,
      );
    } else out.push(parts.join(''));
  }
  return out.join('');
}

/** Centred text on a white box, wrapped to `width` (about 6.5 px per character at 12 px). */
function noteBox(note: string, cx: number, cy: number, width: number): string {
  const perLine = Math.max(10, Math.floor(width / 6.5));
  const lines: string[] = [];
  for (const word of note.split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= perLine) lines[lines.length - 1] = last + ' ' + word;
    else lines.push(word);
  }
  const h = lines.length * 16 + 12;
  const top = cy - h / 2;
  return (
    `<g class="note"><rect x="${f(cx - width / 2)}" y="${f(top)}" width="${f(width)}" ` +
    `height="${f(h)}" fill="#fff" fill-opacity="0.92" stroke="#888" ` +
    `rx="4"/>${lines.map((l, i) => text(cx, top + 20 + i * 16, l, { anchor: 'middle', size: 12 })).join('')}</g>`
  );
}

function marker(m: Marker, x: number, y: number, color: string, hollow: boolean): string {
  const fill = hollow ? '#fff' : color;
  const r = 4;
  const a = `fill="${fill}" stroke="${color}" stroke-width="1.5"`;
  switch (m) {
    case 'circle':
      return `<circle cx="${f(x)}" cy="${f(y)}" r="${r}" ${a}/>`;
    case 'square':
      return `<rect x="${f(x - r)}" y="${f(y - r)}" width="${2 * r}" height="${2 * r}" ${a}/>`;
    case 'triangle':
      return `<path d="M${f(x)},${f(y - r - 1)} L${f(x + r + 1)},${f(y + r)} L${f(x - r - 1)},${f(y + r)} Z" ${a}/>`;
    case 'diamond':
      return (
        `<path d="M${f(x)},${f(y - r - 1)} L${f(x + r + 1)},${f(y)} ` +
        `L${f(x)},${f(y + r + 1)} L${f(x - r - 1)},${f(y)} Z" ${a}/>`
      );
  }
}

function axisMarks(
  which: 'x' | 'y',
  axis: Axis,
  r: readonly [number, number],
  s: (v: number) => number,
  at: number,
  far: number,
  grid = true,
): string {
  const t = ticks(axis.scale, r[0], r[1], which === 'x' ? 6 : 5);
  const parts: string[] = [];
  for (const v of t.minor) {
    const p = f(s(v));
    parts.push(
      which === 'x'
        ? `<line x1="${p}" x2="${p}" y1="${at}" y2="${at - 3}" stroke="#444"/>`
        : `<line x1="${at}" x2="${at + 3}" y1="${p}" y2="${p}" stroke="#444"/>`,
    );
  }
  for (const v of t.major) {
    const p = s(v);
    if (which === 'x') {
      if (grid) parts.push(`<line x1="${f(p)}" x2="${f(p)}" y1="${far}" y2="${at}" stroke="#e4e4e4"/>`);
      parts.push(`<line x1="${f(p)}" x2="${f(p)}" y1="${at}" y2="${at - 6}" stroke="#444"/>`);
      parts.push(tickLabel(p, at + 16, v, axis.scale, 'middle'));
    } else {
      if (grid) parts.push(`<line x1="${far}" x2="${at}" y1="${f(p)}" y2="${f(p)}" stroke="#e4e4e4"/>`);
      parts.push(`<line x1="${at}" x2="${at + 6}" y1="${f(p)}" y2="${f(p)}" stroke="#444"/>`);
      parts.push(tickLabel(at - 6, p + 4, v, axis.scale, 'end'));
    }
  }
  return `<g class="axis-${which}" font-size="11">${parts.join('')}</g>`;
}

function tickLabel(x: number, y: number, v: number, scale: Scale, anchor: 'start' | 'middle' | 'end'): string {
  const k = Math.round(Math.log10(Math.abs(v)));
  if (scale === 'log' && Math.abs(k) >= 3 && Math.abs(v - decade(k)) <= 1e-9 * Math.abs(v)) {
    return (
      `<text x="${f(x)}" y="${f(y)}" text-anchor="${anchor}" ` +
      `font-size="11">10<tspan dy="-5" font-size="8">${k}</tspan></text>`
    );
  }
  return `<text x="${f(x)}" y="${f(y)}" text-anchor="${anchor}" font-size="11">${esc(fmtTick(v))}</text>`;
}

/** Shortest label that tells neighbouring ticks apart (ticks are 1, 2, 5 × 10^k multiples). */
function fmtTick(v: number): string {
  if (v === 0) return '0';
  const s = Number(v.toPrecision(6)).toString();
  return s.length <= 8 ? s : v.toExponential(1).replace('e+', 'e');
}

interface Ticks {
  major: number[];
  minor: number[];
}

/** Major ticks at 1, 2, 5 × 10^k (linear) or at decades (log; thinned when there are many). */
export function ticks(scale: Scale, lo: number, hi: number, target: number): Ticks {
  if (scale === 'log') {
    const k0 = Math.ceil(Math.log10(lo) - 1e-9);
    const k1 = Math.floor(Math.log10(hi) + 1e-9);
    const step = Math.max(1, Math.ceil((k1 - k0 + 1) / (target + 2)));
    const major: number[] = [];
    const minor: number[] = [];
    for (let k = k0 - 1; k <= k1; k++) {
      if (k >= k0 && (k - k0) % step === 0) major.push(decade(k));
      if (step === 1)
        for (let m = 2; m <= 9; m++) {
          const v = m * decade(k);
          if (v >= lo && v <= hi) minor.push(v);
        }
    }
    if (major.length < 2) {
      // Less than a decade: fall back to linear-style ticks inside it.
      return { major: ticks('linear', lo, hi, target).major.filter((v) => v > 0), minor: [] };
    }
    return { major, minor };
  }
  const raw = (hi - lo) / Math.max(1, target);
  const mag = decade(Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw * 0.999) ?? 10 * mag;
  const major: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    major.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return { major, minor: [] };
}

function drawable(v: number, scale: Scale): boolean {
  return Number.isFinite(v) && (scale === 'linear' || v > 0);
}

function range(axis: Axis, data: readonly number[]): [number, number] {
  const ok = data.filter((v) => drawable(v, axis.scale));
  let lo = axis.min ?? (ok.length ? Math.min(...ok) : axis.scale === 'log' ? 0.1 : 0);
  let hi = axis.max ?? (ok.length ? Math.max(...ok) : axis.scale === 'log' ? 10 : 1);
  if (axis.scale === 'log') {
    if (axis.min === undefined) lo = decade(Math.floor(Math.log10(lo) + 1e-9));
    if (axis.max === undefined) hi = decade(Math.ceil(Math.log10(hi) - 1e-9));
    if (hi <= lo) hi = lo * 10;
  } else {
    if (hi <= lo) ((lo -= 0.5), (hi += 0.5));
    const pad = (hi - lo) * 0.05;
    if (axis.min === undefined) lo -= pad;
    if (axis.max === undefined) hi += pad;
  }
  return [lo, hi];
}

function scaler(scale: Scale, [lo, hi]: readonly [number, number], p0: number, p1: number): (v: number) => number {
  if (scale === 'log') {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    return (v) => p0 + ((Math.log10(v) - a) / (b - a)) * (p1 - p0);
  }
  return (v) => p0 + ((v - lo) / (hi - lo)) * (p1 - p0);
}

/** Cell edges from ascending centres: midpoints (geometric on a log axis), ends mirrored. */
export function edges(scale: Scale, c: readonly number[]): number[] {
  const t = scale === 'log' ? c.map(Math.log10) : [...c];
  const e: number[] = [];
  if (t.length === 1) e.push(t[0]! - 0.5, t[0]! + 0.5);
  else {
    e.push(t[0]! - (t[1]! - t[0]!) / 2);
    for (let i = 0; i + 1 < t.length; i++) e.push((t[i]! + t[i + 1]!) / 2);
    e.push(t[t.length - 1]! + (t[t.length - 1]! - t[t.length - 2]!) / 2);
  }
  return scale === 'log' ? e.map((v) => 10 ** v) : e;
}

function edgesRange(scale: Scale, c: readonly number[]): [number, number] {
  const e = edges(scale, c);
  return [e[0]!, e[e.length - 1]!];
}

function svgRoot(w: number, h: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 ` +
    `0 ${w} ${h}" font-family="Helvetica, Arial, sans-serif" role="img" ` +
    `aria-label="${esc(title)}">\n<title>${esc(title)}</title>\n${body}\n</svg>`
  );
}

function text(x: number, y: number, s: string, o: { anchor?: string; weight?: string; size?: number } = {}): string {
  return (
    `<text x="${f(x)}" ` +
    `y="${f(y)}"${o.anchor ? ` text-anchor="${o.anchor}"` : ''}${o.weight ? ` font-weight="${o.weight}"` : ''} ` +
    `font-size="${o.size ?? 12}">${esc(s)}</text>`
  );
}

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f = (v: number): string => (Math.round(v * 10) / 10).toString();
const hash = (s: string): string => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
};

/** 10^k correctly rounded (V8's 10 ** -4 is 0.00009999999999999999). */
export const decade = (k: number): number => Number(`1e${k}`);
