// The training protocol shared by the CLI, the registry checks, the report panel and the Figure 5 script.
// The paper's settings: α = 1, κ = ∞, ρ = 0.01, AdamW, minibatches of 10% of n. Learning rate 1e-3
// instead of the paper's 1e-4: on this machine a budget of 10 000 steps at 1e-3 brings d = 20, τ = 0.5
// to a training error below 1e-4, which 1e-4 needs about 50 000 steps for (measured); the budget is
// the same for every d and τ, as the threshold "training error leaving zero" is defined at a fixed budget.
import type { GridSpec } from './figure5.js';
import type { ArchName } from './models.js';

export const PROTOCOL = { alpha: 1, kappa: Infinity, rho: 0.01, lr: 1e-3, steps: 10_000 };

/** τ grids dense around each architecture's threshold at this budget, as in the paper's ranges. */
export const TAUS: Record<ArchName, number[]> = {
  linear: [0.25, 0.5, 0.7, 0.85, 1, 1.15, 1.3, 1.5, 2, 3, 5],
  softmax: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.5, 2.5, 4, 6],
};

export const FIG5_DEFAULTS: Record<ArchName, GridSpec> = {
  linear: { arch: 'linear', ds: [10, 14, 20, 28, 40], taus: TAUS.linear, runs: 3, seed: 1, ...PROTOCOL },
  softmax: { arch: 'softmax', ds: [10, 14, 20, 28], taus: TAUS.softmax, runs: 3, seed: 1, ...PROTOCOL },
};

/** What `verify` (full) trains: linear attention at three small d, three replicates (113 CPU s measured on a loaded machine). */
export const VERIFY_GRID: GridSpec = { arch: 'linear', ds: [10, 14, 20], taus: TAUS.linear, runs: 3, seed: 1, ...PROTOCOL };
