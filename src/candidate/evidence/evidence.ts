// One piece of evidence for or against a candidate, and the statistics shared by the kinds of evidence.
import { studentTwoSidedQuantile } from '../../numeric/stats.js';
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
  /**
   * For simulations: the smallest relative error of the candidate this comparison catches with
   * probability >= 0.9 at its threshold (its minimum detectable deviation).
   */
  detectable?: number;
  /** Screening or refinement stage of a simulation (check-formula spends most of its budget refining). */
  stage?: 'screen' | 'refine';
  /** A screening result that a refinement of the same point, on fresh streams, replaced in the verdict. */
  superseded?: boolean;
  detail: string;
  seed?: number;
}

/**
 * The |z| above which one of `tests` comparisons fails with family-wise false-reject probability
 * `alpha` (Bonferroni): the (1 − alpha/(2·tests)) normal quantile.
 */
export const bonferroniZ = (tests: number, alpha: number): number =>
  studentTwoSidedQuantile(alpha / Math.max(1, tests), Infinity);

/** Family-wise false-reject probability of the statistical comparisons of one run. */
export const FAMILY_ALPHA = 0.01;
