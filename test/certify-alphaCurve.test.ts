// Figure 3's curve parametrized by v (src/certify/alphaCurve.ts): the rational forms agree with the
// 100-digit errors, the enclosed slope's sign is that of central differences of the 100-digit errors in
// α, every enclosure contains the 100-digit point value, and the enclosed v range holds every point's v.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactDecimal, mp } from '../src/numeric/context.js';
import type { Box } from '../src/certify/box.js';
import {
  curveErrors,
  curveKappa,
  curvePoint,
  curveRange,
  curveSlope,
  type TauSide,
} from '../src/certify/alphaCurve.js';
import { iv, type Interval } from '../src/certify/interval.js';
import { evaluate } from '../src/theory/evaluate.js';
import { M } from '../src/theory/resolvent.js';

const H = mp(100);
type HV = ReturnType<typeof H.num>;
const D = (v: number) => H.num(exactDecimal(v));
const inside = (v: HV, s: Interval): boolean =>
  H.toNumber(v) >= s.lo && H.toNumber(v) <= s.hi && v.gte(D(s.lo)) && v.lte(D(s.hi));

const logUniform = (lo: number, hi: number) =>
  fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map((t) => Math.exp(t));

/** Figure 3's domain: α 1..1e4, κ 0.1..10, ρ 0.01..10, τ either side of 1 (at least 10% from it). */
const point = fc.record({
  alpha: logUniform(1, 1e4),
  kappa: logUniform(0.1, 10),
  tau: fc.oneof(logUniform(0.2, 0.9), logUniform(1.1, 30)),
  rho: logUniform(0.01, 10),
});
type Point = { alpha: number; kappa: number; tau: number; rho: number };

const sideOf = (p: Point): TauSide => (p.tau > 1 ? 'above' : 'below');
/** κ' (κ above, κ/τ below) > 1: the shifted variable. */
const shiftedAt = (p: Point): boolean => (p.tau > 1 ? p.kappa : p.kappa / p.tau) > 1;

/** The curve's v at α, 100 digits: 1/M_κ'(x), less 1 − 1/κ' when shifted. */
function vAt(p: Point, alpha: HV): HV {
  const kt = curveKappa(H, D(p.kappa), D(p.tau), sideOf(p));
  const x = H.div(H.add(H.num(1), D(p.rho)), alpha);
  const inv = H.div(H.num(1), M(H, kt, x));
  return shiftedAt(p) ? H.sub(inv, kt.omk) : inv;
}

const errorsAt = (p: Point, alpha: HV) =>
  evaluate(H, { alpha, kappa: D(p.kappa), tau: D(p.tau), rho: D(p.rho), lambda: D(0) });

const relDiff = (a: HV, b: HV): number => Math.abs(H.toNumber(H.div(H.sub(a, b), b)));

describe('Figure 3 curve in the resolvent variable v', () => {
  it('x(v) inverts M, and the rational errors at v equal the 100-digit errors at α (seed 41)', () => {
    fc.assert(
      fc.property(point, (p) => {
        const alpha = D(p.alpha);
        const v = vAt(p, alpha);
        const side = sideOf(p);
        const { x } = curvePoint(H, curveKappa(H, D(p.kappa), D(p.tau), side), v, shiftedAt(p));
        expect(relDiff(x, H.div(H.add(H.num(1), D(p.rho)), alpha))).toBeLessThan(1e-80);
        const e = curveErrors(H, D(p.kappa), D(p.tau), D(p.rho), v, side, shiftedAt(p));
        const want = errorsAt(p, alpha);
        expect(relDiff(e.eICL, want.eICL), JSON.stringify(p)).toBeLessThan(1e-60);
        expect(relDiff(e.eIDG, want.eIDG), JSON.stringify(p)).toBeLessThan(1e-60);
      }),
      { numRuns: 200, seed: 41 },
    );
  });

  it("the enclosed slope's sign is that of central differences in α, and it contains −de/dv (seed 42)", () => {
    let decided = 0;
    fc.assert(
      fc.property(point, fc.constantFrom('eICL' as const, 'eIDG' as const), (p, which) => {
        const alpha = D(p.alpha);
        const h = H.mul(alpha, H.num('1e-25'));
        const up = H.add(alpha, h);
        const down = H.sub(alpha, h);
        const dedalpha = H.div(H.sub(errorsAt(p, up)[which], errorsAt(p, down)[which]), H.add(h, h));
        const dvdalpha = H.div(H.sub(vAt(p, up), vAt(p, down)), H.add(h, h));
        const e = errorsAt(p, alpha)[which];
        // Where the slope is tiny relative to e/α its sign is not the point of this test.
        if (Math.abs(H.toNumber(H.div(H.mul(dedalpha, alpha), e))) < 1e-6) return;
        const carrier = H.neg(H.div(dedalpha, dvdalpha)); // −de/dv
        const v = H.toNumber(vAt(p, alpha));
        const box: Box = {
          alpha: iv(p.alpha),
          kappa: iv(p.kappa),
          tau: iv(p.tau),
          rho: iv(p.rho),
          lambda: iv(0),
        };
        const s = curveSlope(box, iv(v * (1 - 1e-9), v * (1 + 1e-9)), which, sideOf(p));
        const where = `${which} ${JSON.stringify(p)}`;
        expect(inside(carrier, s), `${where}: ${H.toNumber(carrier)} not in [${s.lo}, ${s.hi}]`).toBe(true);
        if (s.lo > 0 || s.hi < 0) {
          decided++;
          expect(Math.sign(s.lo), where).toBe(Math.sign(H.toNumber(dedalpha)));
        }
      }),
      { numRuns: 200, seed: 42 },
    );
    expect(decided).toBeGreaterThan(150);
  });

  it("the enclosed v range at the α ends holds every point's v (seed 43)", () => {
    fc.assert(
      fc.property(
        point,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 2 }),
        (p, t) => {
          const box: Box = {
            alpha: iv(p.alpha, p.alpha * 10),
            kappa: iv(p.kappa, p.kappa * 1.2),
            tau: iv(p.tau),
            rho: iv(p.rho, p.rho * 1.5),
            lambda: iv(0),
          };
          if (shiftedAt(p) !== (p.tau > 1 ? box.kappa.lo > 1 : box.kappa.lo / p.tau > 1)) return;
          const q = { ...p, kappa: p.kappa * (1 + 0.2 * t[0]!), rho: p.rho * (1 + 0.5 * t[1]!) };
          if (shiftedAt(q) !== shiftedAt(p)) return;
          const r = curveRange(box, sideOf(p));
          expect(inside(vAt(q, D(box.alpha.lo)), r.start), JSON.stringify(q)).toBe(true);
          expect(inside(vAt(q, D(box.alpha.hi)), r.end), JSON.stringify(q)).toBe(true);
        },
      ),
      { numRuns: 200, seed: 43 },
    );
  });
});
