// The properties' ranges of the parameter domain, built from the published arbitraries' pieces
// (`magnitude`, `nearOne`, `orInfinity` of icl-verify/testing), and the conventions every property follows:
// - reproducible: the seed is fixed (FC_SEED overrides it to replay or explore; FC_PATH with it jumps
//   to the failing case fast-check printed); FC_NUM_RUNS sets every property's numRuns at once
//   (FC_MAX_RUNS caps them);
// - readable shrinking: numbers are drawn as mantissa × 10^exponent with integer mantissa and exponent,
//   so a failure shrinks toward 1, 10, 0.5, ... and ρ toward 0, λ toward 0, κ and τ toward ∞ last;
// - failure messages give the point, both values, the difference in units of the tolerance and the
//   command that replays the run (`mismatch`).
//
// Domain of the theory (src/theory/params.ts): α, κ, τ > 0 or ∞, ρ, λ >= 0 finite, τ ≠ 1 when λ = 0,
// τ/α given only when α = τ = ∞. The float64 domain (where float64 must agree
// with 60 digits to 1e-12) is α ∈ [1e-2, 1e12], κ, τ ∈ [1e-3, 1e6],
// ρ ∈ [0, 10], λ ∈ {0} ∪ [1e-12, 1e3], |τ − 1| >= 1e-6 when ridgeless.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Params } from '../../src/theory/params.js';
import { magnitude, nearOne, orInfinity } from '../../src/api/testing.js';

export { magnitude, nearOne };

export const SEED = Number(process.env.FC_SEED ?? 20261123);
fc.configureGlobal({ seed: SEED });

/**
 * fast-check parameters of one property: its numRuns (FC_NUM_RUNS overrides; FC_MAX_RUNS caps, for the
 * mutation runs), the seed, FC_PATH.
 */
export function params(numRuns: number): { numRuns: number; seed: number; path?: string } {
  const n = Math.min(
    process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : numRuns,
    Number(process.env.FC_MAX_RUNS ?? Infinity),
  );
  return {
    numRuns: Math.max(1, Math.round(n)),
    seed: SEED,
    ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
  };
}

/** The numRuns a property will actually use (for Bonferroni budgets that divide by it). */
export const runsOf = (numRuns: number): number => params(numRuns).numRuns;

/** ρ in [0, 10] in steps of 0.001; shrinks toward 0. */
export const rho = fc.oneof(
  { withCrossShrink: true },
  fc.integer({ min: 0, max: 10_000 }).map((i) => i / 1000),
  fc.constantFrom(0, 10),
);
/** ρ > 0 (for the divergent limits, which need noise). */
export const positiveRho = fc.integer({ min: 1, max: 10_000 }).map((i) => i / 1000);

export const alphaFinite = magnitude(1e-2, 1e12);
export const kappaFinite = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: magnitude(1e-3, 1e6), weight: 8 },
  { arbitrary: nearOne(1e-12), weight: 2 },
);
export const tauFinite = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: magnitude(1e-3, 1e6), weight: 8 },
  { arbitrary: nearOne(1e-6), weight: 2 },
);
/** λ ∈ {0} ∪ [1e-12, 1e3]; shrinks toward 0 (ridgeless). */
export const lambda = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constant(0), weight: 4 },
  { arbitrary: magnitude(1e-12, 1e3), weight: 6 },
);
export const positiveLambda = magnitude(1e-12, 1e3);

export const alpha = orInfinity(alphaFinite, 1);
export const kappa = orInfinity(kappaFinite, 1);
export const tau = orInfinity(tauFinite, 1);

/** A point of the domain in float64 (∞ marks a limit). */
export type DomainPoint = Params<number>;

const ridgelessPeak = (p: DomainPoint): boolean => p.lambda === 0 && Math.abs(p.tau - 1) < 1e-6;

/** The finite-α, finite-τ float64 domain (κ = ∞ included). */
export const point: fc.Arbitrary<DomainPoint> = fc
  .record({ alpha: alphaFinite, kappa, tau: tauFinite, rho, lambda })
  .filter((p) => !ridgelessPeak(p));

/**
 * The whole domain: α, κ, τ = ∞ each with probability 1/10, τ/α ∈ [1e-3, 1e3] when α = τ = ∞. Leaves
 * out the one point where evaluate has no derived value (α = ∞, λ = 0, κ = τ = 1/3: e^ICL and e^IDG
 * grow at equal rates there, a documented DomainError).
 */
export const fullPoint: fc.Arbitrary<DomainPoint> = fc
  .record({ alpha, kappa, tau, rho, lambda, c: magnitude(1e-3, 1e3) })
  .map(({ c, ...p }): DomainPoint => (p.alpha === Infinity && p.tau === Infinity ? { ...p, tauPerAlpha: c } : p))
  .filter(
    (p) =>
      !ridgelessPeak(p) &&
      !(p.alpha === Infinity && p.lambda === 0 && p.kappa === p.tau && Math.abs(p.tau - 1 / 3) < 1e-15),
  );

/** A point as a readable one-liner for failure messages. */
export function show(p: object): string {
  return Object.entries(p)
    .filter(([, v]) => v !== undefined)
    .map(
      ([k, v]) =>
        `${k}=${typeof v === 'number' ? String(v) : v && typeof v === 'object' && 'toString' in v ? String(v) : JSON.stringify(v)}`,
    )
    .join(', ');
}

/** The command that replays the current test with the current seed. */
export function replay(): string {
  const st = expect.getState();
  const file = st.testPath ? st.testPath.slice(st.testPath.indexOf('properties/')) : 'properties/';
  const name = (st.currentTestName ?? '').split(' > ').pop() ?? '';
  return `FC_SEED=${SEED} npx vitest run ${file} -t ${JSON.stringify(name)}`;
}

/**
 * Fails (throws) unless |got − want| <= tol, with the point, both values, the difference in units of
 * the tolerance and the replay command. Values may be numbers or decimal strings/objects.
 */
export function within(
  what: string,
  p: object,
  got: number | { toString(): string },
  want: number | { toString(): string },
  diff: number,
  tol: number,
): void {
  if (diff <= tol) return;
  throw new Error(mismatch(what, p, got, want, diff, tol));
}

export function mismatch(what: string, p: object, got: unknown, want: unknown, diff: number, tol: number): string {
  return `${what} at {${show(p)}}: got ${String(got)}, want ${String(want)}; |difference| = ${diff.toPrecision(3)} = ${(diff / tol).toPrecision(3)} × tolerance ${tol.toPrecision(3)}. Replay: ${replay()}`;
}

/** Fails unless `ok`, with the point, the statement and the replay command. */
export function holds(ok: boolean, statement: string, p: object, detail = ''): void {
  if (!ok) throw new Error(`${statement} fails at {${show(p)}}${detail ? `: ${detail}` : ''}. Replay: ${replay()}`);
}
