// Enclosures of the theory's quantities over a parameter box (docs/certify.md): the formulas of
// src/theory evaluated on intervals (`ivCtx`), plus what interval evaluation alone cannot give:
// M_κ over a range of its argument from its monotonicity, and the self-consistent ε enclosed and proved
// unique by an interval Newton test.
import { fp } from '../numeric/context.js';
import { DomainError } from '../numeric/domain.js';
import { ridgelessClosedForm } from '../theory/closedForms.js';
import { errorTerms, unifiedErrors } from '../theory/errors.js';
import { alphaInfinity } from '../theory/limits.js';
import { kappaTerms, PARAM_NAMES, type KappaTerms } from '../theory/params.js';
import { M, resolventTerms } from '../theory/resolvent.js';
import { bracket, residual, ridgelessEpsilon, solveBracketed } from '../theory/selfConsistency.js';
import {
  affineCtx,
  constant as affineConstant,
  range,
  TOP as TOP_AFFINE,
  variables as affineVariables,
  type Affine,
} from './affine.js';
import { centre, type Box } from './box.js';
import * as I from './interval.js';
import { constant, gradCtx, variables, type Grad } from './gradient.js';
import { ENTIRE, iv, ivCtx as c, type Interval } from './interval.js';

const ONE = iv(1);

/**
 * M_κ(u) for every u in `u` and κ in `kt`: M_κ is decreasing in u (the Stieltjes transform of a
 * positive measure), so it lies between the formula's enclosures at the two ends of u. Where those are
 * unbounded (the formula's denominator straddles 0 on a wide κ range), the bounds 1/(1 + u) <= M_κ(u)
 * <= 1/u of docs/theory.md §4 stand in; they are not intersected with the formula's enclosure, so that
 * an error in the formula (a planted fault) is not silently corrected. Needs u > 0.
 */
export function enclosedM(kt: KappaTerms<Interval>, u: Interval): Interval {
  if (!(u.lo > 0)) return iv(0, Infinity);
  const atHi = M(c, kt, iv(u.hi));
  const atLo = M(c, kt, iv(u.lo));
  const mono = iv(atHi.lo, atLo.hi);
  if (I.isBounded(mono) && mono.lo > 0) return mono;
  return iv(I.div(ONE, I.add(ONE, iv(u.hi))).lo, I.div(ONE, iv(u.lo)).hi);
}

/** What Newton's test established about ε on a box with λ > 0. */
export interface EpsilonEnclosure {
  /** Encloses the root for every point of the box. */
  enclosure: Interval;
  /** Every positive root lies in `bracket`, and g is increasing on it: the root is unique. */
  unique: boolean;
  /** [lo, hi] of the bracket of docs/theory.md §4 over the box. */
  bracket: Interval;
}

interface Q {
  kt: KappaTerms<Interval>;
  x: Interval;
  tau: Interval;
  rho: Interval;
  lambda: Interval;
}

/**
 * ε g'(ε) = ε(M + εM') + τλ/ε over ε in e, with M + εM' in its positive form (errors.ts `mEpsMp`),
 * so that its enclosure stays positive where M + εM' written as a difference would straddle 0.
 */
function elasticity(q: Q, e: Interval): Interval {
  const m = enclosedM(q.kt, I.add(q.x, e));
  const { mEpsMp } = errorTerms(c, q, e, m);
  return I.add(I.mul(e, mEpsMp), I.div(I.mul(q.tau, q.lambda), e));
}

/**
 * The self-consistent ε over a box with λ > 0 (g(ε) = ε M_κ(x + ε) − (1 − τ) − τλ/ε).
 *
 * Uniqueness on (0, ∞): every positive root lies below the bracket's upper end (M_κ(u) ≥ 1/(1 + u),
 * docs/theory.md §4), and on (0, upper end] g' = (M + εM') + τλ/ε² > M + εM' = m(P + xm + xm²/κ)/S,
 * a positive form whose enclosure over ν in [x, x + upper end] has a positive lower end.
 *
 * Enclosure, by interval Newton: with g' enclosed on E and g at a point e₀ of E, both over the whole
 * box, N = e₀ − g(e₀)/g'(E) inside the interior of E proves that at every point of the box g has
 * exactly one root in E, and it lies in N. E starts tight around the float64 root at the box's centre
 * and is widened until the test passes. On wide boxes (where g' varies too much for the test) the
 * root is enclosed by a sign change instead: g increasing, g(a) < 0 < g(b) at every point of the box
 * puts every root in (a, b); the bracket's ends qualify with ≤ and ≥, and are moved in by sign tests.
 */
export function enclosedEpsilon(q: Q): EpsilonEnclosure | undefined {
  const br = bracket(c, q);
  const top = br.hi.hi;
  if (!(top > 0) || !Number.isFinite(top)) return undefined;
  // The quadratic's lower root can lose its sign in interval evaluation; 0 is then the lower end.
  const outer = iv(Math.max(0, br.lo.lo), top);
  const m = enclosedM(q.kt, I.add(q.x, iv(0, top)));
  const unique = errorTerms(c, q, iv(0, top), m).mEpsMp.lo > 0;
  if (!unique) return undefined;
  let e0: number;
  try {
    e0 = solveBracketed(fp, {
      kt: { kappa: I.mid(q.kt.kappa), ik: I.mid(q.kt.ik), omk: I.mid(q.kt.omk) },
      x: I.mid(q.x),
      tau: I.mid(q.tau),
      lambda: I.mid(q.lambda),
    });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    e0 = I.mid(outer);
  }
  if (!(e0 > 0) || !Number.isFinite(e0)) e0 = I.mid(outer);
  for (let delta = 1e-12; delta < 1; delta *= 8) {
    const E = I.intersect(iv(e0 * (1 - delta), e0 * (1 + delta)), outer);
    if (E === undefined || !(E.lo > 0)) continue;
    const found = newton(q, E);
    if (found !== undefined) return { enclosure: found, unique, bracket: outer };
  }
  return { enclosure: signChange(q, outer, e0), unique, bracket: outer };
}

/** [a, b] ⊂ outer with g(a) <= 0 <= g(b) on the whole box, each end moved towards e0 by sign tests. */
function signChange(q: Q, outer: Interval, e0: number): Interval {
  const g = (e: number) => residual(c, q, iv(e)).g;
  const below = (e: number) => e > 0 && g(e).hi < 0;
  const above = (e: number) => g(e).lo > 0;
  // Candidates out from e0 (relative steps 1e-3·4^k, then halvings or doublings), then bisection
  // between the last candidate that failed and the first that passed.
  const end = (ok: (e: number) => boolean, far: number, step: (k: number) => number): number => {
    let near = e0;
    let best = far;
    for (let k = 0; k < 40; k++) {
      const t = step(k);
      if (!(t > Math.min(e0, far) && t < Math.max(e0, far))) break;
      if (ok(t)) {
        best = t;
        break;
      }
      near = t;
    }
    for (let k = 0; k < 10; k++) {
      const mid = near / 2 + best / 2;
      if (mid === near || mid === best) break;
      if (ok(mid)) best = mid;
      else near = mid;
    }
    return best;
  };
  const rel = (k: number) => (k < 5 ? 1e-3 * 4 ** k : 2 ** (k - 4));
  const a = end(below, outer.lo, (k) => (k < 5 ? e0 * (1 - rel(k)) : e0 / rel(k)));
  const b = end(above, outer.hi, (k) => e0 * (1 + rel(k)));
  return iv(a, b);
}

/** Interval Newton on E: the contracted enclosure if the test passes, else undefined. */
function newton(q: Q, E: Interval): Interval | undefined {
  let cur = E;
  let proved = false;
  for (let step = 0; step < 6; step++) {
    const e0 = I.mid(cur);
    const dg = I.div(elasticity(q, cur), cur);
    if (!(dg.lo > 0)) return proved ? cur : undefined;
    const g = residual(c, q, iv(e0)).g;
    const N = I.sub(iv(e0), I.div(g, dg));
    if (!proved) {
      if (!I.interior(N, cur)) return undefined;
      proved = true;
    }
    const next = I.intersect(N, cur);
    if (next === undefined) return undefined; // impossible once proved; kept as a guard
    if (I.width(next) >= I.width(cur) * 0.9) return next;
    cur = next;
  }
  return cur;
}

/** Everything enclosed on one box. Quantities that could not be enclosed are the whole line. */
export interface Enclosures {
  x: Interval;
  epsilon: Interval;
  /** The root of the self-consistency proved unique on (0, ∞) for every point of the box (λ > 0 only). */
  epsilonUnique: boolean;
  /** M_κ(x + ε) and M'_κ(x + ε). */
  m: Interval;
  mPrime: Interval;
  eICL: Interval;
  eIDG: Interval;
  gTask: Interval;
  /** The ridgeless closed forms of §5 (λ = 0 with τ on one side of 1), else undefined. */
  ridgeless?: { eICL: Interval; eIDG: Interval; gTask: Interval };
}

const UNDECIDED = {
  epsilon: ENTIRE,
  epsilonUnique: false,
  m: ENTIRE,
  mPrime: ENTIRE,
  eICL: ENTIRE,
  eIDG: ENTIRE,
  gTask: ENTIRE,
};

/** Which side of the interpolation threshold τ = 1 the box is on (ridgeless), if one side. */
export function tauSide(box: Box): 'below' | 'above' | undefined {
  if (box.tau.hi < 1) return 'below';
  if (box.tau.lo > 1) return 'above';
  return undefined;
}

const inputs = (box: Box): Q => ({
  kt: kappaTerms(c, box.kappa),
  x: I.div(I.add(ONE, box.rho), box.alpha),
  tau: box.tau,
  rho: box.rho,
  lambda: box.lambda,
});

/**
 * ε over a box with λ > 0, tightened by its monotonicity. ε is a smooth function of the parameters
 * (the root is simple: g' > 0), with ∂ε/∂p = −(∂g/∂p)/g' by the implicit function theorem, so the sign
 * of ∂ε/∂p is the opposite of ∂g/∂p's. Enclosing ∂g/∂p over the box and over ε's enclosure E: where it
 * has one sign (always for λ, where ∂g/∂λ = −τ/ε, and for α and ρ through x, where ∂g/∂x = εM' < 0),
 * moving that parameter to one end of its side lowers ε at every point of the box, to the other end
 * raises it. So ε over the box lies between the lower end of its enclosure on the box with those sides
 * pinned at their lowering ends and the upper end on the box pinned at their raising ends: boxes with
 * fewer wide sides, where the Newton test encloses much more tightly. Repeated while E shrinks, as a
 * tighter E can fix more signs.
 */
export function monotoneEpsilon(box: Box, first: EpsilonEnclosure): Interval {
  let E = first.enclosure;
  for (let round = 0; round < 3; round++) {
    if (!(E.lo > 0) || !I.isBounded(E)) return E;
    const p = variables(box);
    const q = { kt: kappaTerms(gradCtx, p.kappa), x: gradCtx.div(gradCtx.add(gradCtx.num(1), p.rho), p.alpha) };
    const dg = residual(gradCtx, { ...q, tau: p.tau, lambda: p.lambda }, constant(E)).g.d;
    const low: Record<string, Interval> = { ...box };
    const high: Record<string, Interval> = { ...box };
    let pinned = false;
    PARAM_NAMES.forEach((k, i) => {
      const s = box[k];
      if (s.lo === s.hi) return;
      const d = dg[i]!;
      if (!(d.lo > 0 || d.hi < 0)) return;
      // ∂g/∂p > 0: ε decreasing in p, lowest at the upper end.
      [low[k], high[k]] = d.lo > 0 ? [iv(s.hi), iv(s.lo)] : [iv(s.lo), iv(s.hi)];
      pinned = true;
    });
    if (!pinned) return E;
    const lo = enclosedEpsilon(inputs(low as Box));
    const hi = enclosedEpsilon(inputs(high as Box));
    if (lo === undefined || hi === undefined) return E;
    const next = I.intersect(E, iv(lo.enclosure.lo, hi.enclosure.hi));
    if (next === undefined) return E; // a correct evaluation never gives disjoint enclosures
    const shrunk = I.width(next) < 0.9 * I.width(E);
    E = next;
    if (!shrunk) return E;
  }
  return E;
}

export function enclose(box: Box): Enclosures {
  const q = inputs(box);
  const { kt, x } = q;
  let eps: Interval;
  let unique = false;
  let ridgeless: Enclosures['ridgeless'];
  if (box.lambda.lo > 0) {
    const e = enclosedEpsilon(q);
    if (e === undefined) return { x, ...UNDECIDED };
    eps = monotoneEpsilon(box, e);
    unique = e.unique;
  } else {
    const side = tauSide(box);
    if (side === undefined) return { x, ...UNDECIDED };
    eps = side === 'above' ? iv(0) : ridgelessEpsilon(c, box.kappa, x, box.tau);
    if (side === 'below' && !(eps.lo > 0)) return { x, ...UNDECIDED };
    const cf = ridgelessClosedForm(c, { kappa: box.kappa, x, tau: box.tau, rho: box.rho });
    ridgeless = { eICL: cf.eICL, eIDG: cf.eIDG, gTask: I.sub(cf.eICL, cf.eIDG) };
  }
  const nu = I.add(x, eps);
  const m = enclosedM(kt, nu);
  const { eICL, eIDG } = unifiedErrors(c, q, eps, m);
  return {
    x,
    epsilon: eps,
    epsilonUnique: unique,
    m,
    mPrime: resolventTerms(c, kt, nu, m).mp,
    eICL,
    eIDG,
    gTask: I.sub(eICL, eIDG),
    ...(ridgeless ? { ridgeless } : {}),
  };
}

/**
 * The α → ∞ limit of e^ICL on a ridgeless box with τ on one side of 1 and κ on one side of
 * κ_c = min(τ, 1) (docs/theory.md §6): `divergent` with the enclosed rate per α when κ < κ_c, or the
 * enclosed finite limit when κ > κ_c; undefined when the box straddles either boundary.
 */
export function enclosedAlphaLimit(
  box: Box,
): { divergent: true; rate: Interval } | { divergent: false; limit: Interval } | undefined {
  const side = tauSide(box);
  if (box.lambda.hi !== 0 || side === undefined) return undefined;
  const kc = side === 'above' ? ONE : box.tau;
  const below = I.lt(box.kappa, kc);
  if (below === 'unknown') return undefined;
  if (below && box.rho.lo <= 0) return undefined; // ρ = 0 keeps e^ICL finite: no rate
  const lim = alphaInfinity(c, box.kappa, box.tau, box.rho, box.lambda);
  if (below) {
    const g = lim.growth?.eICL;
    return g !== undefined && g.power === 1 ? { divergent: true, rate: g.rate } : undefined;
  }
  return { divergent: false, limit: lim.eICL };
}

/** The errors over a box with their gradients in the parameters (undefined where `enclose` gave none). */
export interface GradientErrors<T = Grad> {
  eICL: T;
  eIDG: T;
  tau: T;
  rho: T;
}

/**
 * e^ICL and e^IDG with their gradients over the box, for the mean-value form. ε enters through its
 * enclosure `naive.epsilon` (computed here when not given) and, for λ > 0, its gradient by the implicit function theorem,
 * ∂ε/∂p = −(∂g/∂p)/(∂g/∂ε), with ∂g/∂p over the box and ε's enclosure and ∂g/∂ε > 0 in its positive form.
 */
export function gradientErrors(box: Box, naive?: Enclosures): GradientErrors | undefined {
  const g = gradCtx;
  const p = variables(box);
  const kt = kappaTerms(g, p.kappa);
  const x = g.div(g.add(g.num(1), p.rho), p.alpha);
  const q = { kt, x, tau: p.tau, rho: p.rho, lambda: p.lambda };
  let eps: Grad;
  if (box.lambda.lo > 0) {
    const E = naive?.epsilon ?? enclose(box).epsilon;
    if (!(E.lo > 0) || !I.isBounded(E)) return undefined;
    const dgdp = residual(g, q, constant(E)).g.d;
    const dgde = I.div(elasticity(inputs(box), E), E);
    if (!(dgde.lo > 0)) return undefined;
    eps = { v: E, d: dgdp.map((d) => I.neg(I.div(d, dgde))) };
  } else {
    const side = tauSide(box);
    if (side === undefined) return undefined;
    eps = side === 'above' ? g.num(0) : ridgelessEpsilon(g, p.kappa, x, p.tau);
  }
  const m = M(g, kt, g.add(x, eps));
  const { eICL, eIDG } = unifiedErrors(g, q, eps, m);
  return { eICL, eIDG, tau: p.tau, rho: p.rho };
}

/**
 * e^ICL and e^IDG over the box as affine forms in the parameters (affine.ts). For λ > 0, ε enters as
 * ε(p) = ε̃ − g(p, ε̃)/g'(p, ζ) (the mean-value theorem in ε at fixed p, ζ between ε̃ and ε(p), both in
 * ε's enclosure E): g(p, ε̃) is an affine form in p, and 1/g' is enclosed over the box and E. So ε keeps
 * its first-order dependence on each parameter, which the errors' terms then cancel.
 */
export function affineErrors(box: Box, naive?: Enclosures): GradientErrors<Affine> | undefined {
  const a = affineCtx;
  const p = affineVariables(box);
  const kt = kappaTerms(a, p.kappa);
  const x = a.div(a.add(a.num(1), p.rho), p.alpha);
  const q = { kt, x, tau: p.tau, rho: p.rho, lambda: p.lambda };
  let eps: Affine;
  if (box.lambda.lo > 0) {
    const E = naive?.epsilon ?? enclose(box).epsilon;
    if (!(E.lo > 0) || !I.isBounded(E)) return undefined;
    const mid = centre(box);
    let t = NaN;
    try {
      t = solveBracketed(fp, {
        kt: kappaTerms(fp, mid.kappa.lo),
        x: (1 + mid.rho.lo) / mid.alpha.lo,
        tau: mid.tau.lo,
        lambda: mid.lambda.lo,
      });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
    if (!(t >= E.lo && t <= E.hi)) t = I.mid(E);
    const tt = affineConstant(iv(t));
    const gt = residual(a, q, tt).g;
    // g' = (M + εM') + τλ/ε² over the box and E, as a form in p (its E-width goes to the remainder);
    // each pass narrows E to the range of the new ε and recomputes g' on it.
    let e = E;
    eps = TOP_AFFINE;
    for (let pass = 0; pass < 3; pass++) {
      const ec = affineConstant(e);
      const slope = a.add(
        errorTerms(a, q, ec, M(a, kt, a.add(x, ec))).mEpsMp,
        a.div(a.mul(p.tau, p.lambda), a.mul(ec, ec)),
      );
      if (!(range(slope).lo > 0)) break;
      eps = a.sub(tt, a.div(gt, slope));
      // The next E must still hold ε̃: the mean-value point ζ lies between ε̃ and ε(p).
      const next = I.intersect(e, I.hull(range(eps), iv(t)));
      if (next === undefined || !(I.width(next) < 0.9 * I.width(e))) break;
      e = next;
    }
    if (!(range(eps).lo > 0)) return undefined;
  } else {
    const side = tauSide(box);
    if (side === undefined) return undefined;
    eps = side === 'above' ? a.num(0) : ridgelessEpsilon(a, p.kappa, x, p.tau);
  }
  const m = M(a, kt, a.add(x, eps));
  const { eICL, eIDG } = unifiedErrors(a, q, eps, m);
  return { eICL, eIDG, tau: p.tau, rho: p.rho };
}
