// The part of nerdamer the symbolic layer uses, typed. `nerdamer/all.js` bundles the Algebra (coeffs)
// and Calculus (diff) add-ons, which the package's own typings do not describe.
import { createRequire } from 'node:module';

interface NerdExpression {
  expand(): NerdExpression;
  toString(): string;
}
interface NerdVector {
  each(f: (v: unknown) => void): void;
}
interface Nerdamer {
  (expr: string): NerdExpression;
  coeffs(expr: NerdExpression | string, variable: string): NerdVector;
  diff(expr: NerdExpression | string, variable: string): NerdExpression;
  flush(): unknown;
}

const nerdamer = createRequire(import.meta.url)('nerdamer/all.js') as Nerdamer;

/** Fully expanded form (a polynomial's normal form: '0' exactly when it vanishes). */
export const expand = (s: string): string => nerdamer(s).expand().toString();

/** Coefficients of `poly` (already expanded) in `variable`, constant term first. */
export function coefficients(poly: string, variable: string): string[] {
  const out: string[] = [];
  nerdamer.coeffs(nerdamer(poly), variable).each((v) => out.push(String(v)));
  // Never empty: nerdamer's coeffs lists every power from 0 up, the zero polynomial as [0] (tested).
  return out;
}

/** Partial derivative. */
export const derivative = (s: string, variable: string): string => nerdamer.diff(s, variable).toString();

/** nerdamer keeps every parsed expression in a global history: drop it after each zero test. */
export const forget = (): void => {
  nerdamer.flush();
};
