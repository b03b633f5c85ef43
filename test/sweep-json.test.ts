// The JSON error locator agrees with JSON.parse on what is valid and points at the offending character.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../src/sweep/jsonLocate.js';

describe('jsonErrorOffset', () => {
  it('finds no error exactly where JSON.parse succeeds (random JSON and random corruptions, seed printed by fast-check on failure)', () => {
    fc.assert(
      fc.property(
        fc.json(),
        fc.nat(),
        fc.constantFrom('', ',', ']', '}', '"', 'x', ' ', '\n', '-', '.'),
        (text, pos, ins) => {
          const k = pos % (text.length + 1);
          for (const t of [text, text.slice(0, k) + ins + text.slice(k), text.slice(0, k)]) {
            let ok = true;
            try {
              JSON.parse(t);
            } catch {
              ok = false;
            }
            expect(jsonErrorOffset(t) === -1, t).toBe(ok);
          }
        },
      ),
      { seed: 20250711, numRuns: 400 },
    );
  });
  it('points at the first bad character', () => {
    expect(jsonErrorOffset('[1,]')).toBe(3);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('[1, 2')).toBe(5);
    expect(jsonErrorOffset('[01]')).toBe(2);
    expect(jsonErrorOffset('"\\x"')).toBe(2);
    expect(jsonErrorOffset('tru')).toBe(3);
    expect(jsonErrorOffset('{} x')).toBe(3);
  });
});
