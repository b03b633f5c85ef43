// Cost of one replicate's sampling + Γ* fit at α = 10, τ = 10, κ = 0.5, ρ = 0.01, λ = 1e-6
// (the speed targets of the README), with the fit's products on two threads as `simulate --replicates 1`
// runs them. Best of `repeats` runs per d, since the machine is shared. CPU seconds are the whole
// process's (both threads). Against numpy: the same batch solved by bench/numpyFit.py (the same
// preconditioned CG with BLAS products), the solve alone timed on both sides.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitGamma, type FitResult } from '../src/sim/fit/fit.js';
import { ParallelOps } from '../src/sim/fit/parallelOps.js';
import { sizes } from '../src/sim/replicate.js';
import { stream } from '../src/sim/rng.js';
import { sampleContexts, type ContextBatch } from '../src/sim/samplers.js';
import { makeTaskSet } from '../src/sim/tasks.js';

const LAMBDA = 1e-6;
const TOL = 1e-9;

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function sampleBatch(d: number, shared: boolean): ContextBatch {
  const { ell, k, n } = sizes(d, 10, 0.5, 10);
  const ts = makeTaskSet(stream(1, 0, 'bench/tasks'), stream(1, 0, 'bench/assignment'), n, k, d, 'random');
  return sampleContexts(stream(1, 0, 'bench/contexts'), ts.tasks, ts.assignment, d, ell, 0.01, 'fast', shared);
}

async function fitBatch(batch: ContextBatch, threads: 1 | 2): Promise<FitResult> {
  const ops = threads === 2 ? await ParallelOps.start(batch) : null;
  try {
    return fitGamma(batch, { lambda: LAMBDA, tol: TOL, ops: ops ?? undefined });
  } finally {
    await ops?.close();
  }
}

export interface FitTiming {
  /** Wall seconds of sampling + fit, and of the fit alone. */
  seconds: number;
  fitSeconds: number;
  /** CPU seconds of sampling + fit (both threads). */
  cpuSeconds: number;
  solver: string;
  iterations: number;
}

export async function fitOnce(d: number, threads: 1 | 2 = 2): Promise<FitTiming> {
  const t0 = performance.now();
  const c0 = cpuNow();
  const batch = sampleBatch(d, threads === 2);
  const t1 = performance.now();
  const fit = await fitBatch(batch, threads);
  const t2 = performance.now();
  return {
    seconds: (t2 - t0) / 1000,
    fitSeconds: (t2 - t1) / 1000,
    cpuSeconds: cpuNow() - c0,
    solver: fit.solver,
    iterations: fit.iterations,
  };
}

const round3 = (x: number): number => Number(x.toFixed(3));

export async function benchFit(
  ds: readonly number[] = [16, 32, 64],
  repeats = 2,
): Promise<{
  fitSeconds: Record<string, number>;
  fitCpuSeconds: Record<string, number>;
  fitIterations: Record<string, number>;
  fitPeakMB: number;
}> {
  const fitSeconds: Record<string, number> = {};
  const fitCpuSeconds: Record<string, number> = {};
  const fitIterations: Record<string, number> = {};
  for (const d of ds) {
    let best: FitTiming | undefined;
    for (let r = 0; r < repeats; r++) {
      const t = await fitOnce(d);
      if (best === undefined || t.seconds < best.seconds) best = t;
    }
    fitSeconds[String(d)] = round3(best!.seconds);
    fitCpuSeconds[String(d)] = round3(best!.cpuSeconds);
    fitIterations[String(d)] = best!.iterations;
  }
  // maxRSS is the process's peak resident set in KiB (worker threads included).
  return { fitSeconds, fitCpuSeconds, fitIterations, fitPeakMB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

const numpyScript = fileURLToPath(new URL('../../bench/numpyFit.py', import.meta.url));

interface NumpyRun {
  seconds: number;
  cpuSeconds: number;
  iterations: number;
  relResidual: number;
  blas: string;
}

/**
 * The fit alone (best of `repeats`, two threads) against bench/numpyFit.py on the same batch; null with the
 * reason (`skipped`) when python3 with numpy cannot run. `maxRelDiff` is max |Γ − Γ_numpy| / max |Γ|.
 */
export async function benchNumpy(
  d = 64,
  repeats = 2,
): Promise<
  | {
      d: number;
      fitSeconds: number;
      fitCpuSeconds: number;
      numpySeconds: number;
      numpyCpuSeconds: number;
      /** numpy's seconds over ours: wall, and CPU (both processes' threads). */
      ratio: number;
      cpuRatio: number;
      maxRelDiff: number;
      blas: string;
    }
  | { skipped: string }
> {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'python3 with numpy not found' };
  const batch = sampleBatch(d, true);
  let fitSeconds = Infinity;
  let fitCpuSeconds = Infinity;
  let gamma: Float64Array = new Float64Array(0);
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const c0 = cpuNow();
    gamma = (await fitBatch(batch, 2)).gamma;
    fitSeconds = Math.min(fitSeconds, (performance.now() - t0) / 1000);
    fitCpuSeconds = Math.min(fitCpuSeconds, cpuNow() - c0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'icl-numpy-fit-'));
  try {
    const sigma = (batch.n / d) * LAMBDA;
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ n: batch.n, d, sigma, tol: TOL }));
    for (const [name, a] of [
      ['x', batch.x],
      ['z', batch.z],
      ['y', batch.y],
    ] as const)
      writeFileSync(join(dir, `${name}.f64`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    let best: NumpyRun | undefined;
    for (let r = 0; r < repeats; r++) {
      const run = spawnSync('python3', [numpyScript, dir], { encoding: 'utf8' });
      if (run.status !== 0) return { skipped: `numpyFit.py failed: ${run.stderr.trim().split('\n').pop()}` };
      const res = JSON.parse(run.stdout) as NumpyRun;
      if (best === undefined || res.seconds < best.seconds) best = res;
    }
    const buf = readFileSync(join(dir, 'gamma.f64'));
    const theirs = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < gamma.length; i++) {
      diff = Math.max(diff, Math.abs(gamma[i]! - theirs[i]!));
      scale = Math.max(scale, Math.abs(gamma[i]!));
    }
    return {
      d,
      fitSeconds: round3(fitSeconds),
      numpySeconds: round3(best!.seconds),
      numpyCpuSeconds: round3(best!.cpuSeconds),
      fitCpuSeconds: round3(fitCpuSeconds),
      ratio: Number((best!.seconds / fitSeconds).toFixed(2)),
      cpuRatio: Number((best!.cpuSeconds / fitCpuSeconds).toFixed(2)),
      maxRelDiff: Number((diff / scale).toExponential(2)),
      blas: best!.blas,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
