import { DomainError } from '../../src/numeric/domain.js';
import { ParseError } from '../../src/symbolic/syntax.js';
import { parseCandidate } from '../../src/candidate/parse.js';

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

/** Runs f and returns its ParseError (fails if it returns or throws anything else). */
export function parseError(f: () => unknown): ParseError {
  try {
    f();
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('parsed without error');
}

/** The message, line and column a candidate source is rejected with by the parser. */
export function candidateErrorOf(source: string): [string, number, number] {
  const e = parseError(() => parseCandidate(source));
  return [e.message, e.line, e.col];
}
