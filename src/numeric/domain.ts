// Every formula states its domain; a violation names the parameter and its allowed range.

/** A value outside the domain of a formula: `parameter` names it, `allowed` says what is allowed, `got` what was given. */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly parameter: string,
    readonly allowed: string,
    readonly got: string,
  ) {
    super(`${parameter} must be ${allowed}, got ${got}`);
  }
}

/** Throws a DomainError unless `ok`; `got` is formatted only on failure (this runs on hot paths). */
export function ensure(ok: boolean, parameter: string, allowed: string, got: unknown | (() => string)): void {
  if (!ok) throw new DomainError(parameter, allowed, typeof got === 'function' ? (got as () => string)() : String(got));
}
