// One registry of checks, shared by the CLI (`verify`), the tests and the report. Each area of the
// project contributes a list in src/checks/<area>.ts; src/checks/index.ts gathers them.

export type Status = 'pass' | 'fail';

export interface CheckOptions {
  /** Short run (CI's `verify --quick`): fewer points, smaller d, fewer replicates. */
  quick: boolean;
  /** Base seed; a check derives its own streams from it and records them in its evidence. */
  seed: number;
  /**
   * The evidence store simulations read back from and write to (docs/evidence.md), absent for none;
   * `accumulate`: the ladder checks add their design's replicates as fresh streams after those held.
   */
  evidence?: { dir: string; accumulate: boolean };
}

export interface CheckResult {
  status: Status;
  /** One line for the summary table, e.g. "max rel err 3.1e-15 over 400 points". */
  keyFigure: string;
  /** Everything needed to judge and replay: values, tolerances, z-scores, seeds, method. */
  evidence: Record<string, unknown>;
}

export interface Check {
  /** Stable dotted name, e.g. "theory.resolvent.quadratic"; --only matches against it. */
  id: string;
  /** What the paper (or docs/theory.md) claims, in one sentence. */
  claim: string;
  /** The theory object the check is about: "resolvent", "lemma1", "limits.alpha", ... */
  subject: string;
  run(opts: CheckOptions): CheckResult | Promise<CheckResult>;
  /**
   * Wall-clock limit in seconds, one number or one per budget; beyond it `verify` stops the check and
   * records a failure naming it. Default: DEFAULT_TIMEOUT_SECONDS.
   */
  timeoutSeconds?: number | { quick: number; full: number };
  /**
   * Checks with the same key share work through a module-level cache (e.g. one training grid), so
   * a concurrent run keeps them on one worker, one after another, in registry order.
   */
  sharesWith?: string;
}

/** The time limit of a check without its own: generous next to every check's measured time. */
export const DEFAULT_TIMEOUT_SECONDS = { quick: 120, full: 900 } as const;

/** The time limit of one check in one budget. */
export function timeoutOf(check: Check, quick: boolean): number {
  const t = check.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  return typeof t === 'number' ? t : quick ? t.quick : t.full;
}

export const pass = (keyFigure: string, evidence: Record<string, unknown> = {}): CheckResult => ({
  status: 'pass',
  keyFigure,
  evidence,
});
export const fail = (keyFigure: string, evidence: Record<string, unknown> = {}): CheckResult => ({
  status: 'fail',
  keyFigure,
  evidence,
});
/** pass or fail on a condition, with the same figure and evidence either way. */
export const verdict = (ok: boolean, keyFigure: string, evidence: Record<string, unknown> = {}): CheckResult => ({
  status: ok ? 'pass' : 'fail',
  keyFigure,
  evidence,
});
