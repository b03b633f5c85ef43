// The self-consistent ε of docs/theory.md §4: for λ > 0 the unique positive root of
//   g(ε) = ε M_κ(x + ε) − (1 − τ) − τλ/ε = 0,
// and for λ = 0 the ridgeless branches (ε = 0 for τ > 1; ε M_κ(x + ε) = 1 − τ for τ < 1).
import { fp, type Ctx } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import { kappaRatioTerms, type KappaTerms } from './params.js';
import { M, resolventTerms } from './resolvent.js';

/** Inputs of the self-consistency: x = (1 + ρ)/α (may be 0 when λ > 0), τ finite, λ >= 0. */
export interface SelfConsistencyInputs<T> {
  kt: KappaTerms<T>;
  x: T;
  tau: T;
  lambda: T;
}

/**
 * g(ε) and its elasticity ε g'(ε) = ε(M + εM') + τλ/ε (> 0: g is increasing, so the positive root is
 * unique; the elasticity stays finite where g' = M + εM' + τλ/ε² would overflow, e.g. λ = 1e-300).
 * By εM + P + xM = 1 (P = 1 − νM) and P = κ − κ/(1 + M/κ), g has three equal forms
 *   εM − (1 − τ) − τλ/ε  =  τ − P − xM − τλ/ε  =  (τ − κ) + κ/(1 + M/κ) − xM − τλ/ε,
 * each a signed sum of accurately computed terms. The one with the smallest terms is used, so the root
 * keeps full relative accuracy where a single form would cancel (τ or κ small, τ near 1 or near κ).
 */
export function residual<T>(c: Ctx<T>, q: SelfConsistencyInputs<T>, eps: T): { g: T; edg: T } {
  const nu = c.add(q.x, eps);
  const t = resolventTerms(c, q.kt, nu, M(c, q.kt, nu));
  const one = c.num(1);
  const tl = c.div(c.mul(q.tau, q.lambda), eps);
  const em = c.mul(eps, t.m);
  const xm = c.mul(q.x, t.m);
  const omt = c.sub(one, q.tau);
  let g = c.sub(c.sub(em, omt), tl);
  let size = c.add(em, c.abs(omt));
  const size2 = c.add(q.tau, c.add(t.P, xm));
  if (c.lt(size2, size)) {
    g = c.sub(q.tau, c.add(c.add(t.P, xm), tl));
    size = size2;
  }
  // Stryker disable next-line ConditionalExpression: third form unused at κ = ∞ (docs/equivalent-mutants.md)
  if (c.isFinite(q.kt.kappa)) {
    const tmk = c.sub(q.tau, q.kt.kappa);
    const a = c.div(q.kt.kappa, c.add(one, c.mul(q.kt.ik, t.m)));
    if (c.lt(c.add(c.abs(tmk), c.add(a, xm)), size)) g = c.sub(c.add(tmk, a), c.add(xm, tl));
  }
  return { g, edg: c.add(c.mul(eps, c.add(t.m, c.mul(eps, t.mp))), tl) };
}

/** The positive root of a e² − b e − k = 0 (a > 0, k >= 0), without cancellation; 0 when none. */
export function positiveQuadraticRoot<T>(c: Ctx<T>, a: T, b: T, k: T): T {
  const root = c.sqrt(c.add(c.mul(b, b), c.mul(c.num(4), c.mul(a, k))));
  if (!c.lt(b, c.num(0))) return c.div(c.add(b, root), c.add(a, a));
  return c.div(c.add(k, k), c.sub(root, b));
}

/**
 * A bracket [lo, hi] with g(lo) <= 0 <= g(hi), from 1/(1 + u) <= M_κ(u) <= 1/u (Jensen, with the
 * spectrum of R̂ of mean 1, and R̂ >= 0). Replacing M by either bound makes g(ε) = 0 a quadratic
 * τε² − ((1 − τ)s + τλ)ε − τλs = 0 with s = x (lower end) or s = 1 + x (upper end).
 */
export function bracket<T>(c: Ctx<T>, q: SelfConsistencyInputs<T>): { lo: T; hi: T } {
  const end = (s: T) =>
    positiveQuadraticRoot(
      c,
      q.tau,
      c.add(c.mul(c.sub(c.num(1), q.tau), s), c.mul(q.tau, q.lambda)),
      c.mul(c.mul(q.tau, q.lambda), s),
    );
  return { lo: end(q.x), hi: end(c.add(c.num(1), q.x)) };
}

/**
 * The root of g by Newton's method safeguarded by bisection in a bracket, so it cannot leave the
 * bracket or pick another root. (a, b) holds the signs of g seen so far; the bracket of `bracket` is
 * computed only when a Newton step would leave it (a decimal context starts from the float64 root, so
 * it rarely needs it). Stops when the Newton step, or the step predicted from the quadratic
 * convergence of the last two, is below the working precision.
 */
export function solveBracketed<T>(c: Ctx<T>, q: SelfConsistencyInputs<T>): T {
  const zero = c.num(0);
  const tol = c.mul(c.num(16), c.eps);
  let a = zero;
  let b = c.num(Infinity);
  let bracketed = false;
  const outOfRange = (): DomainError =>
    new DomainError(
      'parameters',
      `within the range of ${c.name === 'fp' ? 'float64' : c.name} for the root solve (use --digits N)`,
      `tau*lambda*x = ${c.toString(c.mul(c.mul(q.tau, q.lambda), q.x), 3)}, ` +
        `x = ${c.toString(q.x, 3)}, tau = ${c.toString(q.tau, 3)}`,
    );
  /** Intersects (a, b) with the bracket; returns the root if the bracket has collapsed onto it. */
  const narrow = (): T | undefined => {
    const { lo, hi } = bracket(c, q);
    // For λ > 0 both ends are positive and finite in exact arithmetic: anything else is overflow or
    // underflow of τλx, x², τ² at this precision.
    if (!c.lt(zero, lo) || !c.isFinite(hi)) throw outOfRange();
    bracketed = true;
    if (!c.lt(lo, hi)) return lo; // the bounds agree to rounding (e.g. λ → 0 at τ > 1)
    if (c.lt(a, lo) && c.lt(lo, b)) a = lo;
    if (c.lt(hi, b) && c.lt(a, hi)) b = hi;
    return undefined;
  };
  let e = floatStart(c, q);
  if (e === undefined) {
    const collapsed = narrow();
    if (collapsed !== undefined) return collapsed;
    e = midpoint(c, a, b);
  }
  let prev: T | undefined;
  // κ = 1e-300 takes more than 400 steps (bisection over a bracket of hundreds of decades).
  for (let iter = 0; iter < 4000; iter++) {
    const { g, edg } = residual(c, q, e);
    // Overflow inside the residual (M(x + ε) ~ 1/x at x = 1e-200): no sign to steer by at this precision.
    if (c.isNaN(g) || c.isNaN(edg)) throw outOfRange();
    if (c.isZero(g)) return e;
    if (c.lt(g, zero)) a = e;
    else b = e;
    const relStep = c.div(g, edg);
    const step = c.mul(e, relStep);
    const rel = c.abs(relStep);
    // Below the working precision, or the next step would be (error ≈ K·rel², K = rel/prev²).
    if (!c.lt(tol, rel)) return c.sub(e, step);
    if (
      prev !== undefined &&
      c.lt(rel, prev) &&
      c.lt(rel, c.num(1e-3)) &&
      !c.lt(c.eps, c.div(c.mul(rel, c.mul(rel, rel)), c.mul(prev, prev)))
    ) {
      return c.sub(e, step);
    }
    let next = c.sub(e, step);
    if (!(c.lt(a, next) && c.lt(next, b))) {
      if (!bracketed) {
        const collapsed = narrow();
        if (collapsed !== undefined) return collapsed;
      }
      next = midpoint(c, a, b);
    }
    if (bracketed && !c.lt(c.mul(tol, b), c.sub(b, a))) return midpoint(c, a, b);
    prev = rel;
    e = next;
  }
  // Stryker disable next-line StringLiteral: unreachable: converges before 4000 (docs/equivalent-mutants.md)
  throw new Error(`self-consistency: no convergence in 4000 steps (bracket [${c.toString(a)}, ${c.toString(b)}])`);
}

/** Geometric mean while the bracket spans over a factor 2 (as √a·√b: a·b may underflow), else arithmetic. */
const midpoint = <T>(c: Ctx<T>, a: T, b: T): T =>
  c.lt(c.add(a, a), b) ? c.mul(c.sqrt(a), c.sqrt(b)) : c.div(c.add(a, b), c.num(2));

/** For a decimal context, the float64 root as the starting point (undefined for float64 itself). */
function floatStart<T>(c: Ctx<T>, q: SelfConsistencyInputs<T>): T | undefined {
  if ((c as Ctx<unknown>) === fp) return undefined;
  const f = (v: T) => c.toNumber(v);
  let e0: number;
  try {
    e0 = solveBracketed(fp, {
      kt: { kappa: f(q.kt.kappa), ik: f(q.kt.ik), omk: f(q.kt.omk) },
      x: f(q.x),
      tau: f(q.tau),
      lambda: f(q.lambda),
    });
  } catch (err) {
    if (err instanceof DomainError) return undefined; // beyond float64's range: start from the bracket
    throw err;
  }
  return Number.isFinite(e0) && e0 > 0 ? c.num(e0) : undefined;
}

/** Ridgeless τ < 1 closed form: ε = (1 − τ)/(τ M_{κ/τ}(x)) (docs/theory.md: (1 − τ)x/(τμ), μ = x M_{κ/τ}(x)). */
export function ridgelessEpsilon<T>(c: Ctx<T>, kappa: T, x: T, tau: T): T {
  return c.div(c.sub(c.num(1), tau), c.mul(tau, M(c, kappaRatioTerms(c, kappa, tau), x)));
}

/** ε at finite τ (x > 0, or x = 0 with λ > 0): the bracketed solve for λ > 0, the ridgeless branches for λ = 0. */
export function epsilon<T>(c: Ctx<T>, kappa: T, q: SelfConsistencyInputs<T>): T {
  if (!c.isZero(q.lambda)) return solveBracketed(c, q);
  if (c.lt(q.tau, c.num(1))) return ridgelessEpsilon(c, kappa, q.x, q.tau);
  return c.num(0);
}
