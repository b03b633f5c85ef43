// Theory curves for the figures: the lead's `evaluate` in float64 along one parameter. A point
// outside the theory's domain (ridgeless τ = 1) becomes a gap in the line, never a made-up value.
import { fp } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import { evaluate, type Evaluation } from '../theory/evaluate.js';
import type { Quantity } from '../sim/ladder/comparison.js';
import type { Params } from '../theory/params.js';

export function evalOrGap(p: Params<number>): Evaluation<number> | undefined {
  try {
    return evaluate(fp, p);
  } catch (err) {
    if (err instanceof DomainError) return undefined;
    throw err;
  }
}

/** [x, error] pairs along `xs`, with `at(x)` giving the parameters of each point. */
export function curve(
  xs: readonly number[],
  at: (x: number) => Params<number>,
  which: Quantity,
): Array<[number, number]> {
  return xs.map((x) => [x, evalOrGap(at(x))?.[which] ?? NaN]);
}
