// Rate of `eval` over a grid: 10⁶ float64 points (α = log:0.1:100:1000 × τ = log:0.1:10:1000, κ = 0.5,
// ρ = 0.1; λ = 0 ridgeless, λ = 0.1 with the self-consistent ε solved at every point) formatted as CSV
// bytes, per CPU second and per wall second, the writing to a file or pipe not included;
// the same on two worker threads; and the shortest round-trip formatter against String(x) on the same
// 4·10⁶ errors.
import { parseGrid, gridCsvChunks } from '../src/theory/gridEval.js';
import { gridCsvParallel } from '../src/theory/gridCsvParallel.js';
import { evaluate } from '../src/theory/evaluate.js';
import { fp } from '../src/numeric/context.js';
import { writeShortest } from '../src/numeric/shortest.js';
import { cpuSeconds } from './theory.js';

export async function benchGrid(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, lambda] of [
    ['gridCsvRidgeless', '0'],
    ['gridCsvRidge', '0.1'],
  ] as const) {
    const flags: Record<string, string> = {
      alpha: 'log:0.1:100:1000',
      kappa: '0.5',
      tau: 'log:0.1:10:1000',
      rho: '0.1',
      lambda,
    };
    const axes = parseGrid((f) => flags[f]);
    // Three passes: the first as one `eval` run sees it (the code still being optimized; for the ridge
    // grid partly warmed by the ridgeless one), then the better of two steady-state passes.
    let bytes = 0;
    const passes = [0, 1, 2].map(() => {
      const t0 = cpuSeconds();
      const w0 = performance.now();
      bytes = 0;
      for (const chunk of gridCsvChunks({ axes, digits: null })) bytes += chunk.length;
      if (bytes < 1e6 * 40) throw new Error(`grid bench: ${bytes} bytes for 10^6 rows`);
      return { cpu: 1e6 / (cpuSeconds() - t0), wall: 1e6 / ((performance.now() - w0) / 1000) };
    });
    out[`${name}FirstPassPointsPerCpuSec`] = Math.round(passes[0]!.cpu);
    out[`${name}PointsPerCpuSec`] = Math.round(Math.max(passes[1]!.cpu, passes[2]!.cpu));
    out[`${name}PointsPerWallSec`] = Math.round(Math.max(passes[1]!.wall, passes[2]!.wall));
    // The same grid on two worker threads (eval --workers 2): wall rate, and CPU seconds of every thread.
    const p0 = cpuSeconds();
    const q0 = performance.now();
    let pbytes = 0;
    for await (const chunk of gridCsvParallel({ axes, digits: null }, 2)) pbytes += chunk.length;
    if (pbytes !== bytes) throw new Error(`grid bench: ${pbytes} bytes on two threads, ${bytes} on one`);
    out[`${name}TwoThreadsPointsPerWallSec`] = Math.round(1e6 / ((performance.now() - q0) / 1000));
    out[`${name}TwoThreadsPointsPerCpuSec`] = Math.round(1e6 / (cpuSeconds() - p0));
  }
  // The formatter alone, on the ridgeless grid's four errors per point.
  const values = new Float64Array(4e6);
  let n = 0;
  for (let i = 0; i < 1000; i++)
    for (let j = 0; j < 1000; j++) {
      const e = evaluate(fp, {
        alpha: 0.1 * 1000 ** (i / 999),
        kappa: 0.5,
        tau: 0.1 * 100 ** (j / 999),
        rho: 0.1,
        lambda: 0,
      });
      values.set([e.epsilon, e.eICL, e.eIDG, e.gTask], n);
      n += 4;
    }
  const buf = new Uint8Array(1 << 16);
  let t0 = cpuSeconds();
  let pos = 0;
  for (const v of values) pos = pos > buf.length - 64 ? writeShortest(v, buf, 0) : writeShortest(v, buf, pos);
  out.shortestPerCpuSec = Math.round(values.length / (cpuSeconds() - t0));
  t0 = cpuSeconds();
  let chars = 0;
  for (const v of values) chars += String(v).length;
  out.stringOfDoublePerCpuSec = Math.round(values.length / (cpuSeconds() - t0));
  if (chars + pos === 0) throw new Error('unreachable');
  return out;
}
