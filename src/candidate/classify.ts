// From evidence to a verdict: which results settle it, which leave it open, and the order a verdict
// lists them in. A decisive statistic within MARGIN of its threshold gives 'inconclusive' rather than
// a coin-flip verdict; a refined point's screening result is superseded by the refinement (unless it
// failed beyond the margin, when the run has stopped anyway).
import type { Evidence } from './evidence/evidence.js';

export type VerdictKind = 'accept' | 'reject' | 'inconclusive';

/** A statistic within this distance (in units of its standard error) of its threshold is inconclusive. */
export const MARGIN = 0.5;

const abs = (z: number | undefined): number => Math.abs(z ?? Infinity);
/** How far a statistical result is from failing: |z| − threshold (> MARGIN fails, within ±MARGIN is inconclusive). */
export const excess = (e: Evidence): number => abs(e.z) - (e.zCritical ?? 0);
const statistical = (e: Evidence): boolean => e.zCritical !== undefined;
/** A failure that settles the verdict: any exact failure, or a statistic beyond its threshold by more than the margin. */
export const decisiveFailure = (e: Evidence): boolean => !e.pass && (!statistical(e) || excess(e) > MARGIN);

/**
 * The verdict from the evidence that stands (refinements supersede the screening of their point):
 * reject on any exact failure or a statistic beyond its threshold by more than MARGIN, inconclusive
 * when a statistic lies within MARGIN of its threshold, accept otherwise.
 */
export function classify(evidence: readonly Evidence[]): VerdictKind {
  const standing = evidence.filter((e) => !e.superseded);
  if (standing.some(decisiveFailure)) return 'reject';
  return standing.some((e) => statistical(e) && excess(e) >= -MARGIN) ? 'inconclusive' : 'accept';
}

/** Exact failures first, then statistical results by how far they are towards failing, superseded ones last. */
export function order(ev: Evidence[]): Evidence[] {
  const rank = (e: Evidence): number => (e.superseded ? 3 : !statistical(e) ? (e.pass ? 2 : 0) : 1);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: one rank, one kind (docs/equivalent-mutants.md)
  return [...ev].sort((a, b) => rank(a) - rank(b) || (statistical(a) && statistical(b) ? excess(b) - excess(a) : 0));
}
