// `simulate` and `extrapolate` over a grid (the range syntax of theory/grid.ts in every parameter): one
// simulation or one ladder per point, every point with the same seed, each a row of its error bars with
// the theory beside it. The CLI streams these rows as a table; the API hands them out as objects.
import type { Cell } from '../io/table.js';
import { DomainError } from '../numeric/domain.js';
import { P_THREE_SIGMA } from '../numeric/stats.js';
import { extrapolateWarnings, simulateWarnings } from '../sim/ladder/diagnostics.js';
import { roundingNotes, runLadder, type LadderDesign } from '../sim/ladder/ladder.js';
import type { ExtrapolationModel } from '../sim/ladder/leastSquares.js';
import { simulate, type SimulateOptions } from '../sim/simulate.js';
import { theoryValues } from '../theory/evaluate.js';
import { parseAxis, pointIterator, type Axis } from '../theory/grid.js';
import { DOMAIN, PARAM_NAMES, type ParamName } from '../theory/params.js';

const QUANTITIES = ['eICL', 'eIDG', 'gTask'] as const;

/** The options of every point but the parameters (and d, given apart). */
export type PointOptions = Omit<SimulateOptions, 'd' | ParamName>;

/** The five axes from each parameter's text; α and τ must be finite at finite d (κ may be inf). */
export function finiteDAxes(get: (param: ParamName) => string): Axis[] {
  return PARAM_NAMES.map((k) => {
    const raw = get(k);
    const axis = parseAxis(k, raw);
    if (!DOMAIN[k].infAtFiniteD && axis.numbers.some((v) => !Number.isFinite(v)))
      throw new DomainError(`--${k}`, 'finite at finite d', `'${raw}'`);
    return axis;
  });
}

/** How a grid run labels its axes in its comment line. */
const axesText = (axes: readonly Axis[]): string => axes.map((a) => `${a.key} (${a.values.length})`).join(' x ');

/** Each point's parameters as numbers and as given (numbers for JSON, the decimals given for CSV and tables). */
function* points(axes: Axis[], paramsAsNumbers: boolean): Generator<[Record<ParamName, number>, Cell[]]> {
  const it = pointIterator(axes);
  for (let idx = it.next(); idx !== undefined; idx = it.next()) {
    const values = axes.map((a, k) => (paramsAsNumbers ? a.numbers[idx[k]!]! : a.values[idx[k]!]!));
    yield [Object.fromEntries(axes.map((a, k) => [a.key, a.numbers[idx[k]!]!])) as Record<ParamName, number>, values];
  }
}

export const simulateGridColumns = (): string[] => [
  'd',
  ...PARAM_NAMES,
  ...QUANTITIES.flatMap((q) => [q, `${q}_se`, `${q}_theory`]),
  'replicates',
  'seed',
  'note',
];

export const simulateGridComments = (axes: readonly Axis[], d: number): string[] => [
  `icl-verify simulate over ${axesText(axes)} at d = ${d}; every point with the same --seed`,
  'q, q_se: mean and standard error over replicates of the finite-d error q (Proposition 1, exact given Gamma*)',
  'q_theory: the asymptotic d = inf value (docs/theory.md §5), empty outside its domain; note: simulate warnings',
];

/** One simulation per point (last axis fastest), lazily: the cells of simulateGridColumns. */
export async function* simulateGridRows(
  axes: Axis[],
  d: number,
  options: PointOptions,
  paramsAsNumbers: boolean,
): AsyncGenerator<Cell[]> {
  for (const [point, values] of points(axes, paramsAsNumbers)) {
    const opts = { ...options, ...point };
    const r = await simulate({ d, ...opts });
    let theory: Record<string, number | null> = { eICL: null, eIDG: null, gTask: null };
    try {
      theory = theoryValues(opts);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
    const cells = QUANTITIES.flatMap((q) => [r[q].mean, r[q].stderr, theory[q] ?? null]);
    const warn = simulateWarnings(r).join('; ');
    yield [d, ...values, ...cells, r.replicates, r.seed, warn || null];
  }
}

export const extrapolateGridColumns = (): string[] => [
  ...PARAM_NAMES,
  ...QUANTITIES.flatMap((q) => [`${q}_dinf`, `${q}_ci95_lo`, `${q}_ci95_hi`, `${q}_theory`, `${q}_z`]),
  'replicates',
  'seed',
  'note',
];

export const extrapolateGridComments = (axes: readonly Axis[], ds: readonly number[], model: string): string[] => [
  `icl-verify extrapolate over ${axesText(axes)}; ladder d = ${ds.join(', ')}, model ${model}; every point with the same --seed`,
  'q_dinf: the fitted d = inf value of the finite-d error q, with its 95% interval [q_ci95_lo, q_ci95_hi]',
  'q_theory: the asymptotic value (docs/theory.md §5); q_z = (q_dinf - q_theory)/stderr; replicates: per d',
];

/** One ladder per point (last axis fastest), lazily: the cells of extrapolateGridColumns. */
export async function* extrapolateGridRows(
  axes: Axis[],
  ds: readonly number[],
  design: (options: Omit<PointOptions, 'replicates'> & Record<ParamName, number>) => LadderDesign,
  model: ExtrapolationModel,
  options: Omit<PointOptions, 'replicates'>,
  paramsAsNumbers: boolean,
): AsyncGenerator<Cell[]> {
  for (const [point, values] of points(axes, paramsAsNumbers)) {
    const opts = { ...options, ...point };
    const r = await runLadder(design(opts), opts, model, P_THREE_SIGMA, theoryValues(opts));
    const cells = QUANTITIES.flatMap((q) => {
      const c = r.comparisons.find((x) => x.quantity === q);
      return c ? [c.fit.value, c.fit.ci95[0], c.fit.ci95[1], c.theory, c.z] : [null, null, null, null, null];
    });
    const notes = [
      ...extrapolateWarnings(r.comparisons, Math.min(...r.replicates)),
      ...roundingNotes([...ds], r.options),
    ].join('; ');
    yield [...values, ...cells, r.replicates.join(' '), r.runs[0]!.seed, notes || null];
  }
}
