// The parameter point's one module: the written-out domain checks of validateParams agree with the
// DOMAIN table every command and the simulator read, and the one reader of "a number or inf".
import { describe, expect, it } from 'vitest';
import { fp } from '../src/numeric/context.js';
import {
  allowedRange,
  DOMAIN,
  inRange,
  PARAM_NAMES,
  readNumberOrInf,
  validateParams,
  type Params,
} from '../src/theory/params.js';

const BASE: Params<number> = { alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.2 };
const PROBES = [-Infinity, -1, -1e-300, 0, 1e-300, 0.7, 3, 1e300, Infinity, NaN];

describe('theory/params', () => {
  it('validateParams accepts exactly the values DOMAIN allows, naming the parameter and its allowed range', () => {
    for (const key of PARAM_NAMES) {
      for (const v of PROBES) {
        const p = { ...BASE, [key]: v };
        if (inRange(key, v)) expect(() => validateParams(fp, p), `${key} = ${v}`).not.toThrow();
        else
          expect(() => validateParams(fp, p), `${key} = ${v}`).toThrow(
            `${DOMAIN[key].flag} must be ${allowedRange(key)}, got`,
          );
      }
    }
  });
  it('the joint limit needs a ratio in DOMAIN.tauPerAlpha', () => {
    for (const v of PROBES) {
      const p = { ...BASE, alpha: Infinity, tau: Infinity, tauPerAlpha: v };
      if (inRange('tauPerAlpha', v)) expect(() => validateParams(fp, p)).not.toThrow();
      else
        expect(() => validateParams(fp, p)).toThrow(
          `tau-per-alpha must be ${allowedRange('tauPerAlpha')} when alpha = tau = inf`,
        );
    }
  });
  it('allowed ranges read as the errors print them', () => {
    expect(allowedRange('alpha')).toBe('a number > 0 or inf');
    expect(allowedRange('alpha', false)).toBe('a finite number > 0');
    expect(allowedRange('rho')).toBe('a finite number >= 0');
    expect(allowedRange('tauPerAlpha')).toBe('a finite number > 0');
  });
  it('reads a number or inf, and nothing else', () => {
    expect(readNumberOrInf(' 0.85 ', false)).toBe('0.85');
    expect(readNumberOrInf('1e-400', false)).toBe('1e-400');
    for (const s of ['inf', 'Infinity', '+inf', 'INF']) expect(readNumberOrInf(s, true)).toBe('inf');
    expect(readNumberOrInf('inf', false)).toBeUndefined();
    for (const s of ['', '-inf', '0x10', '1,5', 'nan', '2e']) expect(readNumberOrInf(s, true), s).toBeUndefined();
  });
});
