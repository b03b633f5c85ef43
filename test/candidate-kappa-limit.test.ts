// A candidate that is NaN at κ = ∞ (∞/∞ in a formula written for finite κ) is evaluated there as its
// limit κ → ∞ when it has one, and otherwise is a DomainError naming kappa and the domain fix.
import { describe, expect, it } from 'vitest';
import { fp, mp } from '../src/numeric/context.js';
import { DomainError } from '../src/numeric/domain.js';
import { compile } from '../src/candidate/compile.js';
import { parseCandidate } from '../src/candidate/parse.js';
import { evaluate } from '../src/theory/evaluate.js';

// docs/theory.md §5, τ > 1, copied with k* = 1/(1 − κ(m/(κ + m))²): ∞/∞ at κ = ∞.
const verbatim = parseCandidate(
  `target: eICL
domain: tau > 1, lambda = 0
m = Mk(kappa, x)
ks = 1/(1 - ` +
    `kappa*(m/(kappa + m))^2)
expr = (ks - 1/(tau - 1))*(1 + x)*(x*m)^2 + ((3 - ` +
    `2*tau)/(tau - 1))*m*x^2 + ((1 + rho)*m/(tau - 1) + 1)*x + rho*m/(tau - 1) + rho
`,
);

describe('candidates at kappa = inf', () => {
  const p = { alpha: 5.625, kappa: Infinity, tau: 2.75, rho: 0.01234, lambda: 0 };

  it('the verbatim closed form is NaN at kappa = inf by itself', () => {
    // Without the limit (the expression alone), the value is NaN: the fault the limit repairs.
    const m = 1 / (1 + (1 + p.rho) / p.alpha);
    expect(Number.isNaN(1 / (1 - Infinity * (m / (Infinity + m)) ** 2))).toBe(true);
  });

  it('evaluates to the kappa -> inf limit: the shipped kappa = inf error, in float64 and at 40 digits', () => {
    const f = compile(verbatim);
    const want = evaluate(fp, p).eICL;
    expect(Math.abs(f(fp, p) - want) / want).toBeLessThan(1e-14);
    const c = mp(40);
    const q = {
      alpha: c.num('5.625'),
      kappa: c.num('inf'),
      tau: c.num('2.75'),
      rho: c.num('0.01234'),
      lambda: c.num(0),
    };
    const got = f(c, q);
    const ref = evaluate(c, q).eICL;
    expect(got.minus(ref).abs().div(ref).toNumber()).toBeLessThan(1e-36);
  });

  it('a candidate with no limit at kappa = inf is a DomainError naming kappa and the domain fix', () => {
    const bad = compile(parseCandidate('target: eICL\nexpr = rho + kappa*x/(1 + x) - kappa/kappa\n'));
    expect(() => bad(fp, p)).toThrow(DomainError);
    expect(() => bad(fp, p)).toThrow(
      /^kappa must be < inf for this candidate .*add 'kappa < inf' to its domain line.*got inf \(values at kappa = 1e24, 1e48/,
    );
    // At finite kappa the same candidate is an ordinary number.
    expect(Number.isFinite(bad(fp, { ...p, kappa: 3 }))).toBe(true);
  });
});

describe('design points are printed exactly', () => {
  it('formatPoint prints every double so that it reads back as the same double', async () => {
    const { formatPoint } = await import('../src/candidate/design.js');
    expect(formatPoint({ alpha: 23.625, kappa: Infinity, tau: 2.75, rho: 0.9845501432381927, lambda: 0 })).toBe(
      'alpha=23.625 kappa=inf tau=2.75 rho=0.9845501432381927 lambda=0',
    );
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 10 ** ((seed % 9) - 4);
    for (let i = 0; i < 200; i++) {
      const p = { alpha: rnd(), kappa: rnd(), tau: rnd(), rho: rnd(), lambda: rnd() };
      const back = Object.fromEntries(
        formatPoint(p)
          .split(' ')
          .map((kv) => kv.split('='))
          .map(([k, v]) => [k, Number(v)]),
      );
      expect(back).toEqual(p);
    }
  });
});
