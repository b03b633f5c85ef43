// The symbolic precision context: the theory core's generic formulas, run with it, return their own
// expression trees, so a proof checks the code's single definition and never a retyped copy.
//
// A comparison of two non-constant expressions cannot be decided symbolically. By default `lt` throws
// SymbolicComparisonError. For a piecewise definition (a branch on τ < 1, on the sign of b in M_κ) a
// proof may fix the branch by a representative point of the region it claims: `lt` is then decided
// at that point (60 digits) and every decision is recorded, so the step states which branch it checked.
import { mp, type Ctx } from '../numeric/context.js';
import type { Decimal } from 'decimal.js';
import { constant, add, sub, mul, div, neg, sqrt, elem, show, rat, isZeroLiteral, ZERO, type Expr } from './expr.js';
import { evalExpr } from './evalExpr.js';

export class SymbolicComparisonError extends Error {
  override name = 'SymbolicComparisonError';
}

export interface SymbolicCtx extends Ctx<Expr> {
  /** Comparisons decided at the branch point, in order: "b < 0 at the point: true". */
  readonly decisions: string[];
}

const asRational = (e: Expr): { p: bigint; q: bigint } | undefined => (e.k === 'num' ? e : undefined);

/** `branchPoint`: variable values (decimal strings) at which `lt` decides non-constant comparisons. */
export function symbolic(branchPoint?: Readonly<Record<string, string>>): SymbolicCtx {
  const hp = mp(60);
  const env: Record<string, Decimal> | undefined = branchPoint
    ? Object.fromEntries(Object.entries(branchPoint).map(([k, v]) => [k, hp.num(v)]))
    : undefined;
  const decisions: string[] = [];
  const ctx: SymbolicCtx = {
    name: 'symbolic',
    digits: Infinity,
    eps: ZERO,
    decisions,
    num: (v) => constant(v),
    add,
    sub,
    mul,
    div,
    neg,
    sqrt,
    exp: (a) => elem('exp', a),
    ln: (a) => elem('log', a),
    abs: (a) => {
      const r = asRational(a);
      if (!r) throw new SymbolicComparisonError(`|${show(a)}| needs the sign of a non-constant expression`);
      // Stryker disable next-line EqualityOperator: -0n is 0n: same value at p = 0n (docs/equivalent-mutants.md)
      return rat(r.p < 0n ? -r.p : r.p, r.q);
    },
    lt: (a, b) => {
      const ra = asRational(a);
      const rb = asRational(b);
      if (ra && rb) return ra.p * rb.q < rb.p * ra.q;
      if (!env)
        throw new SymbolicComparisonError(`cannot decide ${show(a)} < ${show(b)} symbolically (no branch point given)`);
      const outcome = evalExpr(hp, a, env).value.lt(evalExpr(hp, b, env).value);
      decisions.push(`${show(a)} < ${show(b)}: ${outcome}`);
      return outcome;
    },
    isZero: isZeroLiteral,
    isFinite: (a) => a.k !== 'inf',
    isNaN: () => false,
    toNumber: (a) => {
      const r = asRational(a);
      if (r) return Number(r.p) / Number(r.q);
      if (a.k === 'inf') return Infinity;
      throw new SymbolicComparisonError(`${show(a)} has no numeric value`);
    },
    toString: (a) => show(a),
  };
  return ctx;
}
