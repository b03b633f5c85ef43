// Checking one step of a derivation, labelled with how it was checked:
// - symbolic: lhs − rhs reduced to 0 by nerdamer modulo the atoms' relations (reduce.ts);
// - numeric-identity: both sides at >= 20 seeded random points of the claimed region, 60 digits,
//   agreeing to >= 50 digits relative to the largest term (a Schwartz–Zippel-style test);
// - numeric-limit: f(t) → L as t → 0⁺ along t = 1e-10, 1e-20, 1e-30, 1e-40 at 120 digits, the
//   error shrinking at the claimed order.
// A step that is neither proved nor passes its test fails; nothing passes by default.
import type { Decimal } from 'decimal.js';
import { mp, type Ctx } from '../numeric/context.js';
import { evalExpr } from './evalExpr.js';
import type { Expr } from './expr.js';
import { samplePoints, type Region } from './random.js';
import { symbolicZero } from './reduce.js';

type Method = 'symbolic' | 'numeric-identity' | 'numeric-limit';
type StepStatus = 'pass' | 'fail';

export type SamplePoint<T> = Readonly<Record<string, T>>;
/** A side computed by code (the theory core at high precision) instead of an expression. */
export type NumericSide = (c: Ctx<Decimal>, p: SamplePoint<Decimal>) => Decimal;

export interface IdentityStep {
  kind: 'identity';
  statement: string;
  lhs: Expr | NumericSide;
  rhs: Expr | NumericSide;
  region: Region;
  /** Skip the symbolic attempt (too large for nerdamer, or a side is code). */
  numericOnly?: boolean;
  /** Variables computed by code at each sampled point (e.g. the core's ε); makes the step numeric. */
  derive?: Readonly<Record<string, NumericSide>>;
}

export interface LimitStep {
  kind: 'limit';
  statement: string;
  /** f(t) at the region point; the limit is t → 0⁺. */
  f: (c: Ctx<Decimal>, t: Decimal, p: SamplePoint<Decimal>) => Decimal;
  limit: Expr | NumericSide;
  region: Region;
  /** Claimed order of approach: |f(t) − L| = O(t^order). Default 1. */
  order?: number;
}

export type Step = IdentityStep | LimitStep;

export interface StepResult {
  statement: string;
  method: Method;
  status: StepStatus;
  /** Evidence in one line: what reduced, or the worst agreement and the seed. */
  detail: string;
}

const IDENTITY_POINTS = 24;
const IDENTITY_DIGITS = 60;
const REQUIRED_DIGITS = 50;
const LIMIT_POINTS = 5;
/** Points at which a symbolic zero is confirmed (guards against a wrong expansion by nerdamer). */
const CONFIRM_POINTS = 3;
const LIMIT_DIGITS = 120;

const isExpr = (s: Expr | NumericSide): s is Expr => typeof s !== 'function';

function side<T extends Decimal>(
  c: Ctx<Decimal>,
  s: Expr | NumericSide,
  p: SamplePoint<Decimal>,
): { value: T; scale: Decimal } {
  if (isExpr(s)) return evalExpr(c, s, p) as { value: T; scale: Decimal };
  const value = s(c, p);
  return { value: value as T, scale: value.abs() };
}

const toContext = (c: Ctx<Decimal>, p: Record<string, string>): Record<string, Decimal> =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, c.num(v)]));

const message = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

function numericIdentity(step: IdentityStep, seed: number, note: string, count = IDENTITY_POINTS): StepResult {
  const c = mp(IDENTITY_DIGITS);
  const points = samplePoints(step.region, count, seed);
  let worst = Infinity;
  let worstAt: Record<string, string> = {};
  for (const raw of points) {
    let p: SamplePoint<Decimal> = toContext(c, raw);
    let digits: number;
    try {
      for (const [name, f] of Object.entries(step.derive ?? {})) p = { ...p, [name]: f(c, p) };
      const l = side(c, step.lhs, p);
      const r = side(c, step.rhs, p);
      const scale = l.scale.gt(r.scale) ? l.scale : r.scale;
      const diff = l.value.minus(r.value).abs();
      if (!diff.isFinite() || !scale.isFinite()) digits = -Infinity;
      // A nonzero difference implies a nonzero scale (|l − r| <= |l| + |r| <= 2·scale).
      else digits = diff.isZero() ? IDENTITY_DIGITS : -diff.div(scale).log(10).toNumber();
    } catch (err) {
      return {
        statement: step.statement,
        method: 'numeric-identity',
        status: 'fail',
        detail: `${note}evaluation failed at ${JSON.stringify(raw)}: ${message(err)} (seed ${seed})`,
      };
    }
    if (digits < worst) {
      worst = digits;
      worstAt = raw;
    }
  }
  const ok = worst >= REQUIRED_DIGITS;
  const agree = `worst agreement ${worst === -Infinity ? 'none (non-finite)' : `${Math.min(worst, IDENTITY_DIGITS).toFixed(1)} digits`}`;
  return {
    statement: step.statement,
    method: 'numeric-identity',
    status: ok ? 'pass' : 'fail',
    detail:
      `${note}${agree} over ${points.length} points (${IDENTITY_DIGITS}-digit, need ${REQUIRED_DIGITS}) ` +
      `in ${step.region.description}, seed ${seed}${ok ? '' : `; worst at ${JSON.stringify(worstAt)}`}`,
  };
}

function checkIdentity(step: IdentityStep, seed: number): StepResult {
  let note = '';
  if (!step.numericOnly && !step.derive && isExpr(step.lhs) && isExpr(step.rhs)) {
    try {
      const z = symbolicZero(step.lhs, step.rhs);
      if (z.zero) {
        // nerdamer has expansion bugs (see reduce.ts): a symbolic zero must also hold at a few points.
        const confirm = numericIdentity(step, seed, '', CONFIRM_POINTS);
        if (confirm.status === 'pass')
          return {
            statement: step.statement,
            method: 'symbolic',
            status: 'pass',
            detail: `${z.detail}; confirmed numerically at ${CONFIRM_POINTS} points`,
          };
        return {
          ...confirm,
          detail: `nerdamer reduced it to 0 but the numeric confirmation disagrees: ${confirm.detail}`,
        };
      }
      note = `symbolic inconclusive (${z.detail}); `;
    } catch (err) {
      note = `symbolic not possible (${message(err)}); `;
    }
  }
  return numericIdentity(step, seed, note);
}

function checkLimit(step: LimitStep, seed: number): StepResult {
  const c = mp(LIMIT_DIGITS);
  const order = step.order ?? 1;
  const ts = [10, 20, 30, 40].map((k) => c.num(`1e-${k}`));
  const points = samplePoints(step.region, LIMIT_POINTS, seed);
  let worstLast = -Infinity;
  for (const raw of points) {
    const p = toContext(c, raw);
    let errs: number[];
    try {
      const target = side(c, step.limit, p).value;
      const denom = target.abs().plus(1);
      errs = ts.map((t) => {
        const e = step.f(c, t, p).minus(target).abs().div(denom);
        return e.isZero() ? -LIMIT_DIGITS : e.log(10).toNumber();
      });
    } catch (err) {
      return {
        statement: step.statement,
        method: 'numeric-limit',
        status: 'fail',
        detail: `evaluation failed at ${JSON.stringify(raw)}: ${message(err)} (seed ${seed})`,
      };
    }
    // Each rung (a factor 1e-10 in t) must gain 0.8·order·10 digits, unless already at the floor.
    const floor = -(LIMIT_DIGITS - 20);
    const shrinking = errs.every((e, i) => i === 0 || e <= floor || e <= errs[i - 1]! - 8 * order);
    const last = errs[errs.length - 1]!;
    const small = last <= 3 - 32 * order;
    if (!shrinking || !small || errs.some((e) => !Number.isFinite(e))) {
      return {
        statement: step.statement,
        method: 'numeric-limit',
        status: 'fail',
        detail:
          `log10 error ${errs.map((e) => e.toFixed(1)).join(', ')} at t = 1e-10..1e-40 ` +
          `does not shrink like t^${order} at ${JSON.stringify(raw)} (seed ${seed})`,
      };
    }
    worstLast = Math.max(worstLast, last);
  }
  return {
    statement: step.statement,
    method: 'numeric-limit',
    status: 'pass',
    detail:
      `error <= 1e${worstLast.toFixed(0)} at t = 1e-40, shrinking like t^${order}, ` +
      `over ${points.length} points in ${step.region.description} (${LIMIT_DIGITS}-digit), seed ${seed}`,
  };
}

export function checkStep(step: Step, seed: number): StepResult {
  return step.kind === 'identity' ? checkIdentity(step, seed) : checkLimit(step, seed);
}
