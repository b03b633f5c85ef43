// The reduced model's Γ* fitted on the very contexts an architecture was trained on (their (h, s)
// are the direct sampler's), scored exactly by Proposition 1 and on the same fresh test contexts as
// the trained model (a paired comparison: the difference has a much smaller error than either).
import { fitGamma } from '../sim/fit/fit.js';
import { predictionError } from '../theory/proposition1.js';
import { reducedBatch, type TokenContexts, type TrainingSet } from './tokenContexts.js';
import { meanSE, type MeanSE } from './train.js';

export interface GammaStarComparison {
  lambda: number;
  /** Γ*'s mean squared error on the training contexts (the trained model's global optimum is at most this, as its class contains Γ*'s). */
  trainError: number;
  /** Γ*'s errors by Proposition 1 (exact given Γ*). */
  exactICL: number;
  exactIDG: number;
  /** Γ*'s error on the trained model's ICL test contexts, and trained minus Γ* there (paired). */
  testICL: MeanSE;
  trainedMinusGammaICL: MeanSE;
}

/** Per-context squared errors of Γ* (d × (d+1), row-major) on token contexts. */
function gammaErrors(gamma: Float64Array, c: TokenContexts): Float64Array {
  const b = reducedBatch(c);
  const { d } = c;
  const D = d + 1;
  const out = new Float64Array(c.n);
  for (let mu = 0; mu < c.n; mu++) {
    let yhat = 0;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < D; j++) s += gamma[i * D + j]! * b.z[mu * D + j]!;
      yhat += b.x[mu * d + i]! * s;
    }
    out[mu] = (yhat - c.y[mu]!) ** 2;
  }
  return out;
}

/** `trainedErrors`: the trained model's per-context squared errors on data.testICL, in order. */
export function compareWithGammaStar(
  data: TrainingSet,
  rho: number,
  lambda: number,
  trainedErrors: Float64Array,
): GammaStarComparison {
  const { d, ell } = data.train;
  const fit = fitGamma(reducedBatch(data.train), { lambda });
  const g = gammaErrors(fit.gamma, data.testICL);
  return {
    lambda,
    trainError: meanSE(gammaErrors(fit.gamma, data.train)).mean,
    exactICL: predictionError(fit.gamma, d, ell, rho, { kind: 'icl' }),
    exactIDG: predictionError(fit.gamma, d, ell, rho, { kind: 'tasks', tasks: data.tasks, k: data.k }),
    testICL: meanSE(g),
    trainedMinusGammaICL: meanSE(trainedErrors.map((e, i) => e - g[i]!)),
  };
}
