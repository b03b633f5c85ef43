// The library: what another program may rely on. Everything else under src/ is internal and may change
// between versions; this module only re-shapes it into a few documented entry points.
import { readFileSync } from 'node:fs';
import type { Decimal } from 'decimal.js';
import { fp, type Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import { MAX_OUTPUT_DIGITS, toDigits } from '../numeric/precision.js';
import {
  evaluate as evaluateTheory,
  limitErrors,
  theoryValues,
  type Evaluation as TheoryEvaluation,
  type Regime,
} from '../theory/evaluate.js';
import { kappaInfinity, type Growth, type LimitErrors } from '../theory/limits.js';
import {
  allowedRange,
  DOMAIN,
  DOMAIN_KEYS,
  liftParams,
  readNumberOrInf,
  validateParams,
  xOf,
  type ParamName,
  type Params,
} from '../theory/params.js';
import {
  DEFAULT_REPLICATES,
  simulate as simulateModel,
  type Estimate,
  type SimulateOptions,
  type SimulateResult,
} from '../sim/simulate.js';
import {
  extrapolate as extrapolatePoints,
  type Extrapolation,
  type ExtrapolationModel,
  type LadderPoint,
} from '../sim/ladder/leastSquares.js';
import { runLadder, type LadderResult } from '../sim/ladder/ladder.js';
import { DEFAULT_WORKERS } from '../sim/pool.js';
import { P_THREE_SIGMA } from '../numeric/stats.js';
import { runBaseline, type BaselineResult, type BaselineRunOptions } from '../sim/baselineSimulation.js';
import { parseCandidate, type Target } from '../candidate/parse.js';
import { judge, type Verdict } from '../candidate/verdict.js';
import type { Evidence } from '../candidate/evidence/evidence.js';
import { ParseError } from '../symbolic/syntax.js';
import { CHECK_FORMULA_DEFAULTS } from '../candidate/defaults.js';
import { runChecks as runRegistry, selectChecks, type RunResult, type CheckRecord } from '../registry/run.js';
import type { Check } from '../registry/registry.js';
import { REGISTRY_SEED } from '../numeric/seeds.js';
import { gridColumns, gridComments, gridCsvChunks, gridRows, parseGrid, type GridRequest } from '../theory/gridEval.js';
import { csvHeader } from '../io/table.js';
import { derivativeParam, derivatives as partialDerivatives } from '../theory/derivatives.js';
import { alphaStar as findAlphaStar, optimalLambda as findOptimalLambda, type Optimum } from '../theory/optima.js';
import { SINGLE_FIGURES, type FigureTable } from '../figures/theoryPanels.js';
import { renderFigure, type FigureFormat, type RenderedFigure } from '../report/single.js';
import {
  extrapolateGridColumns,
  extrapolateGridRows,
  finiteDAxes,
  simulateGridColumns,
  simulateGridRows,
} from '../sweep/simulationGrid.js';

export { DomainError, ParseError, REGISTRY_SEED };
export type {
  Estimate,
  Evidence,
  Extrapolation,
  ExtrapolationModel,
  Growth,
  LadderPoint,
  LadderResult,
  Regime,
  SimulateOptions,
  SimulateResult,
  Target,
  Verdict,
  RunResult,
  CheckRecord,
  BaselineResult,
  BaselineRunOptions,
};

/** A parameter value: a number, a decimal string (read exactly at N digits), or `'inf'` where a limit is allowed. */
export type ParamValue = number | string;

/**
 * One point of the parameter domain (docs/theory.md §1): α = ℓ/d, κ = k/d, τ = n/d² (each > 0 or `'inf'`),
 * the label noise ρ ≥ 0 and the ridge λ ≥ 0 (finite). `tauPerAlpha` (c = τ/α > 0) is required exactly
 * when α and τ are both infinite (the joint limit).
 */
export interface ParamPoint {
  alpha: ParamValue;
  kappa: ParamValue;
  tau: ParamValue;
  rho: ParamValue;
  lambda: ParamValue;
  tauPerAlpha?: ParamValue;
}

/** The errors at one point in float64: what `icl-verify eval` prints, as numbers. */
export interface Evaluation {
  /** Which formula applied: the finite unified formulas or one of the limits. */
  regime: Regime;
  /** The self-consistent ε. */
  epsilon: number;
  eICL: number;
  eIDG: number;
  /** g_task = e^ICL − e^IDG. */
  gTask: number;
  /** For each divergent (infinite) error, its growth: `rate · α^power` with power 1 or 1/2. */
  growth: { eICL?: Growth<number>; eIDG?: Growth<number>; gTask?: Growth<number> };
}

/**
 * The errors at one point to N correct significant digits, as decimal strings: the same keys as
 * `icl-verify eval --digits N --json` (a divergent error is `"Infinity"`, with its growth rate under
 * `eICLPerAlpha`, `eICLPerSqrtAlpha`, …).
 */
export interface DigitsEvaluation {
  regime: Regime;
  epsilon: string;
  eICL: string;
  eIDG: string;
  gTask: string;
  [growthRate: string]: string;
}

/** The point in a numeric context; a missing or malformed value is a DomainError naming the parameter. */
function toParams<T>(c: Ctx<T>, p: ParamPoint): Params<T> {
  for (const key of DOMAIN_KEYS) {
    const v = p[key];
    if (v === undefined) {
      if (DOMAIN[key].jointLimitOnly) continue;
      throw new DomainError(DOMAIN[key].flag, allowedRange(key), 'nothing');
    }
    const ok = typeof v === 'number' ? !Number.isNaN(v) : readNumberOrInf(v, DOMAIN[key].allowInf) !== undefined;
    if (!ok) throw new DomainError(DOMAIN[key].flag, allowedRange(key), String(v));
  }
  return liftParams(c, p);
}

/**
 * Every asymptotic error at one point, in float64: ε, e^ICL, e^IDG and g_task, dispatching to the
 * encoded limits when α or τ is infinite. The numbers are those `icl-verify eval --json` prints.
 *
 * @throws {@link DomainError} naming the first parameter outside the domain and its allowed range.
 * @example
 * ```ts
 * evaluate({ alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 }).eICL
 * ```
 */
export function evaluate(point: ParamPoint): Evaluation {
  const e: TheoryEvaluation<number> = evaluateTheory(fp, toParams(fp, point));
  return { regime: e.regime, epsilon: e.epsilon, eICL: e.eICL, eIDG: e.eIDG, gTask: e.gTask, growth: e.growth };
}

/**
 * Every asymptotic error at one point to `digits` correct significant digits (1 to 100), computed in
 * decimal arithmetic at rising working precision until the rounded values settle. Decimal strings in
 * the point are read exactly ("0.85" is 0.85, not the nearest double).
 *
 * @throws {@link DomainError} for a point outside the domain; RangeError for a bad `digits`.
 */
export function evaluateDigits(point: ParamPoint, digits: number): DigitsEvaluation {
  if (!Number.isInteger(digits) || digits < 1 || digits > MAX_OUTPUT_DIGITS)
    throw new RangeError(`digits must be an integer in [1, ${MAX_OUTPUT_DIGITS}], got ${digits}`);
  let regime: Regime = 'finite';
  const values = toDigits(digits, (c: Ctx<Decimal>) => {
    const e = evaluateTheory(c, toParams(c, point));
    regime = e.regime;
    const out: Record<string, Decimal> = { epsilon: e.epsilon, eICL: e.eICL, eIDG: e.eIDG, gTask: e.gTask };
    for (const [name, g] of Object.entries(e.growth))
      if (g) out[`${name}${g.power === 1 ? 'PerAlpha' : 'PerSqrtAlpha'}`] = g.rate;
    return out;
  });
  return { regime, ...values } as DigitsEvaluation;
}

/** A limit's errors in float64; an infinite error comes with its growth in α. */
export type LimitValues = LimitErrors<number>;

/**
 * The limits of the theory (docs/theory.md §5–§6) as functions of the parameters that remain, in float64.
 * Each checks its domain like {@link evaluate} (DomainError naming the parameter).
 */
export const limits = {
  /** α = ∞ (infinitely long contexts): the errors at κ, τ, ρ, λ; e^ICL may diverge like α or √α. */
  alphaInfinity: (p: { kappa: number; tau: number; rho: number; lambda: number }): LimitValues =>
    limitErrors(fp, 'alpha=inf', { alpha: Infinity, ...p }),
  /** τ = ∞ (infinite pretraining data): the population optimum's errors at α, κ, ρ, λ. */
  tauInfinity: (p: { alpha: number; kappa: number; rho: number; lambda: number }): LimitValues =>
    limitErrors(fp, 'tau=inf', { tau: Infinity, ...p }),
  /** α, τ → ∞ with τ/α = c fixed: the memorization-to-ICL transition, at κ, ρ, λ. */
  alphaTauInfinity: (p: { kappa: number; rho: number; lambda: number; tauPerAlpha: number }): LimitValues =>
    limitErrors(fp, 'alpha,tau=inf', { alpha: Infinity, tau: Infinity, ...p }),
  /** κ = ∞ (a fresh task per context): ε and the common value e = e^ICL = e^IDG at α, τ, ρ, λ. */
  kappaInfinity(p: { alpha: number; tau: number; rho: number; lambda: number }): { epsilon: number; e: number } {
    const params = { kappa: Infinity, ...p };
    validateParams(fp, params);
    return kappaInfinity(fp, xOf(fp, params), p.tau, p.rho, p.lambda);
  },
};

/**
 * Simulates the finite-d model at one point (docs/theory.md §1–§3): fits Γ* on n = round(τd²) contexts of
 * length ℓ = round(αd) from k = round(κd) tasks, `replicates` times on worker threads, and returns
 * e^ICL, e^IDG, g_task as mean ± standard error. Bit-for-bit reproducible from `seed`, whatever `workers`.
 * The same as `icl-verify simulate`.
 */
export function simulate(options: SimulateOptions): Promise<SimulateResult> {
  return simulateModel(options);
}

/**
 * Simulates a baseline of docs/theory.md §7 at the model's sizes: `'dmmse'` (the posterior mean over the
 * k = round(κd) pretraining tasks) or `'ridge'` (ridge on the context alone, e^ICL only). The same as
 * `icl-verify simulate --estimator dmmse|ridge`.
 */
export function simulateBaseline(options: BaselineRunOptions): BaselineResult {
  return runBaseline(options);
}

/**
 * Simulates every d of a ladder (`options.replicates` at each, default 4 as for `simulate`) and extrapolates each error to d = ∞
 * in 1/d, compared with the theory's float64 value (z-score, p-value and the smallest relative error
 * of the theory the comparison detects, per error). The model is `'curved'` (a + b/d + c/d², at least
 * four d) by default with four or more d, else `'linear'` (a + b/d, at least three). The same as
 * `icl-verify extrapolate --replicates N`.
 */
export function simulateLadder(
  ds: readonly number[],
  options: Omit<SimulateOptions, 'd'> & { model?: ExtrapolationModel },
): Promise<LadderResult> {
  const { replicates, model = ds.length >= 4 ? 'curved' : 'linear', ...rest } = options;
  return runLadder(
    { ds: [...ds], replicates: ds.map(() => replicates ?? DEFAULT_REPLICATES) },
    rest,
    model,
    P_THREE_SIGMA,
    theoryValues(options),
  );
}

/**
 * Extrapolates finite-d estimates (mean ± standard error at each d) to d = ∞ by weighted least
 * squares in 1/d (`'linear'`: a + b/d with half the curvature change as model error; `'curved'`: a + b/d + c/d²;
 * `'quadratic'`: a + b/d + c/d² with the whole change from the line), with the standard error of the limit.
 */
export function extrapolate(points: readonly LadderPoint[], model: ExtrapolationModel = 'linear'): Extrapolation {
  return extrapolatePoints(points, model);
}

/** How to judge a candidate: the seed replays it; the budget fixes the plan of simulations. */
export interface CheckFormulaOptions {
  /** Replays the design and every simulation (default 1). */
  seed?: number;
  /**
   * Budget of the statistical evidence, 5 to 86400 reference seconds (default 300): it fixes the plan
   * before anything runs (docs/check-formula.md), the same on every machine; an accept needs at least
   * 24 screened points (all when fewer are simulable).
   */
  budgetSeconds?: number;
  /** Worker threads (default 2). */
  workers?: number;
  /** Run every check even after one has failed (the verdict cannot change). */
  exhaustive?: boolean;
  /** Progress messages while it runs. */
  onProgress?: (message: string) => void;
}

/**
 * Judges a candidate formula given as the text of a candidate file (format: docs/check-formula.md):
 * exact invariants and limits, the τ → ∞ population optimum and finite-d simulation, none of which
 * uses the formulas shipped with icl-verify. Resolves to the verdict object that
 * `icl-verify check-formula --json` prints (`verdict`, `target`, `evidence` with the decisive first, …).
 *
 * @throws {@link ParseError} (with `line` and `col`) for a mistake in the text.
 */
export async function checkFormula(source: string, options: CheckFormulaOptions = {}): Promise<Verdict> {
  const D = CHECK_FORMULA_DEFAULTS;
  const budgetSeconds = options.budgetSeconds ?? D.budgetSeconds;
  if (!Number.isInteger(budgetSeconds) || budgetSeconds < D.minBudgetSeconds || budgetSeconds > D.maxBudgetSeconds)
    throw new RangeError(
      `budgetSeconds must be an integer in [${D.minBudgetSeconds}, ${D.maxBudgetSeconds}], got ${budgetSeconds}`,
    );
  const cand = parseCandidate(source);
  return judge(cand, {
    seed: options.seed ?? D.seed,
    budgetSeconds,
    workers: options.workers ?? DEFAULT_WORKERS,
    exhaustive: options.exhaustive ?? false,
    onProgress: options.onProgress,
  });
}

/**
 * {@link checkFormula} on a candidate file. A mistake in the file is a {@link ParseError} whose message
 * starts with `FILE:LINE:COL:`, as on the command line.
 */
export async function checkFormulaFile(file: string, options: CheckFormulaOptions = {}): Promise<Verdict> {
  const source = readFileSync(file, 'utf8');
  try {
    return await checkFormula(source, options);
  } catch (err) {
    if (err instanceof ParseError) {
      const located = new ParseError(`${file}:${err.line}:${err.col}: ${err.message}`, err.line, err.col);
      throw located;
    }
    throw err;
  }
}

/** One check of the registry, as {@link listChecks} describes it. */
export interface CheckInfo {
  /** Stable dotted name, e.g. `theory.float64-vs-60-digits`. */
  id: string;
  /** What the paper (or docs/theory.md) claims, in one sentence. */
  claim: string;
  /** The theory object the check is about. */
  subject: string;
  /** What a failure of the check would reveal (what its evidence can catch). */
  detects: string;
}

/** The registry, loaded on first use: building its checks takes seconds that evaluate() users should not pay. */
const loadRegistry = async (): Promise<readonly Check[]> => (await import('../checks/index.js')).checks;

/**
 * The checks of the registry whose id matches a pattern (a substring, or a glob with `*`); all of
 * them without patterns.
 */
export async function listChecks(patterns: readonly string[] = []): Promise<CheckInfo[]> {
  return selectChecks(await loadRegistry(), patterns).map(({ id, claim, subject, detects }) => ({
    id,
    claim,
    subject,
    detects,
  }));
}

/** How {@link runChecks} runs the registry. */
export interface RunChecksOptions {
  /** The smaller budget CI runs (`verify --quick`). */
  quick?: boolean;
  /** Base seed of every statistical check (default {@link REGISTRY_SEED}, as `verify`). */
  seed?: number;
  /** Overrides every check's own CPU-time limit (seconds). */
  timeoutSeconds?: number;
}

/**
 * Runs the registry checks matching the patterns (all without patterns), each on a worker thread
 * under its time limit, and resolves to the result `icl-verify verify --json` prints (without the
 * report). A check that throws or exceeds its CPU-time limit has status `error` with the reason; one whose
 * run cannot test its claim (e.g. with `quick`) has status `not-run` with why: neither is a pass.
 *
 * Rejects with a {@link DomainError} when the patterns match no check.
 */
export async function runChecks(patterns: readonly string[] = [], options: RunChecksOptions = {}): Promise<RunResult> {
  const registry = await loadRegistry();
  const selected = selectChecks(registry, patterns);
  if (selected.length === 0)
    throw new DomainError(
      'patterns',
      `patterns matching at least one of the ${registry.length} check ids`,
      patterns.join(','),
    );
  const registryModule = new URL('../checks/index.js', import.meta.url).href;
  return runRegistry(selected, {
    quick: options.quick ?? false,
    seed: options.seed ?? REGISTRY_SEED,
    only: [...patterns],
    isolate: { registry: registryModule, timeoutSeconds: options.timeoutSeconds },
  });
}

// ---- The toolbox: grids, derivatives, optima (docs/toolbox.md) ----

/** A parameter's text as `eval` reads it: a value, a list `1,10,100`, a range `0.5:5:0.05` or `log:1e-2:1e2:200`. */
export type AxisText = string;

/** Options of {@link evaluateGrid}. */
export interface GridOptions {
  /** N correct digits (values become decimal strings); float64 numbers by default. */
  digits?: number;
  /** Parameters to differentiate in: adds the columns `d<f>_d<param>` for f = epsilon, eICL, eIDG, gTask. */
  derivatives?: Array<'alpha' | 'kappa' | 'tau' | 'rho' | 'lambda'>;
}

/**
 * The theory over the cartesian product of the axes (the last parameter varies fastest), one row per
 * point as an object keyed by the columns of `eval --format jsonl`, produced lazily (a grid of 10⁶ points
 * is never held in memory). A point outside the domain has null values and its reason in `note`.
 *
 * @throws {@link DomainError} naming the flag of a malformed or out-of-domain axis.
 * @example
 * ```ts
 * for (const row of evaluateGrid({ alpha: 'log:0.1:100:31', kappa: '0.5', tau: '2', rho: '0.1', lambda: '0' }))
 *   console.log(row.alpha, row.eICL);
 * ```
 */
export function* evaluateGrid(
  axes: Record<'alpha' | 'kappa' | 'tau' | 'rho' | 'lambda', AxisText> & { tauPerAlpha?: AxisText },
  options: GridOptions = {},
): Generator<Record<string, number | string | null>> {
  const flags: Record<string, string | undefined> = { ...axes, [DOMAIN.tauPerAlpha.flag]: axes.tauPerAlpha };
  const req: GridRequest = {
    axes: parseGrid((f) => flags[f]),
    digits: options.digits ?? null,
    paramsAsNumbers: true,
    derivatives: (options.derivatives ?? []).map((d) => derivativeParam(d, 'derivatives')),
  };
  const cols = gridColumns(req);
  for (const row of gridRows(req)) yield Object.fromEntries(cols.map((c, i) => [c, row[i] ?? null]));
}

/**
 * The float64 grid as the bytes of `eval --format csv` (its '#' lines and header first), in chunks of about
 * 1 MiB of UTF-8, produced lazily at the speed of the command (docs/toolbox.md, Speed): write them to a
 * file or a stream. For digits or derivatives, {@link evaluateGrid} gives the rows.
 *
 * @throws {@link DomainError} naming the flag of a malformed or out-of-domain axis.
 */
export function* evaluateGridCsv(
  axes: Record<'alpha' | 'kappa' | 'tau' | 'rho' | 'lambda', AxisText> & { tauPerAlpha?: AxisText },
): Generator<Uint8Array> {
  const flags: Record<string, string | undefined> = { ...axes, [DOMAIN.tauPerAlpha.flag]: axes.tauPerAlpha };
  const req: GridRequest = { axes: parseGrid((f) => flags[f]), digits: null };
  yield new TextEncoder().encode(csvHeader(gridColumns(req), gridComments(req)));
  yield* gridCsvChunks(req);
}

/** ∂/∂(one parameter) of ε, e^ICL, e^IDG and g_task: numbers in float64, decimal strings to `digits` digits. */
export interface PartialDerivatives<V> {
  wrt: 'alpha' | 'kappa' | 'tau' | 'rho' | 'lambda';
  epsilon: V;
  eICL: V;
  eIDG: V;
  gTask: V;
}

/**
 * The exact partial derivatives at a finite point (α, τ finite; κ finite for `wrt = 'kappa'`), by implicit
 * differentiation of the self-consistency; one-sided at ρ = 0 or λ = 0. Float64 by default; with `digits`,
 * N correct digits as decimal strings.
 *
 * @throws {@link DomainError} for a point outside the domain or at a limit.
 */
export function derivative(point: ParamPoint, wrt: PartialDerivatives<number>['wrt']): PartialDerivatives<number>;
export function derivative(
  point: ParamPoint,
  wrt: PartialDerivatives<number>['wrt'],
  digits: number,
): PartialDerivatives<string>;
export function derivative(
  point: ParamPoint,
  wrt: PartialDerivatives<number>['wrt'],
  digits?: number,
): PartialDerivatives<number> | PartialDerivatives<string> {
  const w = derivativeParam(wrt, 'wrt');
  if (digits === undefined) {
    const d = partialDerivatives(fp, toParams(fp, point), w);
    return { wrt: w, epsilon: d.epsilon, eICL: d.eICL, eIDG: d.eIDG, gTask: d.gTask };
  }
  if (!Number.isInteger(digits) || digits < 1 || digits > MAX_OUTPUT_DIGITS)
    throw new RangeError(`digits must be an integer in [1, ${MAX_OUTPUT_DIGITS}], got ${digits}`);
  const v = toDigits(digits, (c: Ctx<Decimal>) => {
    const d = partialDerivatives(c, toParams(c, point), w);
    return { epsilon: d.epsilon, eICL: d.eICL, eIDG: d.eIDG, gTask: d.gTask };
  });
  return { wrt: w, ...v };
}

export type { Optimum };

/**
 * λ*: the ridge minimising e^ICL over λ ≥ 0 at finite α, τ (κ, ρ as given), with a certified bracket
 * (`lo`, `hi`: de^ICL/dλ < 0 at lo, > 0 at hi) narrowed to `digits` digits (default: 17, float64's);
 * `kind` is 'zero' or 'infinity' when the minimum is at a boundary. Values are decimal strings.
 */
export function optimalLambda(point: Omit<ParamPoint, 'lambda' | 'tauPerAlpha'>, digits?: number): Optimum {
  return findOptimalLambda(optimumPoint(point), digits ?? null);
}

/**
 * α*: the interior minimiser in α of e^ICL (or `of: 'eIDG'`) at κ, τ, ρ, λ where the curve is
 * non-monotone (Figures 2, 3), with a certified bracket; `kind: 'none'` with the reason otherwise.
 */
export function alphaStar(
  point: Omit<ParamPoint, 'alpha' | 'tauPerAlpha'>,
  options: { digits?: number; of?: 'eICL' | 'eIDG' } = {},
): Optimum {
  return findAlphaStar(optimumPoint(point), options.digits ?? null, options.of ?? 'eICL');
}

/** The given parameters as decimal strings, each checked as `eval` checks it. */
function optimumPoint<K extends string>(point: Record<K, ParamValue>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const [k, v] of Object.entries(point) as Array<[K, ParamValue]>) {
    const key = k as unknown as keyof typeof DOMAIN;
    const s = typeof v === 'number' ? (v === Infinity ? 'inf' : String(v)) : readNumberOrInf(v, DOMAIN[key].allowInf);
    if (s === undefined || s === 'NaN') throw new DomainError(DOMAIN[key].flag, allowedRange(key), String(v));
    out[k] = s;
  }
  return out;
}

// ---- Single figures (docs/toolbox.md) ----

export type { FigureFormat, FigureTable, RenderedFigure };

/** The figures {@link figure} draws: id and title (`icl-verify figure --list`). */
export function listSingleFigures(): Array<{ id: string; title: string }> {
  return Object.entries(SINGLE_FIGURES).map(([id, f]) => ({ id, title: f.title }));
}

/**
 * One panel of the paper's Figures 1–4 (theory only), 3.4 in wide for a paper column, exactly as
 * `icl-verify figure ID --format F` writes it: `content` is the SVG or CSV text or the PNG (300 dpi) or
 * PDF bytes (drawn by /usr/bin/chromium through playwright-core), with the plotted data beside it as
 * `csv` and as numbers in `table` (null where the theory has no value; Figure 2's α* in `table.alphaStar`).
 *
 * @throws {@link DomainError} naming `figure` or `format` when either is unknown, or `--format` when
 * Chromium or playwright-core is missing for PNG and PDF.
 */
export function figure<F extends FigureFormat = 'svg'>(
  id: string,
  options: { format?: F } = {},
): Promise<RenderedFigure<F>> {
  return renderFigure(id, options.format ?? ('svg' as F));
}

// ---- simulate and extrapolate over a grid (docs/toolbox.md) ----

/** A grid of the five parameters, each as `eval` reads it (α, τ finite at finite d; κ may be `'inf'`). */
export type SimAxes = Record<'alpha' | 'kappa' | 'tau' | 'rho' | 'lambda', AxisText>;

/** One row of {@link simulateGrid}: the columns of `simulate --format jsonl`. */
export interface SimulateGridRow {
  d: number;
  alpha: number;
  kappa: number;
  tau: number;
  rho: number;
  lambda: number;
  /** Mean over replicates, its standard error, and the d = ∞ theory (null outside its domain). */
  eICL: number;
  eICL_se: number | null;
  eICL_theory: number | null;
  eIDG: number;
  eIDG_se: number | null;
  eIDG_theory: number | null;
  gTask: number;
  gTask_se: number | null;
  gTask_theory: number | null;
  replicates: number;
  seed: number;
  /** The simulation's warnings, or null. */
  note: string | null;
}

const rowObject = <R>(columns: readonly string[], cells: readonly unknown[]): R =>
  Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? null])) as R;

/**
 * {@link simulate} at every point of the cartesian product of the axes (the last, λ, fastest), every point
 * with the same seed, one row per point as it finishes: what `icl-verify simulate --format jsonl` streams.
 *
 * @throws {@link DomainError} naming the flag of a malformed axis, or α, τ infinite.
 */
export async function* simulateGrid(
  axes: SimAxes,
  options: Omit<SimulateOptions, ParamName>,
): AsyncGenerator<SimulateGridRow> {
  const { d, ...rest } = options;
  const columns = simulateGridColumns();
  for await (const cells of simulateGridRows(
    finiteDAxes((k) => axes[k]),
    d,
    rest,
    true,
  ))
    yield rowObject<SimulateGridRow>(columns, cells);
}

/** One row of {@link extrapolateGrid}: the columns of `extrapolate --format jsonl`. */
export interface ExtrapolateGridRow {
  alpha: number;
  kappa: number;
  tau: number;
  rho: number;
  lambda: number;
  /** For q = eICL, eIDG, gTask: the fitted d = ∞ value, its 95% interval, the theory and the z-score. */
  [column: string]: number | string | null;
  /** Replicates at each d, space-separated. */
  replicates: string;
  seed: number;
  /** Warnings of the fit and rounding notes, or null. */
  note: string | null;
}

/**
 * {@link simulateLadder} at every point of the grid (λ fastest), `replicates` at each d (default 4), every
 * point with the same seed: what `icl-verify extrapolate --replicates N --format jsonl` streams.
 */
export async function* extrapolateGrid(
  axes: SimAxes,
  ds: readonly number[],
  options: Omit<SimulateOptions, 'd' | ParamName> & { model?: ExtrapolationModel },
): AsyncGenerator<ExtrapolateGridRow> {
  const { replicates, model = ds.length >= 4 ? 'curved' : 'linear', ...rest } = options;
  const design = { ds: [...ds], replicates: ds.map(() => replicates ?? DEFAULT_REPLICATES) };
  const columns = extrapolateGridColumns();
  for await (const cells of extrapolateGridRows(
    finiteDAxes((k) => axes[k]),
    ds,
    () => design,
    model,
    rest,
    true,
  ))
    yield rowObject<ExtrapolateGridRow>(columns, cells);
}
