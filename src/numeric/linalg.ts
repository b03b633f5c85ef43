// Small dense kernels on row-major Float64Array: Cholesky factorization and triangular solves.
// (Own code rather than ml-matrix: these run on the fit's hot path with n up to a few thousand.)

/**
 * In-place Cholesky of the symmetric positive definite n × n matrix `a` (lower triangle read and
 * overwritten by L with A = L Lᵀ; the strict upper triangle is left as is). Returns false when a pivot
 * is not positive (the matrix is not numerically positive definite).
 */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let diag = a[rj + j]!;
    for (let k = 0; k < j; k++) diag -= a[rj + k]! * a[rj + k]!;
    if (!(diag > 0)) return false;
    const ljj = Math.sqrt(diag);
    a[rj + j] = ljj;
    // Four rows per pass: each load of row j feeds four multiply-adds.
    let i = j + 1;
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: rows past n: dropped (docs/equivalent-mutants.md)
    // Stryker disable next-line ConditionalExpression: 1-row loop does all; true hangs (docs/equivalent-mutants.md)
    for (; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = a[r0 + j]!;
      let s1 = a[r1 + j]!;
      let s2 = a[r2 + j]!;
      let s3 = a[r3 + j]!;
      for (let k = 0; k < j; k++) {
        const l = a[rj + k]!;
        s0 -= a[r0 + k]! * l;
        s1 -= a[r1 + k]! * l;
        s2 -= a[r2 + k]! * l;
        s3 -= a[r3 + k]! * l;
      }
      a[r0 + j] = s0 / ljj;
      a[r1 + j] = s1 / ljj;
      a[r2 + j] = s2 / ljj;
      a[r3 + j] = s3 / ljj;
    }
    // Stryker disable next-line EqualityOperator: row n does not exist: writes dropped (docs/equivalent-mutants.md)
    for (; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / ljj;
    }
  }
  return true;
}

/** Solves (L Lᵀ) x = b in place in `b` (length n) with the factor from `cholesky`. */
export function cholSolve(l: Float64Array, n: number, b: Float64Array, bo = 0): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[bo + i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[bo + k]!;
    b[bo + i] = s / l[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[bo + i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[bo + k]!;
    b[bo + i] = s / l[i * n + i]!;
  }
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export const norm = (a: Float64Array): number => Math.sqrt(dot(a, a));
