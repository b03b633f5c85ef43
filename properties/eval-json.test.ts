// The JSON of `icl-verify eval`, in-process: every value is evaluate()'s, printed exactly (float64) or to
// N correct digits, divergent ones with their growth rates under the documented keys; bad syntax is a
// DomainError naming the flag.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fp } from '../src/numeric/context.js';
import { domainError } from '../test/support/errors.js';
import { evalJson } from '../src/theory/evalJson.js';
import { evaluate } from '../src/theory/evaluate.js';
import { fullPoint, holds, params, type DomainPoint } from './support/domain.js';

const typed = (p: DomainPoint) => {
  const s = (v: number) => (v === Infinity ? 'inf' : String(v));
  const t: Record<string, string> = {
    alpha: s(p.alpha),
    kappa: s(p.kappa),
    tau: s(p.tau),
    rho: s(p.rho),
    lambda: s(p.lambda),
  };
  if (p.tauPerAlpha !== undefined) t.tauPerAlpha = s(p.tauPerAlpha);
  return t as Parameters<typeof evalJson>[0];
};

describe('eval JSON', () => {
  it("float64: every field is evaluate()'s value as a string, growth rates under <name>PerAlpha / PerSqrtAlpha, the regime", () => {
    fc.assert(
      fc.property(fullPoint, (p) => {
        const j = evalJson(typed(p), null);
        const e = evaluate(fp, p);
        expect(j.regime).toBe(e.regime);
        expect(j.digits).toBe(null);
        for (const k of ['epsilon', 'eICL', 'eIDG', 'gTask'] as const)
          holds(j[k] === fp.toString(e[k]), `${k} printed as evaluate gives it`, p, `${j[k]} vs ${e[k]}`);
        const keys = Object.keys(j)
          .filter((k) => /Per(Sqrt)?Alpha$/.test(k))
          .sort();
        const want = Object.entries(e.growth)
          .map(([n, g]) => `${n}${g!.power === 1 ? 'PerAlpha' : 'PerSqrtAlpha'}`)
          .sort();
        expect(keys).toEqual(want);
        for (const [n, g] of Object.entries(e.growth))
          expect(j[`${n}${g!.power === 1 ? 'PerAlpha' : 'PerSqrtAlpha'}`]).toBe(String(g!.rate));
      }),
      params(500),
    );
  });

  it("N digits: the printed value has N significant digits and rounds the float64 value's neighbourhood", () => {
    fc.assert(
      fc.property(fullPoint, fc.integer({ min: 5, max: 30 }), (p, n) => {
        const j = evalJson(typed(p), n);
        const e = evaluate(fp, p);
        expect(j.digits).toBe(n);
        for (const k of ['eICL', 'eIDG'] as const) {
          if (!Number.isFinite(e[k])) expect(j[k]).toBe(String(e[k]));
          else
            holds(
              Math.abs(Number(j[k]) - e[k]) <= 1e-4 * Math.abs(e[k]) + 1e-300,
              `${k} at ${n} digits near float64`,
              p,
              `${j[k]} vs ${e[k]}`,
            );
        }
      }),
      params(100),
    );
  });

  it('bad syntax names the flag; magnitudes beyond float64 are rejected in float64 and read at N digits', () => {
    const ok = { alpha: '2', kappa: '0.5', tau: '1.5', rho: '0.1', lambda: '0.5' };
    const a = domainError(() => evalJson({ ...ok, alpha: 'abc' }, null));
    expect([a.parameter, a.got]).toEqual(['--alpha', "'abc'"]);
    expect(domainError(() => evalJson({ ...ok, rho: 'inf' }, null)).parameter).toBe('--rho');
    const big = domainError(() => evalJson({ ...ok, alpha: '1e400' }, null));
    expect([big.parameter, big.allowed]).toEqual([
      '--alpha',
      'within the float64 range (magnitude 4.9e-324 to 1.7e308; use --digits N for more)',
    ]);
    expect(domainError(() => evalJson({ ...ok, lambda: '1e-400' }, null)).parameter).toBe('--lambda');
    expect(evalJson({ ...ok, lambda: '0e5' }, null).eICL).toBe(evalJson({ ...ok, lambda: '0' }, null).eICL);
    expect(evalJson({ ...ok, alpha: '1e400' }, 20).regime).toBe('finite');
    expect(domainError(() => evalJson({ ...ok, tauPerAlpha: 'x' }, null)).parameter).toBe('--tau-per-alpha');
  });
});
