// Enclosures of the theory over small random boxes: they contain the 100-digit point values at random
// points of the box, and they shrink like the box.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactDecimal, mp } from '../src/numeric/context.js';
import type { Box } from '../src/certify/box.js';
import { range } from '../src/certify/affine.js';
import { affineErrors, enclose, enclosedAlphaLimit, enclosedM } from '../src/certify/enclose.js';
import { iv, ivCtx, width, type Interval } from '../src/certify/interval.js';
import { ridgelessClosedForm } from '../src/theory/closedForms.js';
import { evaluate } from '../src/theory/evaluate.js';
import { alphaInfinity } from '../src/theory/limits.js';
import { kappaTerms, PARAM_NAMES, xOf } from '../src/theory/params.js';
import { M, Mprime } from '../src/theory/resolvent.js';

const H = mp(100);
const D = (v: number) => H.num(exactDecimal(v));
const inside = (v: ReturnType<typeof D>, s: Interval): boolean => v.gte(D(s.lo)) && v.lte(D(s.hi));

const logUniform = (lo: number, hi: number) =>
  fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map((t) => Math.exp(t));

/** A box centre: ridgeless (τ at least 5% from 1) or λ in [1e-3, 2]. */
const centre = fc.record({
  alpha: logUniform(0.2, 50),
  kappa: logUniform(0.1, 5),
  tau: fc.oneof(logUniform(0.2, 0.95), logUniform(1.05, 5)),
  rho: fc.double({ min: 0, max: 1, noNaN: true }),
  lambda: fc.oneof(fc.constant(0), logUniform(1e-3, 2)),
});
type Centre = Record<(typeof PARAM_NAMES)[number], number>;

/** The box of relative half-width h around the centre (λ = 0 stays a point). */
const boxAround = (p: Centre, h: number): Box =>
  Object.fromEntries(PARAM_NAMES.map((k) => [k, p[k] === 0 ? iv(0) : iv(p[k] * (1 - h), p[k] * (1 + h))])) as Box;

describe('enclosures of the theory over a box', () => {
  it('contain the 100-digit values of ε, M, M′, e^ICL, e^IDG, g_task and the ridgeless closed forms (seed 25)', () => {
    fc.assert(
      fc.property(
        centre,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        (p, t) => {
          const box = boxAround(p, 1e-3);
          const e = enclose(box);
          expect(width(e.eICL)).toBeLessThan(Infinity);
          const pt = Object.fromEntries(
            PARAM_NAMES.map((k, i) => [k, D(box[k].lo + t[i]! * (box[k].hi - box[k].lo))]),
          ) as Record<(typeof PARAM_NAMES)[number], ReturnType<typeof D>>;
          const v = evaluate(H, pt);
          const where = JSON.stringify(p);
          expect(inside(v.epsilon, e.epsilon), `epsilon ${where}`).toBe(true);
          expect(inside(v.eICL, e.eICL), `eICL ${where}`).toBe(true);
          expect(inside(v.eIDG, e.eIDG), `eIDG ${where}`).toBe(true);
          expect(inside(v.gTask, e.gTask), `gTask ${where}`).toBe(true);
          const kt = kappaTerms(H, pt.kappa);
          const nu = xOf(H, pt).plus(v.epsilon);
          expect(inside(M(H, kt, nu), e.m), `M ${where}`).toBe(true);
          expect(inside(Mprime(H, kt, nu), e.mPrime), `M' ${where}`).toBe(true);
          if (p.lambda > 0) expect(e.epsilonUnique, `uniqueness ${where}`).toBe(true);
          else {
            const cf = ridgelessClosedForm(H, { kappa: pt.kappa, x: xOf(H, pt), tau: pt.tau, rho: pt.rho });
            expect(inside(cf.eICL, e.ridgeless!.eICL), `ridgeless eICL ${where}`).toBe(true);
            expect(inside(cf.eIDG, e.ridgeless!.eIDG), `ridgeless eIDG ${where}`).toBe(true);
          }
        },
      ),
      { seed: 25, numRuns: 200 },
    );
  });

  it('affine forms of e^ICL and e^IDG contain the 100-digit values at random points of wider boxes (seed 28)', () => {
    fc.assert(
      fc.property(
        centre,
        fc.constantFrom(1e-3, 1e-2, 5e-2),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        (p, h, t) => {
          const box = boxAround(p, h);
          const naive = enclose(box);
          const a = affineErrors(box, naive);
          // Tight boxes always get a bounded form; on wider ones an unbounded range is allowed (and is
          // then not informative, so only bounded ranges are tested).
          if (h === 1e-3)
            expect(a && width(range(a.eICL)) + width(range(a.eIDG)), JSON.stringify(p)).toBeLessThan(Infinity);
          if (a === undefined || !(width(range(a.eICL)) + width(range(a.eIDG)) < Infinity)) return;
          const pt = Object.fromEntries(
            PARAM_NAMES.map((k, i) => [k, D(box[k].lo + t[i]! * (box[k].hi - box[k].lo))]),
          ) as Record<(typeof PARAM_NAMES)[number], ReturnType<typeof D>>;
          const v = evaluate(H, pt);
          const where = `${JSON.stringify(p)} h=${h}`;
          expect(inside(v.eICL, range(a.eICL)), `eICL ${where}`).toBe(true);
          expect(inside(v.eIDG, range(a.eIDG)), `eIDG ${where}`).toBe(true);
        },
      ),
      { seed: 28, numRuns: 300 },
    );
  });

  it('affine forms are tighter than plain intervals and shrink like the box (seed 29)', () => {
    fc.assert(
      fc.property(centre, (p) => {
        const [a, b] = [boxAround(p, 1e-4), boxAround(p, 5e-5)].map((box) => affineErrors(box, enclose(box))!);
        const plain = enclose(boxAround(p, 1e-4));
        for (const [k, w] of [
          ['eICL', plain.eICL],
          ['eIDG', plain.eIDG],
        ] as const) {
          const wide = width(range(a![k]));
          expect(wide, `${k} ${JSON.stringify(p)}`).toBeLessThanOrEqual(width(w) * 1.001);
          const ratio = width(range(b![k])) / wide;
          expect(ratio, `${k} ${JSON.stringify(p)}`).toBeGreaterThan(0.4);
          expect(ratio, `${k} ${JSON.stringify(p)}`).toBeLessThan(0.6);
        }
      }),
      { seed: 29, numRuns: 100 },
    );
  });

  it('shrink like the box: halving it at least roughly halves the widths (first order)', () => {
    fc.assert(
      fc.property(centre, (p) => {
        const [a, b] = [enclose(boxAround(p, 1e-4)), enclose(boxAround(p, 5e-5))];
        const pairs: [Interval, Interval][] = [
          [a.eICL, b.eICL],
          [a.eIDG, b.eIDG],
          [a.m, b.m],
          [a.mPrime, b.mPrime],
        ];
        if (p.lambda > 0 || p.tau < 1) pairs.push([a.epsilon, b.epsilon]);
        if (a.ridgeless) pairs.push([a.ridgeless.eICL, b.ridgeless!.eICL], [a.ridgeless.eIDG, b.ridgeless!.eIDG]);
        for (const [wide, narrow] of pairs) {
          // w = C h + O(h²) + rounding; at h = 1e-4 the O(h) and rounding parts are far below 10%.
          expect(width(narrow) / width(wide), JSON.stringify(p)).toBeLessThan(0.6);
          expect(width(narrow) / width(wide), JSON.stringify(p)).toBeGreaterThan(0.4);
        }
      }),
      { seed: 26, numRuns: 100 },
    );
  });

  it('M over a range of its argument contains M at every point of it (monotone hull, seed 27)', () => {
    fc.assert(
      fc.property(
        logUniform(0.05, 20),
        logUniform(1e-4, 10),
        logUniform(1e-3, 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (k, u, w, t) => {
          const U = iv(u, u * (1 + w));
          const m = enclosedM(kappaTerms(ivCtx, iv(k)), U);
          expect(inside(M(H, kappaTerms(H, D(k)), D(u + t * (U.hi - u))), m)).toBe(true);
        },
      ),
      { seed: 27, numRuns: 300 },
    );
  });

  it('the α → ∞ growth rates contain the 100-digit rates and decide the divergence region κ < min(τ, 1)', () => {
    fc.assert(
      fc.property(centre, (p) => {
        const box = boxAround({ ...p, lambda: 0, rho: Math.max(p.rho, 0.01) }, 1e-3);
        const found = enclosedAlphaLimit(box);
        const below = box.kappa.hi < Math.min(box.tau.lo, 1);
        const above = box.kappa.lo > Math.min(box.tau.hi, 1);
        if (!below && !above) return; // the box meets the boundary κ = min(τ, 1)
        expect(found).toBeDefined();
        const lim = found!;
        const v = alphaInfinity(H, D(box.kappa.lo), D(box.tau.lo), D(box.rho.lo), H.num(0));
        if (lim.divergent) {
          expect(below).toBe(true);
          expect(inside(v.growth!.eICL!.rate, lim.rate)).toBe(true);
          expect(lim.rate.lo).toBeGreaterThan(0);
        } else {
          expect(above).toBe(true);
          expect(inside(v.eICL, lim.limit)).toBe(true);
        }
      }),
      { seed: 28, numRuns: 200 },
    );
  });
});
