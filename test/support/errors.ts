import { DomainError } from '../../src/numeric/domain.js';

/** Runs f and returns its DomainError (fails if it returns or throws anything else). */
export function domainError(f: () => unknown): DomainError {
  let out: unknown;
  try {
    out = f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error(`expected a DomainError, got the value ${String(out)}`);
}
