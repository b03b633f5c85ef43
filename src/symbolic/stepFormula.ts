// Reads the readable formulas of proof steps ("(x/kappa)*m^2 + (x + 1 - 1/kappa)*m - 1") into Expr,
// with the project's one grammar (syntax.ts). Identifiers found in `defs` are replaced by their
// definitions, so a step can name intermediate quantities (nu, m, ...) exactly as docs/theory.md does.
import { constant, variable, type Expr } from './expr.js';
import { ELEMENTARY_CALLS, lower, ParseError, parseSyntax, tokenize, Tokens } from './syntax.js';

export type Defs = Readonly<Record<string, Expr>>;

const CALLS = { M: 'M', Mp: 'Mp', ...ELEMENTARY_CALLS } as const;

export function parse(src: string, defs: Defs = {}): Expr {
  try {
    const ts = new Tokens(tokenize(src, 1, 1), 1);
    const tree = parseSyntax(ts);
    ts.expectEnd();
    return lower(tree, {
      name: (n) => (n === 'inf' ? constant('inf') : Object.hasOwn(defs, n) ? defs[n]! : variable(n)),
      calls: CALLS,
    });
  } catch (err) {
    // Proof formulas are one-liners inside TypeScript: name the formula, not a line of a file.
    // Stryker disable next-line ConditionalExpression: all grammar errors are ParseErrors (docs/equivalent-mutants.md)
    if (err instanceof ParseError) throw new SyntaxError(`${err.message} at column ${err.col} of '${src}'`);
    throw err;
  }
}
