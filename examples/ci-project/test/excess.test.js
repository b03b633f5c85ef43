// Properties of our own code over the whole parameter domain, limits and boundaries included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from 'icl-verify';
import { invalidPoint, paramPoint } from 'icl-verify/testing';
import { excessICL } from '../dist/excess.js';

test('the error never falls below the noise floor (finite points, limits, boundaries)', () => {
  fc.assert(
    fc.property(paramPoint(), (p) => {
      const excess = excessICL(p);
      assert.ok(excess >= -1e-12 * Math.max(1, p.rho), `e^ICL - rho = ${excess} at ${JSON.stringify(p)}`);
    }),
    { numRuns: 500 },
  );
});

test('a point outside the domain is a DomainError naming the parameter', () => {
  fc.assert(
    fc.property(invalidPoint(), ({ point, parameter }) => {
      assert.throws(
        () => excessICL(point),
        (err) => err instanceof DomainError && err.parameter === parameter,
      );
    }),
    { numRuns: 200 },
  );
});
