// Rate of `eval` over a grid: 10⁶ float64 points (1000 α × 1000 τ, log-spaced) formatted as CSV, per CPU
// second, one pass, the formatting of the numbers included and the writing to a file or pipe not.
import { parseGrid, gridCsvChunks } from '../src/theory/gridEval.js';
import { cpuSeconds } from './theory.js';

export function benchGrid(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, lambda] of [
    ['gridCsvRidgelessPointsPerSec', '0'],
    ['gridCsvRidgePointsPerSec', '0.1'],
  ] as const) {
    const flags: Record<string, string> = {
      alpha: 'log:0.1:100:1000',
      kappa: '0.5',
      tau: 'log:0.1:10:1000',
      rho: '0.1',
      lambda,
    };
    const axes = parseGrid((f) => flags[f]);
    const t0 = cpuSeconds();
    let bytes = 0;
    for (const chunk of gridCsvChunks({ axes, digits: null })) bytes += chunk.length;
    if (bytes < 1e6 * 40) throw new Error(`grid bench: ${bytes} characters for 10^6 rows`);
    out[name] = Math.round(1e6 / (cpuSeconds() - t0));
  }
  return out;
}
