// docs/theory.md §9: the 60-digit spot values. The table was evaluated at the double nearest each printed
// input (row 5 differs in the 17th digit if τ = 0.85 is read as an exact decimal), so the inputs are
// read here as their exact binary values.
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { SPOT_VALUES } from '../src/checks/theory.js';
import { evalFp, evalMp, rel } from './support/theory.js';

const rows = SPOT_VALUES;

describe('docs/theory.md §9 spot values', () => {
  for (const [p, icl, idg, eps] of rows) {
    const name = Object.entries(p)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    it(`60 digits reproduce every printed digit at ${name}`, () => {
      const e = evalMp(p);
      const sig = (s: string) => new Decimal(s).sd(); // digits the table prints
      expect(e.eICL.toSignificantDigits(sig(icl)).toString()).toBe(new Decimal(icl).toString());
      expect(e.eIDG.toSignificantDigits(sig(idg)).toString()).toBe(new Decimal(idg).toString());
      expect(e.epsilon.toSignificantDigits(Math.max(1, sig(eps))).toString()).toBe(new Decimal(eps).toString());
    });
    it(`float64 within 1e-15 at ${name}`, () => {
      const e = evalFp(p);
      expect(rel(e.eICL, new Decimal(icl))).toBeLessThan(1e-15);
      expect(rel(e.eIDG, new Decimal(idg))).toBeLessThan(1e-15);
      expect(rel(e.epsilon, new Decimal(eps))).toBeLessThan(1e-15);
    });
  }
});
