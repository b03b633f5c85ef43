// evalJson in-process: decimal inputs read exactly or as the nearest doubles, the parameters echoed as
// typed, and the float64 syntax check at its edges (0 spelled with digits, magnitudes beyond float64).
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/numeric/domain.js';
import { evalJson } from '../src/theory/evalJson.js';

const ok = { alpha: '2', kappa: '0.1', tau: '1.5', rho: '0.1', lambda: '0.5' };

describe('evalJson inputs', () => {
  it("'double' reads each decimal as the exact value of its nearest float64; 'decimal' reads it exactly", () => {
    const exact = evalJson(ok, 30, 'decimal');
    const dbl = evalJson(ok, 30, 'double');
    const f64 = evalJson(ok, null);
    expect(dbl.eICL).not.toBe(exact.eICL); // 0.1 is not a double
    // 'double' is 'decimal' at the doubles' exact expansions (0.1 → 0.1000000000000000055511151231257827…).
    const expanded = {
      ...ok,
      kappa: '0.1000000000000000055511151231257827021181583404541015625',
      rho: '0.1000000000000000055511151231257827021181583404541015625',
    };
    expect(evalJson(expanded, 30, 'decimal').eICL).toBe(dbl.eICL);
    // The double reading is the float64 computation's input: it agrees with float64 to rounding, and
    // differs from the exact reading by the input's representation error (~1e-17 relative), not more.
    expect(Math.abs(Number(dbl.eICL) / Number(f64.eICL) - 1)).toBeLessThan(1e-13);
    expect(Math.abs(Number(dbl.eICL) / Number(exact.eICL) - 1)).toBeLessThan(1e-15);
    // Inputs that are doubles already read the same either way; 'inf' passes through.
    const exactPoint = { alpha: '2', kappa: '0.5', tau: '1.5', rho: '0.25', lambda: '0.5' };
    expect(evalJson(exactPoint, 30, 'double').eICL).toBe(evalJson(exactPoint, 30, 'decimal').eICL);
    const inf = evalJson({ ...ok, alpha: 'inf' }, 20, 'double');
    expect(inf.regime).toBe('alpha=inf');
    expect(inf.params).toEqual({ ...ok, alpha: 'inf' });
    expect(dbl.params).toEqual(ok); // echoed as typed, not as read
    expect(evalJson(ok, 30).eICL).toBe(exact.eICL); // 'decimal' is the default
  });

  it('float64 syntax: a zero with nonzero digits underflowed; exponent digits alone do not count', () => {
    const err = (raw: typeof ok) => {
      try {
        evalJson(raw, null);
      } catch (e) {
        if (e instanceof DomainError) return e.parameter;
        throw e;
      }
      return undefined;
    };
    expect(err({ ...ok, lambda: '0.0e-999' })).toBeUndefined(); // 0 spelled with an exponent
    expect(err({ ...ok, lambda: '0e7' })).toBeUndefined();
    expect(err({ ...ok, lambda: '1e-400' })).toBe('--lambda');
    expect(err({ ...ok, rho: '-1e400' })).toBe('--rho');
    expect(evalJson({ ...ok, lambda: '1e-400' }, 20).digits).toBe(20); // read exactly at N digits
  });
});
