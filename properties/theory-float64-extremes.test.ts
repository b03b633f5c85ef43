// float64 at the far ends of the domain: every parameter log-uniform over exponents -300..300 (with ∞,
// 0 for ρ and λ, and the ridgeless peak excluded as the domain does). evaluate(fp) either returns
// values that agree with a decimal reference at more working digits than the fallback's (growing with
// the parameters' span) to 1e-12 relative (g_task to 1e-12 of the larger error), or
// throws the DomainError that asks for --digits; never NaN, an infinity the theory does not have, or a
// silently wrong number. The points that once gave NaN are pinned below.
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { fp, mp } from '../src/numeric/context.js';
import { DomainError } from '../src/numeric/domain.js';
import { evaluate } from '../src/theory/evaluate.js';
import { liftDoubles, type Params } from '../src/theory/params.js';
import { params } from './support/domain.js';

const logUniform = fc.double({ min: -300, max: 300, noNaN: true }).map((e) => 10 ** e);
const orInf = fc.oneof({ arbitrary: logUniform, weight: 9 }, { arbitrary: fc.constant(Infinity), weight: 1 });
const orZero = fc.oneof({ arbitrary: logUniform, weight: 4 }, { arbitrary: fc.constant(0), weight: 1 });
const finitePoint = fc
  .record({ alpha: orInf, kappa: orInf, tau: logUniform, rho: orZero, lambda: orZero })
  .filter((p) => !(p.lambda === 0 && Math.abs(p.tau - 1) < 1e-6));

const rel = (a: number, b: Decimal): number =>
  b.isZero() ? Math.abs(a) : new Decimal(a).minus(b).abs().div(b.abs()).toNumber();

/**
 * The point's errors at 80 working digits plus 2 per decade the parameters span: 40 more than
 * evaluate's own fallback uses and 20 more than it confirms with (a fixed 60 is not enough at τ = 1e-60).
 */
function reference(p: Params<number>): Record<'eICL' | 'eIDG' | 'epsilon' | 'gTask', Decimal> {
  const decades = Math.max(
    0,
    ...[p.alpha, p.kappa, p.tau, p.rho, p.lambda]
      .filter((v) => Number.isFinite(v) && v > 0)
      .map((v) => Math.abs(Math.log10(v))),
  );
  const c = mp(Math.min(1000, 80 + 2 * Math.ceil(decades)));
  const e = evaluate(c, liftDoubles(c, p));
  return { eICL: e.eICL, eIDG: e.eIDG, epsilon: e.epsilon, gTask: e.gTask };
}

/** The float64 result against 20 correct digits, or the --digits DomainError (when decimals evaluate at all). */
function agreesOrRefuses(p: Params<number>): void {
  let exact;
  try {
    exact = reference(p);
  } catch (err) {
    // Outside the theory's domain at any precision: float64 must refuse it too.
    expect(err).toBeInstanceOf(DomainError);
    expect(() => evaluate(fp, p)).toThrow(DomainError);
    return;
  }
  let a;
  try {
    a = evaluate(fp, p);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).message).toContain('use --digits N');
    return;
  }
  const where = JSON.stringify(p);
  for (const k of ['eICL', 'eIDG', 'epsilon'] as const) {
    expect(Number.isNaN(a[k]), `${k} NaN at ${where}`).toBe(false);
    if (!exact[k].isFinite()) expect(a[k], `${k} at ${where}`).toBe(exact[k].toNumber());
    else expect(rel(a[k], exact[k]), `${k} at ${where}`).toBeLessThanOrEqual(1e-12);
  }
  if (exact.gTask.isFinite() && exact.eICL.isFinite() && exact.eIDG.isFinite())
    expect(new Decimal(a.gTask).minus(exact.gTask).abs().toNumber(), `gTask at ${where}`).toBeLessThanOrEqual(
      1e-12 * Math.max(a.eICL, a.eIDG),
    );
}

describe('float64 over exponents -300..300', () => {
  it('agrees with the decimal reference or asks for --digits; never NaN (8 points: each costs up to seconds at 700 digits)', () => {
    fc.assert(fc.property(finitePoint, agreesOrRefuses), params(8));
  });

  it('the points of the audit (α = 1e155 ridgeless above the peak, τ <= 1e-160) and κ = 1e-300', () => {
    const base = { kappa: 0.5, rho: 0.5, lambda: 0 };
    for (const p of [
      { ...base, alpha: 1e155, tau: 3 },
      { ...base, alpha: 2, tau: 1e-160 },
      { ...base, alpha: 2, tau: 1e-300 },
      { ...base, alpha: 1e155, tau: 3, lambda: 1e-3 },
      // κ = 1e-300 with ridge: the root solve needed more than its former 400 steps (an internal error).
      { alpha: 1, kappa: 1e-300, tau: 1, rho: 1, lambda: 1 },
    ])
      agreesOrRefuses(p);
    // α = 1e155: x = 1.5e-155 and M_κ(x) ~ 1/(2x), whose square overflows float64; the errors do not.
    const e = evaluate(fp, { ...base, alpha: 1e155, tau: 3 });
    expect(Number.isFinite(e.eICL) && Number.isFinite(e.eIDG)).toBe(true);
  });
});
