// The kind of code a theorist builds on icl-verify: the error above the noise floor, in float64 or to
// N digits. Compiled against the package's type declarations by `npm run build` (part of `npm test`).
import { DomainError, evaluate, evaluateDigits, type Evaluation, type ParamPoint } from 'icl-verify';

/** e^ICL − ρ: what in-context learning fails to remove beyond the label noise. */
export function excessICL(point: ParamPoint): number {
  const e: Evaluation = evaluate(point);
  return e.eICL - Number(point.rho);
}

/** The same to `digits` significant digits, or the reason the point is outside the domain. */
export function excessICLDigits(point: ParamPoint, digits: number): string {
  try {
    return evaluateDigits(point, digits).eICL;
  } catch (err) {
    if (err instanceof DomainError) return `outside the domain: ${err.parameter} must be ${err.allowed}`;
    throw err;
  }
}
