// A simulation point's seed is a hash of the spec's seed and the point itself, so its result does
// not depend on the sharding, the order, or which other points the grid holds.

const MASK64 = (1n << 64n) - 1n;

/** FNV-1a over the UTF-8 bytes, then the SplitMix64 finaliser for avalanche; 53 bits out. */
export function pointSeed(specSeed: number, pointKey: string): number {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(`${specSeed}\u0000${pointKey}`)) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & MASK64;
  }
  h = ((h ^ (h >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  h = ((h ^ (h >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  h ^= h >> 31n;
  return Number(h >> 11n);
}
