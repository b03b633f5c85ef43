// THEORY.md §9: the 60-digit spot values. The table was evaluated at the double nearest each printed
// input (row 5 differs in the 17th digit if τ = 0.85 is read as an exact decimal), so the inputs are
// read here as their exact binary values.
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { evalFp, evalMp, relErr, type Point } from './support/theory.js';

const rows: [Point, string, string, string][] = [
  [{ alpha: 10, kappa: 0.5, tau: 10, rho: 0.01, lambda: 0 }, '0.595696896814243013', '0.0624443907931200185', '0'],
  [{ alpha: 1, kappa: 0.5, tau: 0.5, rho: 0.01, lambda: 0 }, '1.26107689593427654', '0.801849166794355458', '1.62973330172090130'],
  [{ alpha: 10, kappa: Infinity, tau: 2, rho: 0.01, lambda: 0.1 }, '0.189353228541223039', '0.189353228541223039', '0.175795586560929513'],
  [{ alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0.5 }, '0.936314793818202264', '0.427898462109602672', '0.799815521021707844'],
  [{ alpha: 100, kappa: 2, tau: 0.85, rho: 0.5, lambda: 0 }, '5.59086305592244913', '3.86214897719006353', '0.105990729846833403'],
  [{ alpha: 0.5, kappa: 1.5, tau: 3, rho: 0.2, lambda: 1e-3 }, '1.42599089845155922', '1.22356824006761878', '0.00149965191099904500'],
];

describe('THEORY.md §9 spot values', () => {
  for (const [p, icl, idg, eps] of rows) {
    const name = Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ');
    it(`60 digits reproduce every printed digit at ${name}`, () => {
      const e = evalMp(p);
      const sig = (s: string) => new Decimal(s).sd(); // digits the table prints
      expect(e.eICL.toSignificantDigits(sig(icl)).toString()).toBe(new Decimal(icl).toString());
      expect(e.eIDG.toSignificantDigits(sig(idg)).toString()).toBe(new Decimal(idg).toString());
      expect(e.epsilon.toSignificantDigits(Math.max(1, sig(eps))).toString()).toBe(new Decimal(eps).toString());
    });
    it(`float64 within 1e-15 at ${name}`, () => {
      const e = evalFp(p);
      expect(relErr(e.eICL, new Decimal(icl))).toBeLessThan(1e-15);
      expect(relErr(e.eIDG, new Decimal(idg))).toBeLessThan(1e-15);
      expect(relErr(e.epsilon, new Decimal(eps))).toBeLessThan(1e-15);
    });
  }
});
