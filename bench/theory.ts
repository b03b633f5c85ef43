// Throughput of the theory core on one core: ridgeless and ridge evaluations in float64 (e^ICL and
// e^IDG together, the root solve included), evaluations at 50 digits, and settled 50-digit output
// (two working precisions that must agree, as `eval --digits 50` prints).
import type { Decimal } from 'decimal.js';
import { fp, mp, type Ctx } from '../src/numeric/context.js';
import { toDigits } from '../src/numeric/precision.js';
import { evaluate } from '../src/theory/evaluate.js';
import type { Params } from '../src/theory/params.js';

/** A fixed, varied set of points (deterministic LCG) so the measurement sees every branch. */
function points(n: number, ridge: boolean): Params<number>[] {
  let s = 20260101;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const logU = (lo: number, hi: number) => Math.exp(Math.log(lo) + u() * Math.log(hi / lo));
  return Array.from({ length: n }, () => {
    let tau = logU(1e-2, 1e2);
    if (Math.abs(tau - 1) < 1e-3) tau = 2;
    return { alpha: logU(0.1, 100), kappa: u() < 0.1 ? Infinity : logU(0.05, 20), tau, rho: u() * 2, lambda: ridge ? logU(1e-6, 10) : 0 };
  });
}

/** CPU seconds of this thread: throughput on one core, robust to other load on the machine. */
export const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Evaluations per CPU second over at least `seconds`, after a warm-up. */
function rate(pts: Params<number>[], seconds: number): number {
  let sink = 0;
  const once = () => {
    for (const p of pts) {
      const e = evaluate(fp, p);
      sink += e.eICL + e.eIDG;
    }
  };
  for (let i = 0; i < 3; i++) once();
  let n = 0;
  const t0 = cpuSeconds();
  while (cpuSeconds() - t0 < seconds) {
    once();
    n += pts.length;
  }
  const dt = cpuSeconds() - t0;
  if (!Number.isFinite(sink)) throw new Error('non-finite error in the benchmark set');
  return n / dt;
}

/** 50-digit evaluations per CPU second: raw (one evaluation in mp(50)), or settled (what `eval --digits 50` does). */
function decimalRate(seconds: number, settled: boolean): number {
  const pts = points(64, true);
  let n = 0;
  const t0 = cpuSeconds();
  while (cpuSeconds() - t0 < seconds) {
    const p = pts[n % pts.length]!;
    const at = (c: Ctx<Decimal>) => evaluate(c, { alpha: c.num(p.alpha), kappa: c.num(p.kappa), tau: c.num(p.tau), rho: c.num(p.rho), lambda: c.num(p.lambda) });
    if (settled) toDigits(50, (c) => pick(at(c)));
    else at(mp(50));
    n++;
  }
  return n / (cpuSeconds() - t0);
}
const pick = (e: { eICL: Decimal; eIDG: Decimal }) => ({ eICL: e.eICL, eIDG: e.eIDG });

export function benchTheory(seconds = 2): Record<string, number> {
  return {
    ridgelessEvalsPerSec: Math.round(rate(points(4096, false), seconds)),
    ridgeEvalsPerSec: Math.round(rate(points(4096, true), seconds)),
    decimal50EvalsPerSec: Math.round(decimalRate(seconds, false)),
    settled50DigitsPerSec: Math.round(decimalRate(seconds, true)),
  };
}
