// d → ∞ extrapolation of a finite-d statistic by weighted least squares in 1/d.
// - `extrapolate`: a + b/d and a + b/d + c/d² (at least four sizes); the value is the richer model's
//   intercept, its uncertainty the statistical error (scaled up when the fit is worse than its error
//   bars say) combined with the model error |a_quadratic − a_linear|. For large d and precise data
//   (the τ = ∞ population optimum, d up to 256).
// - `extrapolateLinear`: the value of a + b/d, its error scaled by √(χ²/dof) when above 1 (the Birge
//   ratio) and combined with half the model error |a_quadratic − a_linear| (curvature the straight line
//   ignores). For the Monte Carlo ladders d = 16…40, calibrated on the true formulas: over 38 points
//   its z had rms 0.7 (max 1.8); without the model term rms 1.0–1.1 but one false reject at z = 3.5
//   where the ladder still bends at d = 40 (α 1.125, κ 0.375, τ 0.5, λ 0.017); with the full model
//   term (as `extrapolate`) rms 0.65 but a sign error was seen at 2 points instead of 14; fits that
//   pick c/d² by a χ² test gave rms 1.1–1.5 and a false reject at z = 4.8.
export interface LadderRow {
  d: number;
  /** Replicate values at this d (one value: a deterministic statistic, or a mean with `se` given). */
  values?: number[];
  mean?: number;
  se?: number;
}

export interface Extrapolated {
  value: number;
  /** One standard error of `value`, statistical and model error combined. */
  stderr: number;
  /** Statistical part alone and the model part alone. */
  statError: number;
  modelError: number;
  model: 'a+b/d' | 'a+b/d+c/d^2' | 'a+b/d (Birge-scaled, curvature term)';
  /** Per d: mean and standard error used. */
  rows: { d: number; mean: number; se: number }[];
}

const summarize = (r: LadderRow): { d: number; mean: number; se: number } => {
  if (r.mean !== undefined) return { d: r.d, mean: r.mean, se: r.se ?? 0 };
  const v = r.values ?? [];
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const se = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1) / v.length) : 0;
  return { d: r.d, mean, se };
};

/** Weighted least squares with basis 1, 1/d, ..., 1/d^(p-1): intercept and its standard error. */
function fit(rows: { d: number; mean: number; se: number }[], p: number): { a: number; se: number } {
  const scale = Math.max(...rows.map((r) => Math.abs(r.mean)), 1e-300);
  // Deterministic rows have se = 0: a floor at rounding level keeps the weights finite and equal.
  const floor = 1e-13 * scale;
  const XtWX = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const XtWy = new Array<number>(p).fill(0);
  for (const r of rows) {
    const w = 1 / (r.se * r.se + floor * floor);
    const phi = Array.from({ length: p }, (_, i) => r.d ** -i);
    for (let i = 0; i < p; i++) {
      XtWy[i]! += w * phi[i]! * r.mean;
      for (let j = 0; j < p; j++) XtWX[i]![j]! += w * phi[i]! * phi[j]!;
    }
  }
  const inv = invert(XtWX);
  const coef = inv.map((row) => row.reduce((s, v, j) => s + v * XtWy[j]!, 0));
  let chi2 = 0;
  for (const r of rows) {
    const pred = coef.reduce((s, c, i) => s + c * r.d ** -i, 0);
    chi2 += (r.mean - pred) ** 2 / (r.se * r.se + floor * floor);
  }
  const dof = rows.length - p;
  const inflate = dof > 0 ? Math.max(1, chi2 / dof) : 1;
  return { a: coef[0]!, se: Math.sqrt(inv[0]![0]! * inflate) };
}

/** Gauss–Jordan inverse of a small symmetric positive definite matrix. */
function invert(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const f = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= f;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const g = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= g * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

export function extrapolate(ladder: readonly LadderRow[]): Extrapolated {
  const rows = ladder.map(summarize);
  if (rows.length < 2) throw new Error('extrapolation needs at least two sizes d');
  const lin = fit(rows, 2);
  if (rows.length < 4) {
    return { value: lin.a, stderr: lin.se, statError: lin.se, modelError: 0, model: 'a+b/d', rows };
  }
  const quad = fit(rows, 3);
  const modelError = Math.abs(quad.a - lin.a);
  return { value: quad.a, stderr: Math.hypot(quad.se, modelError), statError: quad.se, modelError, model: 'a+b/d+c/d^2', rows };
}

export function extrapolateLinear(ladder: readonly LadderRow[]): Extrapolated {
  const rows = ladder.map(summarize);
  if (rows.length < 4) throw new Error('a + b/d with a curvature check needs at least four sizes d');
  const lin = fit(rows, 2);
  const modelError = Math.abs(fit(rows, 3).a - lin.a) / 2;
  return { value: lin.a, stderr: Math.hypot(lin.se, modelError), statError: lin.se, modelError, model: 'a+b/d (Birge-scaled, curvature term)', rows };
}
