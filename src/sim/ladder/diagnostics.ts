// Warnings a reader needs next to a simulated number: an estimate whose standard error is a large
// part of its value (typically a ridgeless fit near the interpolation threshold n = d(d+1), where the
// error of Γ* has heavy tails), and an extrapolation whose finite-size model does not fit the ladder.
import { incompleteBeta } from '../../numeric/stats.js';
import type { LadderComparison } from './comparison.js';
import type { SimulateResult } from '../simulate.js';

/** A standard error above this fraction of |mean| makes the mean unreliable as a point estimate. */
const NOISY_FRACTION = 0.2;

/** The fit's lack of fit is reported below this p-value. */
export const LACK_OF_FIT_P = 0.01;

const NAMES = { eICL: 'e_ICL', eIDG: 'e_IDG', gTask: 'g_task' } as const;

export function simulateWarnings(r: SimulateResult): string[] {
  // g_task is a difference that can be near 0: its relative error says nothing about reliability.
  const noisy = (['eICL', 'eIDG'] as const).filter(
    (q) => r[q].stderr !== null && r[q].stderr! > NOISY_FRACTION * Math.abs(r[q].mean),
  );
  if (noisy.length === 0) return [];
  const threshold = r.d * (r.d + 1);
  const near = r.params.lambda === 0 && Math.abs(r.n / threshold - 1) < 0.5;
  const parts = noisy.map((q) => `${NAMES[q]} ${Math.round((100 * r[q].stderr!) / Math.abs(r[q].mean))}%`);
  return [
    `warning: standard error / mean is ${parts.join(', ')} ` +
      `(above ${100 * NOISY_FRACTION}%): the mean is not a reliable estimate` +
      (near
        ? `; n = ${r.n} is near the interpolation threshold n = d(d+1) = ${threshold}, where the ridgeless ` +
          `fit's error has heavy tails: use lambda > 0, tau farther from 1 + 1/d, or many more --replicates`
        : '; use more --replicates'),
  ];
}

/**
 * P(F ≥ (χ²/dof)) for F(dof, ν): the residual ratio of a weighted fit whose weights are variances
 * estimated with ν = replicates − 1 degrees of freedom (χ² itself would overstate the evidence).
 */
export function lackOfFitP(chi2: number, dof: number, nu: number): number {
  if (dof <= 0) return 1;
  const f = chi2 / dof;
  if (!(f > 0)) return 1;
  return incompleteBeta(nu / (nu + dof * f), nu / 2, dof / 2);
}

export function extrapolateWarnings(comparisons: readonly LadderComparison[], replicates: number): string[] {
  const out: string[] = [];
  for (const c of comparisons) {
    const f = c.fit;
    const p = lackOfFitP(f.chi2, f.dof, replicates - 1);
    if (p < LACK_OF_FIT_P) {
      out.push(
        `warning: ${NAMES[c.quantity]}: chi2/dof = ${f.chi2.toPrecision(3)}/${f.dof} (lack ` +
          `of fit p = ${p.toPrecision(2)}): the fit ${f.label} does not describe the ladder, ` +
          `so the extrapolation is unreliable even with its interval widened ${f.scale.toFixed(1)}x; ` +
          `use larger d, more --replicates, or d with alpha d, kappa d, tau d^2 integers`,
      );
    }
  }
  return out;
}
