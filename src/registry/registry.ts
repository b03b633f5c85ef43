// One registry of checks, shared by the CLI (`verify`), the tests and the report. Each area of the
// project contributes a list in src/checks/<area>.ts; src/checks/index.ts gathers them.

export type Status = 'pass' | 'fail';

export interface CheckOptions {
  /** Short run (CI's `verify --quick`): fewer points, smaller d, fewer replicates. */
  quick: boolean;
  /** Base seed; a check derives its own streams from it and records them in its evidence. */
  seed: number;
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
}

export const pass = (keyFigure: string, evidence: Record<string, unknown> = {}): CheckResult => ({ status: 'pass', keyFigure, evidence });
export const fail = (keyFigure: string, evidence: Record<string, unknown> = {}): CheckResult => ({ status: 'fail', keyFigure, evidence });
/** pass or fail on a condition, with the same figure and evidence either way. */
export const verdict = (ok: boolean, keyFigure: string, evidence: Record<string, unknown> = {}): CheckResult =>
  ({ status: ok ? 'pass' : 'fail', keyFigure, evidence });
