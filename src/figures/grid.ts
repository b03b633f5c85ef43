// Sample grids for the figures.

/** n points log-spaced from lo to hi inclusive (exact powers of ten stay exact). */
export function logspace(lo: number, hi: number, n: number): number[] {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return Array.from({ length: n }, (_, i) => {
    const e = n === 1 ? a : a + ((b - a) * i) / (n - 1);
    return Number.isInteger(e) ? Number(`1e${e}`) : Math.pow(10, e);
  });
}
