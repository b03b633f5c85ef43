// Planted faults: deliberate errors that prove the statistical checks can fail. One switch, the
// environment variable ICL_VERIFY_FAULT=<name>, read once when this module loads (worker threads
// inherit it); only tests and `npm run faults` set it. Unset, `fault(name)` is false everywhere and no
// code path changes. An unknown name stops the process rather than run an unfaulted suite by mistake.
// Lives in the lowest layer so that the theory and the simulation read the same switch.

export const FAULTS = {
  'fit-ridge-1.1': "the fit's ridge σ = (n/d)λ multiplied by 1.1",
  'context-noise-1.05': 'label noise of the pretraining context tokens ×1.05 in standard deviation, in both samplers',
  'gamma-1.02': 'Γ* multiplied by 1.02 before its errors are computed',
  'chi2-dof': "the O(d) sampler's χ²_ℓ drawn with ℓ − 1 degrees of freedom",
  'hs-coefficient': 'the E[hs] coefficient (1 + ρ)(1 + 2/ℓ) of Lemma 1 written with 1/ℓ',
  'task-radius-1.01':
    'tasks drawn on the sphere of radius 1.01·√d (the ICL test task stays on the sphere of radius √d)',
  'query-noise-1.05': 'label noise of the query token ×1.05 in standard deviation, in both samplers',
  'refine-threshold-2x':
    "check-formula's refinement threshold |z| doubled (killed by the check-formula probe of bench/faults.ts)",
  'idg-0.99': 'e^IDG = τc of the unified errors (src/theory/errors.ts) multiplied by 0.99',
  'numer-rho-sign': 'the noise term ρ of the numerator of c = e^IDG/τ (src/theory/errors.ts) with its sign flipped',
  'dmmse-noise-1.1':
    "the dMMSE estimator's noise variance ρ multiplied by 1.1 in its posterior weights (src/sim/baselineSimulation.ts)",
  'score-gamma-1.005': 'Γ* multiplied by 1.005 on the scoring path only (src/sim/replicate.ts), after the fit',
  'extrapolation-regressor': "the extrapolation's regressor 1/d written 1/(d + 1) (src/sim/ladder/leastSquares.ts)",
  'numer-rho-0.99':
    'the noise term ρ of the numerator of c = e^IDG/τ ' +
    "(src/theory/errors.ts) multiplied by 0.99: it moves Figure 3's boundary",
  'memorized-kappa-1.01':
    'the memorized fraction (1 − κ)₊ of the joint α, τ → ∞ limit (src/theory/limits.ts) written (1 − 1.01κ)₊',
  'train-ell-plus-1':
    "the authors' models read ℓ rows per sequence instead of " +
    'ℓ + 1: the query token written over the last context token',
  'grad-linear-v0-1.1':
    "the tape's gradient of the first value weight of the authors' linear attention multiplied by 1.1",
} as const;

export type FaultName = keyof typeof FAULTS;

/** The planted fault switched on for this process, if any. */
export const activeFault: FaultName | undefined = (() => {
  const raw = typeof process === 'undefined' ? undefined : process.env.ICL_VERIFY_FAULT;
  if (raw === undefined || raw === '') return undefined;
  if (!(raw in FAULTS))
    throw new Error(`ICL_VERIFY_FAULT='${raw}' is not a planted fault (${Object.keys(FAULTS).join(', ')})`);
  return raw as FaultName;
})();

/** Whether the planted fault `name` is switched on for this process. */
export const fault = (name: FaultName): boolean => activeFault === name;
