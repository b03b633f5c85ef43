// One piece of evidence for or against a candidate, and the statistics shared by the kinds of evidence.
import type { DesignPoint } from '../design.js';

type EvidenceKind = 'simulation' | 'tau-limit' | 'limit' | 'invariant';

/** One piece of evidence of a verdict: what was compared where, the values, and whether it passed. */
export interface Evidence {
  kind: EvidenceKind;
  /** What was checked, e.g. "simulation (d -> inf)", "lambda -> inf: error -> 1 + rho". */
  name: string;
  pass: boolean;
  point?: Omit<DesignPoint, 'regime'> & { regime?: string };
  /** The candidate's value there (null where it could not be evaluated). */
  candidate: number | null;
  /** The independent value it is compared with, and its standard error when it is statistical. */
  expected?: number;
  stderr?: number;
  /** (candidate − expected)/stderr, and the |z| above which the check fails. */
  z?: number;
  zCritical?: number;
  /** For exact checks: the allowed absolute deviation and why. */
  tolerance?: number;
  detail: string;
  seed?: number;
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided tail probability of a standard normal beyond |z|. */
const twoSidedP = (z: number): number => erfc(Math.abs(z) / Math.SQRT2);

/**
 * The |z| above which one of `tests` independent comparisons fails with family-wise false-reject
 * probability `alpha` (Bonferroni): the (1 − alpha/(2·tests)) normal quantile, by bisection.
 */
export function bonferroniZ(tests: number, alpha: number): number {
  const target = alpha / Math.max(1, tests);
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (twoSidedP(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Family-wise false-reject probability of the statistical comparisons of one run. */
export const FAMILY_ALPHA = 0.01;
