// Every seed of the project: the defaults the commands print, and the hashes that derive one seed
// from another and a name, so a stream depends only on its key (never on sharding, order or which
// worker ran it). The generator that consumes them is rng.ts.

/**
 * Default seed of a single run (`simulate`, `extrapolate`, `check-formula`): small, so a printed
 * result is easy to replay by hand.
 */
export const DEFAULT_SEED = 1;

/**
 * Default base seed of the registry (`verify`) and of the proofs' numeric steps (`proofs`); each
 * check and proof derives its own seed from it by name.
 */
export const REGISTRY_SEED = 20250711;

/** Largest base seed of the registry and the proofs (it is hashed as one 32-bit word). */
export const MAX_REGISTRY_SEED = 2 ** 32 - 1;

/** Largest seed accepted: seeds are printed and must survive JSON as exact integers. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** murmur3's 32-bit finalizer: full avalanche, bijective. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a (32 bits) over the UTF-16 code units of `s`, starting from `basis` (FNV's offset basis by default). */
export function fnv1a32(s: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * The seed of one named point of a seeded run (a sweep point, a figure point): FNV-1a (64 bits) over
 * the UTF-8 bytes of seed and key, then the SplitMix64 finaliser for avalanche; 53 bits out.
 */
export function pointSeed(seed: number, pointKey: string): number {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(`${seed}\u0000${pointKey}`)) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & MASK64;
  }
  h = ((h ^ (h >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  h = ((h ^ (h >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  h ^= h >> 31n;
  return Number(h >> 11n);
}
