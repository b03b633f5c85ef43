// Small statistics used by the Monte Carlo checks: running moments of a vector, and the two-sample
// Kolmogorov–Smirnov test with its asymptotic p-value.

/** Sample mean and standard error of the mean from Σv and Σv² over n draws. */
export function meanAndStderr(sum: number, sumSq: number, n: number): { mean: number; stderr: number } {
  const mean = sum / n;
  const v = Math.max(0, (sumSq - n * mean * mean) / (n - 1));
  return { mean, stderr: Math.sqrt(v / n) };
}

/**
 * First and second moments of a random vector v (length m): Σv_a, Σv_a v_b (a <= b), and Σ(v_a v_b)²
 * for the standard errors of the second moments.
 */
export class MomentAccumulator {
  readonly s1: Float64Array;
  readonly s1sq: Float64Array;
  readonly s2: Float64Array;
  readonly s2sq: Float64Array;
  n = 0;
  constructor(readonly m: number) {
    this.s1 = new Float64Array(m);
    this.s1sq = new Float64Array(m);
    this.s2 = new Float64Array(m * m);
    this.s2sq = new Float64Array(m * m);
  }
  add(v: Float64Array, off = 0): void {
    const m = this.m;
    for (let a = 0; a < m; a++) {
      const va = v[off + a]!;
      this.s1[a] = this.s1[a]! + va;
      this.s1sq[a] = this.s1sq[a]! + va * va;
      for (let b = a; b < m; b++) {
        const p = va * v[off + b]!;
        this.s2[a * m + b] = this.s2[a * m + b]! + p;
        this.s2sq[a * m + b] = this.s2sq[a * m + b]! + p * p;
      }
    }
    this.n++;
  }
  first(a: number): { mean: number; stderr: number } {
    return meanAndStderr(this.s1[a]!, this.s1sq[a]!, this.n);
  }
  /** E[v_a v_b], a <= b. */
  second(a: number, b: number): { mean: number; stderr: number } {
    const i = Math.min(a, b) * this.m + Math.max(a, b);
    return meanAndStderr(this.s2[i]!, this.s2sq[i]!, this.n);
  }
}

/** Kolmogorov distribution tail P(K > t) = 2 Σ_{j>=1} (−1)^{j−1} e^{−2j²t²}. */
export function kolmogorovTail(t: number): number {
  if (t < 0.2) return 1;
  let s = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * t * t);
    s += (j % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/** Two-sample KS statistic D and its asymptotic p-value (with the Stephens small-sample correction). */
export function ksTwoSample(a: Float64Array, b: Float64Array): { D: number; p: number } {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let D = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < n && x[i]! <= v) i++;
    while (j < m && y[j]! <= v) j++;
    D = Math.max(D, Math.abs(i / n - j / m));
  }
  const ne = Math.sqrt((n * m) / (n + m));
  return { D, p: kolmogorovTail((ne + 0.12 + 0.11 / ne) * D) };
}
