// Keyed random streams: reproducible bit for bit, distinct keys independent, correct laws.
import { describe, expect, it } from 'vitest';
import { Rng, stream } from '../src/sim/rng.js';
import { meanAndStderr } from '../src/numeric/stats.js';

const draw = (r: Rng, n: number, f: (r: Rng) => number): Float64Array => Float64Array.from({ length: n }, () => f(r));

describe('rng', () => {
  it('reproduces a stream from its key, bit for bit', () => {
    const a = draw(stream(42, 3, 'contexts'), 1000, (r) => r.normal());
    const b = draw(stream(42, 3, 'contexts'), 1000, (r) => r.normal());
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });

  it('gives different streams for keys differing in any component (seed, replicate, purpose, high bits)', () => {
    const keys: [number, number, string][] = [
      [1, 0, 'x'],
      [2, 0, 'x'],
      [1, 1, 'x'],
      [1, 0, 'y'],
      [1 + 2 ** 32, 0, 'x'],
      [1, 2 ** 32, 'x'],
    ];
    const firsts = keys.map(([s, r, p]) => stream(s, r, p).nextU32());
    expect(new Set(firsts).size).toBe(keys.length);
  });

  it('streams of neighbouring keys are uncorrelated (|corr| < 4/sqrt(N) for each pair)', () => {
    const N = 20000;
    const streams = [0, 1, 2, 3].map((rep) => draw(stream(7, rep, 'p'), N, (r) => r.uniform() - 0.5));
    for (let i = 0; i < streams.length; i++) {
      for (let j = i + 1; j < streams.length; j++) {
        let c = 0;
        for (let t = 0; t < N; t++) c += streams[i]![t]! * streams[j]![t]!;
        // Var(U−1/2) = 1/12, so the correlation estimate is c/(N/12) with standard error 1/sqrt(N).
        expect(Math.abs(c / (N / 12))).toBeLessThan(4 / Math.sqrt(N));
      }
    }
  });

  it('normal draws have mean 0, variance 1, kurtosis 3 (4 standard errors)', () => {
    const N = 200_000;
    const x = draw(stream(11, 0, 'normal'), N, (r) => r.normal());
    const m = (f: (v: number) => number) => {
      let s = 0;
      let s2 = 0;
      for (const v of x) {
        const y = f(v);
        s += y;
        s2 += y * y;
      }
      return meanAndStderr(s, s2, N);
    };
    for (const [f, target] of [
      [(v: number) => v, 0],
      [(v: number) => v * v, 1],
      [(v: number) => v ** 4, 3],
    ] as const) {
      const e = m(f);
      expect(Math.abs(e.mean - target)).toBeLessThan(4 * e.stderr);
    }
  });

  it('chi-square draws have mean df and variance 2 df (4 standard errors), df = 1, 2, 3, 10, 57', () => {
    const N = 100_000;
    for (const df of [1, 2, 3, 10, 57]) {
      const x = draw(stream(5, df, 'chi2'), N, (r) => r.chiSquare(df));
      let s = 0;
      let s2 = 0;
      let q = 0;
      let q2 = 0;
      for (const v of x) {
        s += v;
        s2 += v * v;
        const c = (v - df) ** 2;
        q += c;
        q2 += c * c;
      }
      const mean = meanAndStderr(s, s2, N);
      const variance = meanAndStderr(q, q2, N);
      expect(Math.abs(mean.mean - df)).toBeLessThan(4 * mean.stderr);
      expect(Math.abs(variance.mean - 2 * df)).toBeLessThan(4 * variance.stderr);
    }
  });

  it('int(n) is uniform on [0, n) (chi-square goodness of fit, 99.9% point)', () => {
    const n = 7;
    const N = 70_000;
    const r = stream(3, 0, 'int');
    const counts = new Array<number>(n).fill(0);
    for (let t = 0; t < N; t++) counts[r.int(n)]!++;
    const chi2 = counts.reduce((a, c) => a + (c - N / n) ** 2 / (N / n), 0);
    expect(chi2).toBeLessThan(22.46); // χ²₆ 0.999 quantile
  });
});
