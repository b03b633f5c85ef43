// Cost of one replicate's sampling + Γ* fit at α = 10, τ = 10, κ = 0.5, ρ = 0.01, λ = 1e-6
// (the speed targets of the README), with the fit's products on two threads as `simulate --replicates 1`
// runs them. Best of `repeats` runs per d, since the machine is shared.
import { fitGamma } from '../src/sim/fit/fit.js';
import { ParallelOps } from '../src/sim/fit/parallelOps.js';
import { sizes } from '../src/sim/replicate.js';
import { stream } from '../src/sim/rng.js';
import { sampleContexts } from '../src/sim/samplers.js';
import { makeTaskSet } from '../src/sim/tasks.js';

export async function fitOnce(
  d: number,
  threads: 1 | 2 = 2,
): Promise<{ seconds: number; solver: string; iterations: number }> {
  const { ell, k, n } = sizes(d, 10, 0.5, 10);
  const t0 = performance.now();
  const ts = makeTaskSet(stream(1, 0, 'bench/tasks'), stream(1, 0, 'bench/assignment'), n, k, d, 'random');
  const batch = sampleContexts(
    stream(1, 0, 'bench/contexts'),
    ts.tasks,
    ts.assignment,
    d,
    ell,
    0.01,
    'fast',
    threads === 2,
  );
  const ops = threads === 2 ? await ParallelOps.start(batch) : null;
  try {
    const fit = fitGamma(batch, { lambda: 1e-6, ops: ops ?? undefined });
    return { seconds: (performance.now() - t0) / 1000, solver: fit.solver, iterations: fit.iterations };
  } finally {
    await ops?.close();
  }
}

export async function benchFit(
  ds: readonly number[] = [16, 32, 64],
  repeats = 2,
): Promise<{ fitSeconds: Record<string, number>; fitPeakMB: number }> {
  const fitSeconds: Record<string, number> = {};
  for (const d of ds) {
    let best = Infinity;
    for (let r = 0; r < repeats; r++) best = Math.min(best, (await fitOnce(d)).seconds);
    fitSeconds[String(d)] = Number(best.toFixed(3));
  }
  // maxRSS is the process's peak resident set in KiB (worker threads included).
  return { fitSeconds, fitPeakMB: Math.round(process.resourceUsage().maxRSS / 1024) };
}
