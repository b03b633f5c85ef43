// Seeded sample points for numeric identity tests: a small 32-bit generator (mulberry32) is enough,
// since points only need to be reproducible and spread over the region, not cryptographic.

export interface VarRange {
  lo: number;
  hi: number;
  /** Log-uniform between lo and hi (both > 0); uniform otherwise. */
  log?: boolean;
}

export interface Region {
  /** How the region reads in a report, e.g. "x > 0, 0 < kappa < 1". */
  description: string;
  vars: Readonly<Record<string, VarRange>>;
  /** Extra constraint; points failing it are redrawn. */
  where?: (p: Readonly<Record<string, number>>) => boolean;
}

export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` points of the region as decimal strings with 12 significant digits (exact in any decimal
 * context, so both sides of an identity see the same point).
 */
export function samplePoints(region: Region, count: number, seed: number): Record<string, string>[] {
  const rand = generator(seed);
  const points: Record<string, string>[] = [];
  for (let tries = 0; points.length < count; tries++) {
    if (tries > 1000 * count) throw new Error(`region '${region.description}': constraint rejects almost every point`);
    const p: Record<string, string> = {};
    const nums: Record<string, number> = {};
    for (const [name, r] of Object.entries(region.vars)) {
      const u = rand();
      const v = r.log ? Math.exp(Math.log(r.lo) + u * (Math.log(r.hi) - Math.log(r.lo))) : r.lo + u * (r.hi - r.lo);
      p[name] = v.toPrecision(12);
      nums[name] = Number(p[name]);
    }
    if (!region.where || region.where(nums)) points.push(p);
  }
  return points;
}
