// The fast shortest round-trip formatter of CSV grids: every double it writes reads back to itself
// (random bit patterns over the whole range, subnormals, ±0, the largest and smallest doubles, powers
// of two and their neighbours, integers around 2^53), and its text is exactly String(x)'s (V8's
// shortest, nearest, ties to an even digit), -0 apart, which it writes as "-0". Seeded (printed in the
// test names).
import { describe, expect, it } from 'vitest';
import { MAX_SHORTEST_BYTES, shortest, writeShortest } from '../src/numeric/shortest.js';

const SEED = 20260526;

/** xorshift32: a stream of 32-bit words from a fixed seed. */
function words(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

const f = new Float64Array(1);
const u = new Uint32Array(f.buffer);
const fromBits = (hi: number, lo: number): number => {
  u[1] = hi;
  u[0] = lo;
  return f[0]!;
};

function expectFaithful(x: number): void {
  const s = shortest(x);
  expect(Object.is(Number(s), x), `${s} must read back as ${String(x)}`).toBe(true);
  expect(s).toBe(Object.is(x, -0) ? '-0' : String(x));
}

describe('shortest(x)', () => {
  it(`reads back exactly and equals String(x) for 200000 random bit patterns (seed ${SEED})`, () => {
    const next = words(SEED);
    for (let i = 0; i < 200_000; i++) {
      const x = fromBits(next(), next());
      if (Number.isFinite(x)) expectFaithful(x);
    }
  });

  it(`reads back exactly and equals String(x) for 200000 random doubles in [1e-3, 1e3) (seed ${SEED + 1}), the range of errors`, () => {
    const next = words(SEED + 1);
    for (let i = 0; i < 200_000; i++) expectFaithful(1e-3 * 1e6 ** (next() / 2 ** 32) * (1 + next() / 2 ** 40));
  });

  it('handles zeros, subnormals, the extremes, powers of two, integers near 2^53 and round decimals', () => {
    expect(shortest(0)).toBe('0');
    expect(shortest(-0)).toBe('-0');
    expect(Object.is(Number(shortest(-0)), -0)).toBe(true);
    const special = [
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      2.2250738585072014e-308,
      2.225073858507201e-308,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      1e-280,
      1e290,
      9.999999999999999e289,
      1.0000000000000001e-280,
      2 ** 53,
      2 ** 53 + 2,
      2 ** 53 - 1,
      1e21,
      1e21 - 65536,
      123456789012345680000,
      1e-7,
      1.5e-7,
      1e-6,
      0.1,
      0.2 + 0.1,
      1 / 3,
      5e-324,
    ];
    for (let e = -1070; e <= 1023; e++) {
      const p = 2 ** e;
      special.push(p, p * (1 + Number.EPSILON), p * (1 - Number.EPSILON / 2));
    }
    for (let e = -300; e <= 300; e++) special.push(Number(`1e${e}`), Number(`7.3e${e}`));
    for (const x of special) {
      expectFaithful(x);
      expectFaithful(-x);
    }
    expect([0.1, 1e-7, 1e21, 2 ** 53, 1 / 3, 123.456].map(shortest)).toEqual([
      '0.1',
      '1e-7',
      '1e+21',
      '9007199254740992',
      '0.3333333333333333',
      '123.456',
    ]);
  });

  it('NaN and the infinities are written as String writes them; writeShortest returns the position after the text', () => {
    expect([NaN, Infinity, -Infinity].map(shortest)).toEqual(['NaN', 'Infinity', '-Infinity']);
    const buf = new Uint8Array(8 + MAX_SHORTEST_BYTES);
    buf.fill(35);
    const end = writeShortest(-1.5e-300, buf, 3);
    expect(new TextDecoder().decode(buf.subarray(0, end + 1))).toBe('###-1.5e-300#');
  });
});
