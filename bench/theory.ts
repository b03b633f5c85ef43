// Throughput of the theory core on one core: ridgeless and ridge evaluations in float64 (e^ICL and
// e^IDG together, the root solve included), evaluations at 50 digits, and settled 50-digit output
// (two working precisions that must agree, as `eval --digits 50` prints).
import type { Decimal } from 'decimal.js';
import { fp, mp, type Ctx } from '../src/numeric/context.js';
import { toDigits } from '../src/numeric/precision.js';
import { evaluate } from '../src/theory/evaluate.js';
import { liftParams, type Params } from '../src/theory/params.js';

/** A fixed, varied set of points (deterministic LCG) so the measurement sees every branch. */
function points(n: number, ridge: boolean): Params<number>[] {
  let s = 20260101;
  const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const logU = (lo: number, hi: number) => Math.exp(Math.log(lo) + u() * Math.log(hi / lo));
  return Array.from({ length: n }, () => {
    let tau = logU(1e-2, 1e2);
    if (Math.abs(tau - 1) < 1e-3) tau = 2;
    return {
      alpha: logU(0.1, 100),
      kappa: u() < 0.1 ? Infinity : logU(0.05, 20),
      tau,
      rho: u() * 2,
      lambda: ridge ? logU(1e-6, 10) : 0,
    };
  });
}

/** CPU seconds of this process: throughput on one core, robust to other load on the machine. */
export const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Steady-state units per CPU second of `step` (which does `units` units of work): a warm-up long
 * enough for V8's optimizing tier to settle (a few milliseconds under-report by ~20%), then the best
 * of `windows` windows of `seconds` each. Best-of, as for any timing on a shared virtual machine:
 * consecutive identical runs here differ by up to 40%, and interference only ever slows a window.
 */
function bestRate(step: () => void, units: number, seconds: number, windows = 5, warmup = 2): number {
  const w0 = cpuSeconds();
  while (cpuSeconds() - w0 < warmup) step();
  let best = 0;
  for (let w = 0; w < windows; w++) {
    let n = 0;
    const t0 = cpuSeconds();
    while (cpuSeconds() - t0 < seconds) {
      step();
      n += units;
    }
    best = Math.max(best, n / (cpuSeconds() - t0));
  }
  return best;
}

/** float64 evaluations (e^ICL and e^IDG, the root solve included) per CPU second. */
function rate(pts: Params<number>[], seconds: number): number {
  let sink = 0;
  const r = bestRate(
    () => {
      for (const p of pts) {
        const e = evaluate(fp, p);
        sink += e.eICL + e.eIDG;
      }
    },
    pts.length,
    seconds,
  );
  if (!Number.isFinite(sink)) throw new Error('non-finite error in the benchmark set');
  return r;
}

/** 50-digit evaluations per CPU second: raw (one evaluation in mp(50)), or settled (what `eval --digits 50` does). */
function decimalRate(seconds: number, settled: boolean): number {
  const pts = points(64, true);
  let i = 0;
  return bestRate(
    () => {
      const p = pts[i++ % pts.length]!;
      const at = (c: Ctx<Decimal>) => evaluate(c, liftParams(c, p));
      if (settled) toDigits(50, (c) => pick(at(c)));
      else at(mp(50));
    },
    1,
    seconds,
    5,
    1,
  );
}
const pick = (e: { eICL: Decimal; eIDG: Decimal }) => ({ eICL: e.eICL, eIDG: e.eIDG });

export function benchTheory(seconds = 1): Record<string, number> {
  return {
    ridgelessEvalsPerSec: Math.round(rate(points(4096, false), seconds)),
    ridgeEvalsPerSec: Math.round(rate(points(4096, true), seconds)),
    decimal50EvalsPerSec: Math.round(decimalRate(seconds, false)),
    settled50DigitsPerSec: Math.round(decimalRate(seconds, true)),
  };
}
