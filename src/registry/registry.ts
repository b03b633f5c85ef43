// One registry of checks, shared by the CLI (`verify`), the tests and the report. Each area of the
// project contributes a list in src/checks/<area>.ts; src/checks/index.ts gathers them.

/**
 * What a check's run established. `pass` and `fail`: the check ran what its claim needs and judged it.
 * `not-run`: the run could not test the claim (e.g. --quick cannot afford the experiment), so it says
 * nothing either way; it is never counted as a pass. `error`: the check could not finish (it threw,
 * returned a malformed result, hung past its limit or its worker died), which is not evidence against
 * the claim but is not a pass either.
 */
export type Status = 'pass' | 'fail' | 'not-run' | 'error';

/** The statuses a check's own `run` may return; `error` is the runner's. */
export type RunStatus = Exclude<Status, 'error'>;

export interface CheckOptions {
  /** Short run (CI's `verify --quick`): fewer points, smaller d, fewer replicates. */
  quick: boolean;
  /** Base seed; a check derives its own streams from it and records them in its evidence. */
  seed: number;
  /**
   * The evidence store simulations read back from and write to (docs/evidence.md), absent for none;
   * `use`: which of the replicates held the ladder checks use (sim/evidence.ts StoreUse, spelled out
   * here because the registry sits below sim; the checks pass it on, so the compiler keeps them equal).
   */
  evidence?: { dir: string; use: 'design' | 'held' | 'accumulate' };
}

export interface CheckResult {
  status: RunStatus;
  /** Why the claim was not tested; required for `not-run`. */
  why?: string;
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
  /**
   * What a failure of this check would reveal: the kinds of error its evidence is able to catch (and by
   * implication what it cannot), in one sentence. Shown with the check in `verify` and the report.
   */
  detects: string;
  run(opts: CheckOptions): CheckResult | Promise<CheckResult>;
  /**
   * CPU-time limit in seconds, one number or one per budget; beyond it `verify` stops the check and
   * records an error naming it. A guard against hangs, not against a slow machine: load from other
   * processes does not add CPU time. A check that waits without using CPU is stopped after WALL_FACTOR
   * times the limit of wall-clock time. Default: DEFAULT_TIMEOUT_SECONDS.
   */
  timeoutSeconds?: number | { quick: number; full: number };
  /**
   * Checks with the same key share work through a module-level cache (e.g. one training grid), so
   * a concurrent run keeps them on one worker, one after another, in registry order.
   */
  sharesWith?: string;
}

/** The CPU-time limit of a check without its own: generous next to every check's measured time. */
export const DEFAULT_TIMEOUT_SECONDS = { quick: 120, full: 900 } as const;

/**
 * The wall-clock backstop of a check as a multiple of its CPU limit: it stops a check that waits forever
 * (a deadlock uses no CPU). A check that needs c CPU seconds reaches it only if it gets less than
 * c / (WALL_FACTOR × limit) of a core for its whole run; the limits are several times the checks'
 * measured CPU, so that is a machine more than ten times slower than a quiet one.
 */
export const WALL_FACTOR = 10;

/** The CPU-time limit of one check in one budget. */
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
/**
 * The claim was not tested: `why` says what the run lacked (and `keyFigure` what it did instead).
 */
export const notRun = (why: string, keyFigure: string, evidence: Record<string, unknown> = {}): CheckResult => ({
  status: 'not-run',
  why,
  keyFigure,
  evidence,
});
/**
 * A short run that can refute the claim but not establish it: its failure is a failure; otherwise the
 * claim is reported not run, with `why` and the short run's figure and evidence.
 */
export const failOrNotRun = (short: CheckResult, why: string): CheckResult =>
  short.status === 'fail' ? short : notRun(why, short.keyFigure, short.evidence);
/** pass or fail on a condition, with the same figure and evidence either way. */
export const verdict = (ok: boolean, keyFigure: string, evidence: Record<string, unknown> = {}): CheckResult => ({
  status: ok ? 'pass' : 'fail',
  keyFigure,
  evidence,
});
