// The exact derivatives (implicit differentiation of the self-consistency, src/theory/derivatives.ts) at
// 50 digits against central differences of the errors at 100 digits over the finite domain; at ρ = 0 or
// λ = 0 the derivative is one-sided (the domain ends there) and is compared with the one-sided three-point
// difference (−3f(0) + 4f(h) − f(2h))/(2h). Both differences are O(h²) with h = 1e-30·|θ|.
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { mp } from '../src/numeric/context.js';
import { DomainError } from '../src/numeric/domain.js';
import { derivatives } from '../src/theory/derivatives.js';
import { evaluate } from '../src/theory/evaluate.js';
import { liftDoubles, PARAM_NAMES, type ParamName, type Params } from '../src/theory/params.js';
import { params, point, show } from './support/domain.js';

const c50 = mp(50);
const c100 = mp(100);
const FIELDS = ['epsilon', 'eICL', 'eIDG'] as const;

function difference(p: Params<number>, wrt: ParamName): Record<(typeof FIELDS)[number], Decimal> {
  const q = liftDoubles(c100, p);
  const theta = q[wrt];
  const h = theta.isZero() ? c100.num('1e-30') : theta.abs().times('1e-30');
  const at = (k: number) => evaluate(c100, { ...q, [wrt]: theta.plus(h.times(k)) });
  const out = {} as Record<(typeof FIELDS)[number], Decimal>;
  if (theta.isZero()) {
    const [f0, f1, f2] = [at(0), at(1), at(2)];
    for (const f of FIELDS) out[f] = f1[f].times(4).minus(f2[f]).minus(f0[f].times(3)).div(h.times(2));
  } else {
    const [fp1, fm1] = [at(1), at(-1)];
    for (const f of FIELDS) out[f] = fp1[f].minus(fm1[f]).div(h.times(2));
  }
  return out;
}

describe('derivatives', () => {
  it('equal central differences at 100 digits to 1e-25 of their scale, in every parameter', () => {
    fc.assert(
      fc.property(point, fc.constantFrom(...PARAM_NAMES), (p, wrt) => {
        if (wrt === 'kappa' && p.kappa === Infinity) return;
        const d = derivatives(c50, liftDoubles(c50, p), wrt);
        const fd = difference(p, wrt);
        const base = evaluate(c50, liftDoubles(c50, p));
        // the natural scale of ∂f/∂θ: |f|/|θ| (θ = 0 only for ρ, λ: then |f|)
        const theta = Math.abs(p[wrt]);
        for (const f of FIELDS) {
          const scale = base[f]
            .abs()
            .div(theta === 0 ? 1 : theta)
            .plus(fd[f].abs());
          const err = d[f].minus(fd[f]).abs();
          expect(
            err.lte(scale.times('1e-25')),
            `${show(p)} d/d${wrt} ${f}: exact ${d[f].toString()} vs difference ${fd[f].toString()}`,
          ).toBe(true);
        }
        // g_task's derivative is the difference of the two (exactly 0 at κ = ∞)
        const gap = p.kappa === Infinity ? new Decimal(0) : d.eICL.minus(d.eIDG);
        expect(d.gTask.minus(gap).abs().lte(d.eICL.abs().plus(d.eIDG.abs()).times('1e-45'))).toBe(true);
      }),
      params(120),
    );
  });

  it('refuses the limits and a kappa-derivative at kappa = inf, naming the parameter', () => {
    const p = { alpha: 2, kappa: Infinity, tau: 1.5, rho: 0.1, lambda: 0.5 };
    const k = () => derivatives(c50, liftDoubles(c50, p), 'kappa');
    expect(k).toThrow(DomainError);
    expect(k).toThrow(/kappa must be finite/);
    const a = () => derivatives(c50, liftDoubles(c50, { ...p, kappa: 0.5, alpha: Infinity }), 'tau');
    expect(a).toThrow(/alpha must be finite/);
  });
});
