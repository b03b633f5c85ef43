// Figure 3's curves e(α) at fixed (κ, ρ, τ), ridgeless, parametrized by the resolvent value along them
// instead of by α (docs/certify.md). With m = M_κ(x) for τ > 1, or m = M_{κ/τ}(x) for τ < 1 (write κ' for
// that κ or κ/τ), the quadratic of M solved for x gives x as a rational function of m, and the errors
// become rational in (m, κ, ρ, τ): no square root (which cancels for κ' < 1) and, for τ < 1,
// ε = (1 − τ)/(τm) and M_κ(x + ε) = τm (docs/theory.md §4: εM_κ(x + ε) = 1 − τ), so nothing is enclosed
// separately and loses its dependence on the others.
//
// The variable is v = 1/m for κ' ≤ 1 and v = 1/m − (1 − 1/κ') for κ' > 1, so that v ∝ x as x → 0 on
// either side (for κ' > 1, m saturates at κ'/(κ' − 1) and 1/m − (1 − 1/κ') is what goes to 0) and every
// v > 0 is a point of the curve: x = v(v − (1 − 1/κ'))/(v + 1/κ') and x = v(v + 1 − 1/κ')/(v + 1), sums
// of positive terms on their sides. v decreases as α grows (m increases), so sign ∂e/∂α = −sign de/dv.
import type { Ctx } from '../numeric/context.js';
import { dual, type Dual } from '../numeric/dual.js';
import type { ErrorPair } from '../theory/errors.js';
import { unifiedErrors } from '../theory/errors.js';
import { M } from '../theory/resolvent.js';
import { kappaRatioTerms, kappaTerms, PARAM_NAMES, type KappaTerms, type ParamName } from '../theory/params.js';
import { affineCtx, range, variables as affineVariables } from './affine.js';
import type { Box } from './box.js';
import { gradCtx, variables as gradientVariables } from './gradient.js';
import * as I from './interval.js';
import { ENTIRE, iv, ivCtx, type Interval } from './interval.js';

export type TauSide = 'below' | 'above';

/** The terms of the curve's resolvent: κ' = κ for τ > 1, κ/τ for τ < 1. */
export function curveKappa<T>(c: Ctx<T>, kappa: T, tau: T, side: TauSide): KappaTerms<T> {
  return side === 'above' ? kappaTerms(c, kappa) : kappaRatioTerms(c, kappa, tau);
}

/** Which variable a box uses: shifted (v = 1/m − (1 − 1/κ')) when κ' > 1 on the whole box. */
export function curveShifted(box: Box, side: TauSide): boolean {
  const k = side === 'above' ? box.kappa : I.div(box.kappa, box.tau);
  return k.lo > 1;
}

/** x and m at the curve's variable v (x from the quadratic of M solved for x, with 1/m = v or v + 1 − 1/κ'). */
export function curvePoint<T>(c: Ctx<T>, kt: KappaTerms<T>, v: T, shifted: boolean): { x: T; m: T } {
  const one = c.num(1);
  if (shifted) return { x: c.div(c.mul(v, c.add(v, kt.omk)), c.add(v, one)), m: c.div(one, c.add(v, kt.omk)) };
  return { x: c.div(c.mul(v, c.sub(v, kt.omk)), c.add(v, kt.ik)), m: c.div(one, v) };
}

/** The ridgeless errors at the curve's point v (rational in v, κ, ρ, τ), through the unified errors. */
export function curveErrors<T>(
  c: Ctx<T>,
  kappa: T,
  tau: T,
  rho: T,
  v: T,
  side: TauSide,
  shifted: boolean,
): ErrorPair<T> {
  const { x, m } = curvePoint(c, curveKappa(c, kappa, tau, side), v, shifted);
  const q = { kt: kappaTerms(c, kappa), x, tau, rho, lambda: c.num(0) };
  if (side === 'above') return unifiedErrors(c, q, c.num(0), m);
  // τ < 1: ε = (1 − τ)x/(τμ*) with μ* = xm, and M_κ(x + ε) = (1 − τ)/ε = τm.
  const eps = c.div(c.sub(c.num(1), tau), c.mul(tau, m));
  return unifiedErrors(c, q, eps, c.mul(tau, m));
}

/**
 * The curve's v over the box's α range: every point of the box has its v in [v(hi), v(lo)], with v(lo)
 * in `start` and v(hi) in `end`; `outer` holds every v of every point. v is increasing in x, so in ρ, and
 * monotone in κ' (M_κ'(x) is decreasing in κ': ∂/∂(1/κ') of the quadratic is m(xm − 1) < 0 while its
 * m-derivative is positive at the root; and w = 1/m − (1 − 1/κ') solves w² + (1 − 1/κ' − x)w − x = 0,
 * decreasing in 1 − 1/κ'), and κ' is monotone in κ and τ: each end is the hull of its values at the
 * corners of the box's (κ, τ, ρ), enclosed in interval arithmetic.
 */
export function curveRange(box: Box, side: TauSide): { start: Interval; end: Interval; outer: Interval } {
  const shifted = curveShifted(box, side);
  const at = (alpha: number): Interval => {
    let out: Interval | undefined;
    for (const kappa of [box.kappa.lo, box.kappa.hi])
      for (const tau of [box.tau.lo, box.tau.hi])
        for (const rho of [box.rho.lo, box.rho.hi]) {
          const kt = curveKappa(ivCtx, iv(kappa), iv(tau), side);
          const x = I.div(I.add(iv(1), iv(rho)), iv(alpha));
          const inv = I.div(iv(1), M(ivCtx, kt, x));
          const v = shifted ? I.sub(inv, kt.omk) : inv;
          out = out === undefined ? v : I.hull(out, v);
        }
    return out!;
  };
  const start = at(box.alpha.lo);
  const end = at(box.alpha.hi);
  return { start, end, outer: iv(end.lo, start.hi) };
}

/** de/dv in context `b` at the curve's variable `v` (derivative seeded) and the sides κ, ρ, τ. */
function slopeIn<T>(b: Ctx<T>, v: T, kappa: T, tau: T, rho: T, side: TauSide, shifted: boolean): ErrorPair<T> {
  const D = dual(b);
  const k = (u: T): Dual<T> => ({ v: u, d: b.num(0) });
  const e = curveErrors(D, k(kappa), k(tau), k(rho), { v, d: b.num(1) }, side, shifted);
  return { eICL: e.eICL.d, eIDG: e.eIDG.d };
}

/** −de/dv over `box` whose α side carries the v range: plain intervals, then affine forms, intersected. */
function carrier(box: Box, which: 'eICL' | 'eIDG', side: TauSide, shifted: boolean): Interval {
  const plain = I.neg(slopeIn(ivCtx, box.alpha, box.kappa, box.tau, box.rho, side, shifted)[which]);
  if (plain.lo > 0 || plain.hi < 0) return plain;
  const p = affineVariables(box);
  const aff = I.neg(range(slopeIn(affineCtx, p.alpha, p.kappa, p.tau, p.rho, side, shifted)[which]));
  return I.intersect(plain, aff) ?? ENTIRE;
}

/**
 * −de/dv (the sign of ∂e/∂α) enclosed over the v range `piece` and the box's κ, ρ, τ (λ = 0, τ on side
 * `side`). When the plain enclosure leaves the sign open, its gradient in (v, κ, ρ, τ) is enclosed over
 * the whole box (gradient arithmetic under the dual number): a side along which it has one sign is pinned
 * at the end that lowers it for the lower bound and at the other end for the upper bound (the box is
 * convex, so the bound over it is the bound over that face), and the two faces, with fewer wide sides,
 * are enclosed again (plain, then affine forms). e is affine in ρ at fixed (v, κ, τ), so ∂/∂ρ of the slope
 * has one sign unless it is 0, and the cell's ρ width drops out; κ often pins too. Last, affine forms over
 * the whole box, intersected.
 */
export function curveSlope(box: Box, piece: Interval, which: 'eICL' | 'eIDG', side: TauSide): Interval {
  const shifted = curveShifted(box, side);
  const cell = { ...box, alpha: piece };
  const plain = I.neg(slopeIn(ivCtx, cell.alpha, cell.kappa, cell.tau, cell.rho, side, shifted)[which]);
  if (plain.lo > 0 || plain.hi < 0) return plain;
  const g = gradientVariables(cell);
  const s = slopeIn(gradCtx, g.alpha, g.kappa, g.tau, g.rho, side, shifted)[which];
  let whole = I.intersect(plain, I.neg(s.v)) ?? ENTIRE;
  const low: Record<ParamName, Interval> = { ...cell };
  const high: Record<ParamName, Interval> = { ...cell };
  let pinned = false;
  (['alpha', 'kappa', 'tau', 'rho'] as const).forEach((k) => {
    const sd = cell[k];
    if (sd.lo === sd.hi) return;
    // s is de/dv; the carrier −de/dv rises along k where ∂(de/dv)/∂k < 0.
    const d = s.d[PARAM_NAMES.indexOf(k)]!;
    if (!(d.lo > 0 || d.hi < 0)) return;
    [low[k], high[k]] = d.hi < 0 ? [iv(sd.lo), iv(sd.hi)] : [iv(sd.hi), iv(sd.lo)];
    pinned = true;
  });
  if (pinned) {
    const a = Math.max(carrier(low as Box, which, side, shifted).lo, whole.lo);
    const b = Math.min(carrier(high as Box, which, side, shifted).hi, whole.hi);
    if (!(a <= b)) return ENTIRE; // disjoint enclosures: a correct evaluation never gives them
    whole = iv(a, b);
    if (whole.lo > 0 || whole.hi < 0) return whole;
  }
  const p = affineVariables(cell);
  const aff = I.neg(range(slopeIn(affineCtx, p.alpha, p.kappa, p.tau, p.rho, side, shifted)[which]));
  return I.intersect(whole, aff) ?? ENTIRE;
}
