// The project's statistics: sample moments, running moments of a vector, least-squares lines, normal and
// Student t tails and quantiles, and the two-sample Kolmogorov–Smirnov test with its asymptotic p-value.

/** The mean of a sample. */
export const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/** The unbiased sample variance (n − 1 in the denominator; NaN for fewer than two values). */
export function sampleVariance(v: readonly number[]): number {
  const m = mean(v);
  return v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1);
}

/** The standard error of the mean of a sample (0 for a single value). */
export const stderrOfMean = (v: readonly number[]): number =>
  v.length > 1 ? Math.sqrt(sampleVariance(v) / v.length) : 0;

/** The 95% Student t interval of the mean of independent draws: mean ± t(n − 1) s/√n (±∞ for fewer than two). */
export function meanInterval95(v: readonly number[]): { mean: number; lo: number; hi: number } {
  const m = mean(v);
  if (v.length < 2) return { mean: m, lo: -Infinity, hi: Infinity };
  const h = studentTwoSidedQuantile(0.05, v.length - 1) * Math.sqrt(sampleVariance(v) / v.length);
  return { mean: m, lo: m - h, hi: m + h };
}

/** An unweighted least-squares line y = a x + b, with the standard error of a from the residuals. */
export interface LineFit {
  a: number;
  b: number;
  /** NaN with two points (no residual degree of freedom). */
  seA: number;
}

export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  const m = xs.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < m; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const a = sxy / sxx;
  const b = my - a * mx;
  let rss = 0;
  for (let i = 0; i < m; i++) rss += (ys[i]! - a * xs[i]! - b) ** 2;
  return { a, b, seA: m > 2 ? Math.sqrt(rss / (m - 2) / sxx) : NaN };
}

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
    // Stryker disable next-line EqualityOperator: extra pass writes past the end only (docs/equivalent-mutants.md)
    for (let a = 0; a < m; a++) {
      const va = v[off + a]!;
      this.s1[a] = this.s1[a]! + va;
      this.s1sq[a] = this.s1sq[a]! + va * va;
      // Stryker disable next-line EqualityOperator: writes an unread slot or past the end (docs/equivalent-mutants.md)
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
function kolmogorovTail(t: number): number {
  // Stryker disable next-line EqualityOperator: at t = 0.2 the series gives 1 - 5e-13 (docs/equivalent-mutants.md)
  if (t < 0.2) return 1;
  let s = 0;
  // Stryker disable next-line EqualityOperator: for t >= 0.2 term 100 is e^-800 (docs/equivalent-mutants.md)
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * t * t);
    s += (j % 2 === 1 ? 1 : -1) * term;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: tail under 1e-17 (docs/equivalent-mutants.md)
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
    // Stryker disable next-line ConditionalExpression,EqualityOperator: x[n] <= v is false (docs/equivalent-mutants.md)
    while (i < n && x[i]! <= v) i++;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: y[m] <= v is false (docs/equivalent-mutants.md)
    while (j < m && y[j]! <= v) j++;
    D = Math.max(D, Math.abs(i / n - j / m));
  }
  const ne = Math.sqrt((n * m) / (n + m));
  return { D, p: kolmogorovTail((ne + 0.12 + 0.11 / ne) * D) };
}

/** ln Γ(x), x > 0: Stirling's series after shifting x above 10 (absolute error ~1e-12: the first term left out, 1/(1188x⁹), is 8e-13 at x = 10). */
export function lnGamma(x: number): number {
  let shift = 0;
  // Stryker disable next-line EqualityOperator: shift from 10 or 11 agrees to ~1e-12 (docs/equivalent-mutants.md)
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  const x2 = x * x;
  const series = 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x * x2 * x2) - 1 / (1680 * x * x2 * x2 * x2);
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** Continued fraction of the incomplete beta function (modified Lentz), valid for x < (a+1)/(a+b+2). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: never near 1e-300 (docs/equivalent-mutants.md)
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  // Stryker disable next-line EqualityOperator: converges in far fewer than 1000 steps (docs/equivalent-mutants.md)
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: never near 1e-300 (docs/equivalent-mutants.md)
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: never near 1e-300 (docs/equivalent-mutants.md)
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: never near 1e-300 (docs/equivalent-mutants.md)
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: never near 1e-300 (docs/equivalent-mutants.md)
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: converged: del = 1 (docs/equivalent-mutants.md)
    // Stryker disable next-line ArithmeticOperator: converged: further factors are 1 (docs/equivalent-mutants.md)
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  // Stryker disable next-line EqualityOperator: at x = 0 the formula gives 0 too (docs/equivalent-mutants.md)
  if (x <= 0) return 0;
  // Stryker disable next-line EqualityOperator: at x = 1 the formula gives 1 too (docs/equivalent-mutants.md)
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - (lnGamma(a) + lnGamma(b) - lnGamma(a + b)));
  // Stryker disable next-line EqualityOperator: at the switch both expansions agree (docs/equivalent-mutants.md)
  const lowerSide = x < (a + 1) / (a + b + 2);
  return lowerSide ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** Two-sided p-value P(|T| >= |t|) of Student's t with ν > 0 degrees of freedom (ν = ∞: normal). */
export function studentTwoSidedP(t: number, nu: number): number {
  if (nu === Infinity) return normalTwoSidedP(t);
  return incompleteBeta(nu / (nu + t * t), nu / 2, 0.5);
}

/** Two-sided normal p-value P(|Z| >= |z|) = erfc(|z|/√2). */
export function normalTwoSidedP(z: number): number {
  // erfc by its continued fraction for large arguments and the series otherwise (both to ~1e-15).
  const x = Math.abs(z) / Math.SQRT2;
  // Stryker disable next-line EqualityOperator: at x = 2 both forms agree to ~1e-15 (docs/equivalent-mutants.md)
  if (x < 2) {
    let term = x;
    let sum = x;
    // Stryker disable next-line EqualityOperator: converged long before 100 terms (docs/equivalent-mutants.md)
    for (let n = 1; n < 100; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: tail under 1e-17 (docs/equivalent-mutants.md)
      // Stryker disable next-line ArithmeticOperator: terms below 1e-17 of the sum add 0 (docs/equivalent-mutants.md)
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (x + f);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
}

/** The two-sided level of a 3σ normal test, P(|Z| >= 3). */
export const P_THREE_SIGMA = normalTwoSidedP(3);

/** t > 0 with P(|T| >= t) = p for Student's t with ν degrees of freedom (bisection on the p-value). */
export function studentTwoSidedQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`studentTwoSidedQuantile: p = ${p} outside (0, 1)`);
  let lo = 0;
  let hi = 1;
  // Stryker disable next-line EqualityOperator: differ only at a p-value of exactly p (docs/equivalent-mutants.md)
  while (studentTwoSidedP(hi, nu) > p) hi *= 2;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: same root to 1e-12 (docs/equivalent-mutants.md)
  // Stryker disable next-line LogicalOperator,ArithmeticOperator,UpdateOperator: same root (docs/equivalent-mutants.md)
  for (let i = 0; i < 100 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    // Stryker disable next-line EqualityOperator: differ only at a p-value of exactly p (docs/equivalent-mutants.md)
    if (studentTwoSidedP(mid, nu) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
