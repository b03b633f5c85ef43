// Shorthands shared by the proof definitions.
import type { Decimal } from 'decimal.js';
import type { Ctx } from '../numeric/context.js';
import { symbolic } from '../symbolic/symbolicContext.js';
import type { Expr } from '../symbolic/expr.js';
import { parse, type Defs } from '../symbolic/stepFormula.js';
import type { IdentityStep, LimitStep, NumericSide, SamplePoint } from '../symbolic/checkStep.js';
import type { Region, VarRange } from '../symbolic/random.js';
import { kappaTerms } from '../theory/params.js';
import { M } from '../theory/resolvent.js';

export const e = (src: string, defs: Defs = {}): Expr => parse(src, defs);

/** The symbolic context without branch decisions: straight-line core code only. */
export const sym = symbolic();

/** The core's M_κ(x) as an expression, its branch fixed by a point of the region. */
export function coreM(branch: Record<string, string>, kappa: Expr, x: Expr): Expr {
  const c = symbolic(branch);
  return M(c, kappaTerms(c, kappa), x);
}

export function identity(
  statement: string,
  lhs: Expr | NumericSide,
  rhs: Expr | NumericSide,
  region: Region,
  numericOnly = false,
): IdentityStep {
  return { kind: 'identity', statement, lhs, rhs, region, numericOnly };
}

/** An identity at points where some variables are computed by the core (numeric by nature). */
export function identityAt(
  statement: string,
  derive: Record<string, NumericSide>,
  lhs: Expr,
  rhs: Expr,
  region: Region,
): IdentityStep {
  return { kind: 'identity', statement, lhs, rhs, region, derive };
}

export function limit(
  statement: string,
  f: LimitStep['f'],
  lim: Expr | NumericSide,
  region: Region,
  order = 1,
): LimitStep {
  return { kind: 'limit', statement, f, limit: lim, region, order };
}

export function region(description: string, vars: Record<string, VarRange>, where?: Region['where']): Region {
  return where ? { description, vars, where } : { description, vars };
}

export const R = {
  pos: (lo = 0.05, hi = 20): VarRange => ({ lo, hi, log: true }),
  between: (lo: number, hi: number): VarRange => ({ lo, hi }),
};

/** The sampling range of each of docs/theory.md's symbols wherever a region does not need a narrower one. */
const SPAN = {
  x: R.pos(1e-2, 20),
  kappa: R.pos(0.05, 20),
  tau: R.pos(0.05, 20),
  rho: R.between(0, 2),
  lambda: R.pos(1e-3, 5),
  eps: R.pos(1e-3, 20),
} satisfies Record<string, VarRange>;

/** A region's variables in the order given (the order fixes the sampled points): a name takes its SPAN. */
export function spans(...vars: (keyof typeof SPAN | [string, VarRange])[]): Record<string, VarRange> {
  return Object.fromEntries(vars.map((v) => (typeof v === 'string' ? [v, SPAN[v]] : v)));
}

/** Variables of a point as the core's parameters. */
export type DecPoint = SamplePoint<Decimal>;
export type DecCtx = Ctx<Decimal>;
export const at = (p: DecPoint, name: string): Decimal => {
  const v = p[name];
  if (v === undefined) throw new Error(`point has no '${name}'`);
  return v;
};
