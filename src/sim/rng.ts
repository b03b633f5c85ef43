// Seedable random streams. Each stream is keyed by (seed, replicate, purpose): the key is hashed
// into the 128-bit state of a xoshiro128** generator, so a replicate's draws depend only on its key,
// never on which worker ran it or in what order. Normals use Marsaglia's polar method (no trig,
// both variates of a pair used); chi-square uses Marsaglia–Tsang for Gamma(df/2, 2).

import { fmix32, fnv1a32 } from '../numeric/seeds.js';

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  /** The stream of (seed, replicate, purpose); seed and replicate are non-negative safe integers. */
  constructor(seed: number, replicate: number, purpose: string) {
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
    if (!Number.isSafeInteger(replicate) || replicate < 0)
      throw new RangeError(`replicate must be a non-negative integer, got ${replicate}`);
    const words = [
      seed >>> 0,
      Math.floor(seed / 2 ** 32) >>> 0,
      replicate >>> 0,
      Math.floor(replicate / 2 ** 32) >>> 0,
      fmix32(fnv1a32(purpose)),
    ];
    // Absorb every word through a multiply-and-finalize chain; four differently salted lanes give the state.
    const lane = (salt: number): number => {
      let h = fmix32(salt);
      for (const w of words) h = fmix32(Math.imul(h ^ w, 0x9e3779b1) + 0x7f4a7c15);
      return h | 0;
    };
    this.s0 = lane(0x243f6a88);
    this.s1 = lane(0x85a308d3);
    this.s2 = lane(0x13198a2e);
    this.s3 = lane(0x03707344);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32 random bits as an unsigned integer (xoshiro128**). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n), n <= 2^32, without modulo bias (rejection). */
  int(n: number): number {
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const u = this.nextU32();
      if (u < limit) return u % n;
    }
  }

  /** Standard normal. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      this.spare = v * f;
      this.hasSpare = true;
      return u * f;
    }
  }

  /** Fills out[offset .. offset+count) with independent N(0, scale²) draws. */
  fillNormal(out: Float64Array, offset: number, count: number, scale = 1): void {
    for (let i = 0; i < count; i++) out[offset + i] = scale * this.normal();
  }

  /** Gamma(shape, 1) for shape >= 1 (Marsaglia & Tsang 2000). */
  gamma(shape: number): number {
    if (!(shape >= 1)) throw new RangeError(`gamma shape must be >= 1, got ${shape}`);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (u > 0 && Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Chi-square with integer df >= 0 degrees of freedom. */
  chiSquare(df: number): number {
    if (!Number.isInteger(df) || df < 0)
      throw new RangeError(`chi-square df must be a non-negative integer, got ${df}`);
    if (df === 0) return 0;
    if (df === 1) {
      const z = this.normal();
      return z * z;
    }
    return 2 * this.gamma(df / 2);
  }
}

/** Convenience: the stream of (seed, replicate, purpose). */
export const stream = (seed: number, replicate: number, purpose: string): Rng => new Rng(seed, replicate, purpose);
