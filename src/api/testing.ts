// Helpers for a user's own test suite (`icl-verify/testing`): fast-check arbitraries over the parameter
// domain, limits and boundaries included, and an assertion that runs check-formula on a candidate.
// fast-check is a peer dependency: only this module needs it.
import fc from 'fast-check';
import { checkFormula, checkFormulaFile, ParseError, type CheckFormulaOptions, type Verdict } from './index.js';
import { formatPoint } from '../candidate/design.js';
import type { Evidence } from '../candidate/evidence/evidence.js';
import type { Params } from '../theory/params.js';

/** A point of the parameter domain in float64; `Infinity` marks a limit. */
export interface NumericPoint extends Params<number> {
  /** Present exactly when α = τ = ∞. */
  tauPerAlpha?: number;
}

/** Which parts of the domain {@link paramPoint} draws from. */
export interface DomainOptions {
  /** Include α, κ, τ = ∞ and the joint limit α, τ → ∞ (default true). */
  limits?: boolean;
  /**
   * Include the boundaries where the formulas change form or nearly cancel: κ = 1, κ = τ,
   * λ = 0 (ridgeless), ρ = 0, τ just either side of 1, tiny λ (default true).
   */
  boundaries?: boolean;
  /** Only ridgeless points (λ = 0) when true, only λ > 0 when false (default: both). */
  ridgeless?: boolean;
}

/** A log-uniform double in [lo, hi] (scale parameters span decades). */
export const logUniform = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map((v) => Math.min(hi, Math.max(lo, Math.exp(v))));

/** Decimal mantissa × 10^e, parsed from its decimal string so that 1.5e-3 prints as 0.0015. */
const decimal = (mantissa: number, digits: number, e: number): number => Number(`${mantissa}e${e - digits}`);

/**
 * Numbers in [lo, hi] spread evenly over decades, three significant digits, and the two ends; a
 * counterexample shrinks toward 10^0 (or the end nearest to it) and toward the mantissa 1, so it reads
 * as round numbers.
 */
export function magnitude(lo: number, hi: number): fc.Arbitrary<number> {
  const elo = Math.floor(Math.log10(lo));
  const ehi = Math.ceil(Math.log10(hi)) - 1;
  const round = fc
    .tuple(fc.integer({ min: 100, max: 999 }), fc.integer({ min: elo, max: Math.max(elo, ehi) }))
    .map(([m, e]) => Math.min(hi, Math.max(lo, decimal(m, 2, e))));
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: round, weight: 9 },
    { arbitrary: fc.constantFrom(lo, hi), weight: 1 },
  );
}

/** 1 ± δ with δ ∈ [closest, 0.1] a round number; shrinks toward 1 + 0.1. */
export const nearOne = (closest: number): fc.Arbitrary<number> =>
  fc.tuple(fc.boolean(), magnitude(closest, 0.1)).map(([below, d]) => (below ? 1 - d : 1 + d));

/** With weight `w` in ten, ∞ instead of a finite value; shrinks toward the finite one. */
export const orInfinity = (finite: fc.Arbitrary<number>, w: number): fc.Arbitrary<number> =>
  fc.oneof(
    { withCrossShrink: true },
    { arbitrary: finite, weight: 10 - w },
    { arbitrary: fc.constant(Infinity), weight: w },
  );

const scale = magnitude(1e-2, 1e2);

/** α = ℓ/d: > 0, or ∞ with `limits`. */
export const alpha = (o: DomainOptions = {}): fc.Arbitrary<number> =>
  o.limits === false ? scale : orInfinity(scale, 2);

/** κ = k/d: > 0, or ∞ with `limits`; with `boundaries` also κ = 1. */
export const kappa = (o: DomainOptions = {}): fc.Arbitrary<number> =>
  fc.oneof(
    { arbitrary: scale, weight: 4 },
    ...(o.limits === false ? [] : [{ arbitrary: fc.constant(Infinity), weight: 1 }]),
    ...(o.boundaries === false ? [] : [{ arbitrary: fc.constant(1), weight: 1 }]),
  );

/** τ = n/d²: > 0, or ∞ with `limits`; with `boundaries` also just either side of the threshold τ = 1. */
export const tau = (o: DomainOptions = {}): fc.Arbitrary<number> =>
  fc.oneof(
    { arbitrary: scale, weight: 4 },
    ...(o.limits === false ? [] : [{ arbitrary: fc.constant(Infinity), weight: 1 }]),
    ...(o.boundaries === false ? [] : [{ arbitrary: fc.constantFrom(0.999, 1.001), weight: 1 }]),
  );

/** ρ ≥ 0, finite; with `boundaries` also ρ = 0. */
export const rho = (o: DomainOptions = {}): fc.Arbitrary<number> =>
  fc.oneof(
    { arbitrary: magnitude(1e-3, 10), weight: 4 },
    ...(o.boundaries === false ? [] : [{ arbitrary: fc.constant(0), weight: 1 }]),
  );

/** λ ≥ 0, finite; with `boundaries` also λ = 0 and λ = 1e-12; `ridgeless` fixes it to 0 (or excludes 0). */
export const lambda = (o: DomainOptions = {}): fc.Arbitrary<number> => {
  if (o.ridgeless === true) return fc.constant(0);
  const positive = fc.oneof(
    { arbitrary: magnitude(1e-4, 1e2), weight: 4 },
    ...(o.boundaries === false ? [] : [{ arbitrary: fc.constant(1e-12), weight: 1 }]),
  );
  if (o.ridgeless === false || o.boundaries === false) return positive;
  return fc.oneof({ arbitrary: positive, weight: 3 }, { arbitrary: fc.constant(0), weight: 1 });
};

/** Where the theory is not defined or not derived even though each parameter is in range. */
const excluded = (p: NumericPoint): boolean =>
  (p.lambda === 0 && p.tau === 1) ||
  // α = ∞, κ = τ = 1/3, λ = 0: e^ICL and e^IDG grow alike and the limit of g_task is not derived.
  (p.alpha === Infinity && p.lambda === 0 && p.kappa === p.tau && p.tau === 1 / 3);

/**
 * A point of the domain of the theory: every point it yields is accepted by `evaluate` (no
 * DomainError). With `boundaries`, a fifth of the points put κ on the boundary κ = τ (where the
 * α = ∞ growth changes order); with `limits`, α = τ = ∞ comes with its `tauPerAlpha`.
 */
export function paramPoint(o: DomainOptions = {}): fc.Arbitrary<NumericPoint> {
  const base = fc.record({
    alpha: alpha(o),
    kappa: kappa(o),
    tau: tau(o),
    rho: rho(o),
    lambda: lambda(o),
    tauPerAlpha: magnitude(1e-2, 1e2),
    onBoundary: fc.boolean(),
  });
  return base
    .map(({ tauPerAlpha, onBoundary, ...p }): NumericPoint => {
      const point: NumericPoint = { ...p };
      if (o.boundaries !== false && onBoundary && Number.isFinite(p.tau) && p.kappa !== Infinity) point.kappa = p.tau;
      if (point.alpha === Infinity && point.tau === Infinity) point.tauPerAlpha = tauPerAlpha;
      return point;
    })
    .filter((p) => !excluded(p));
}

/** A point with exactly one parameter outside its range, and the name a DomainError must give. */
export interface InvalidPoint {
  point: NumericPoint;
  /** The parameter the error names (`tau-per-alpha` for tauPerAlpha). */
  parameter: 'alpha' | 'kappa' | 'tau' | 'rho' | 'lambda' | 'tau-per-alpha';
}

/** Points just outside the domain (a negative or zero scale, NaN, ρ or λ infinite, ridgeless τ = 1, …). */
export function invalidPoint(): fc.Arbitrary<InvalidPoint> {
  const valid = paramPoint({ limits: false, boundaries: false, ridgeless: false });
  const bad = fc.constantFrom(0, -1, -1e-9, NaN);
  return fc.oneof(
    fc.tuple(valid, bad).map(([p, v]): InvalidPoint => ({ point: { ...p, alpha: v }, parameter: 'alpha' })),
    fc.tuple(valid, bad).map(([p, v]): InvalidPoint => ({ point: { ...p, kappa: v }, parameter: 'kappa' })),
    fc.tuple(valid, bad).map(([p, v]): InvalidPoint => ({ point: { ...p, tau: v }, parameter: 'tau' })),
    fc
      .tuple(valid, fc.constantFrom(-1e-9, -1, Infinity, NaN))
      .map(([p, v]): InvalidPoint => ({ point: { ...p, rho: v }, parameter: 'rho' })),
    fc
      .tuple(valid, fc.constantFrom(-1e-9, -1, Infinity, NaN))
      .map(([p, v]): InvalidPoint => ({ point: { ...p, lambda: v }, parameter: 'lambda' })),
    valid.map((p): InvalidPoint => ({ point: { ...p, tau: 1, lambda: 0 }, parameter: 'tau' })),
    valid.map((p): InvalidPoint => ({ point: { ...p, alpha: Infinity, tau: Infinity }, parameter: 'tau-per-alpha' })),
  );
}

/** What {@link expectFormula} expects, and how check-formula runs. */
export interface ExpectFormulaOptions extends CheckFormulaOptions {
  /** The verdict the test requires (default `'accept'`). */
  verdict?: 'accept' | 'reject';
}

/** Thrown by {@link expectFormula} when the verdict is not the expected one; the message says why. */
export class FormulaVerdictError extends Error {
  override name = 'FormulaVerdictError';
  constructor(
    message: string,
    /** The whole verdict, as `check-formula --json` prints it. */
    readonly verdict: Verdict,
  ) {
    super(message);
  }
}

const num = (v: number | null | undefined): string =>
  v === null || v === undefined ? '-' : Number.isFinite(v) ? v.toPrecision(6) : String(v);

/** One line of evidence for a failure message. */
function describeEvidence(e: Evidence): string {
  const where = e.point ? ` at ${formatPoint(e.point)}` : '';
  const stats =
    e.z !== undefined
      ? `: independent ${num(e.expected)} ± ${num(e.stderr)}, candidate ${num(e.candidate)}, z = ${e.z.toFixed(2)} (limit ${num(e.zCritical)})`
      : '';
  return `[${e.kind}] ${e.name}${where}${stats}; ${e.detail}`;
}

/**
 * Runs check-formula on a candidate inside a test (vitest, node:test, jest: anything that fails on a
 * thrown error) and resolves to the verdict when it is the expected one. Otherwise it throws a
 * {@link FormulaVerdictError} whose message names the candidate, the verdict, the decisive evidence
 * (or why the verdict is inconclusive) and the seed that replays it; a mistake in the candidate is a
 * ParseError at FILE:LINE:COL. The rule of check-formula holds here too: an accept needs the coverage
 * of docs/check-formula.md (at least 24 screened points, all when fewer are simulable), so a budget
 * too small for it fails an expected accept with "budget too small: … use at least B s".
 *
 * `candidate` is a file path, or `{ text }` with the candidate itself.
 *
 * @example
 * ```ts
 * test('my formula for e^ICL', async () => {
 *   await expectFormula('formulas/eicl.txt', { seed: 1, budgetSeconds: 60 });
 * }, 120_000);
 * ```
 */
export async function expectFormula(
  candidate: string | { text: string; name?: string },
  options: ExpectFormulaOptions = {},
): Promise<Verdict> {
  const { verdict: expected = 'accept', ...run } = options;
  const name = typeof candidate === 'string' ? candidate : (candidate.name ?? 'candidate');
  let v: Verdict;
  try {
    v =
      typeof candidate === 'string' ? await checkFormulaFile(candidate, run) : await checkFormula(candidate.text, run);
  } catch (err) {
    if (err instanceof ParseError && typeof candidate !== 'string')
      throw new ParseError(`${name}:${err.line}:${err.col}: ${err.message}`, err.line, err.col);
    throw err;
  }
  if (v.verdict === expected) return v;
  const decisive = v.evidence.find((e) => !e.pass);
  const lines = [
    `icl-verify: ${name} (target ${v.target}) was ${{ accept: 'ACCEPTED', reject: 'REJECTED', inconclusive: 'INCONCLUSIVE' }[v.verdict]}, expected ${expected}`,
    v.reason !== undefined
      ? `inconclusive: ${v.reason}`
      : decisive
        ? `decisive evidence: ${describeEvidence(decisive)}`
        : `all ${v.evidence.length} pieces of evidence passed; strength: ${v.strength.summary}`,
    `replay: icl-verify check-formula ${typeof candidate === 'string' ? candidate : 'FILE'} --seed ${v.seed} --budget-seconds ${v.budgetSeconds}`,
  ];
  throw new FormulaVerdictError(lines.join('\n'), v);
}
