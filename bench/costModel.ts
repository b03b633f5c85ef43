// `node dist/bench/costModel.js [--samples N (default 2)] [--json]`: the cost model (`replicateSeconds`)
// against the measured CPU seconds of one replicate (one thread, mean of N streams, seed 1) over a grid that
// covers every solver, the ridgeless fits near the interpolation peak (τ = 1.2, 1.5, 2) among them. CPU
// time of this thread, so other jobs slow the wall clock more than the figure.
import { intFlag, parseArgs } from '../src/cli/args.js';
import { replicateSeconds } from '../src/sim/ladder/ladder.js';
import { runReplicate } from '../src/sim/replicate.js';
import { simSpec } from '../src/sim/simulate.js';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const POINTS = [
  { alpha: 2, kappa: 0.5, tau: 1.2, rho: 0.1, lambda: 0 },
  { alpha: 2, kappa: 0.5, tau: 1.5, rho: 0.1, lambda: 0 },
  { alpha: 2, kappa: 0.5, tau: 2, rho: 0.1, lambda: 0 },
  { alpha: 2, kappa: 0.5, tau: 2, rho: 0.1, lambda: 0.01 },
  { alpha: 10, kappa: 0.5, tau: 0.5, rho: 0.01, lambda: 1e-4 },
  { alpha: 2, kappa: 0.5, tau: 0.8, rho: 0.1, lambda: 0 },
  { alpha: 10, kappa: 0.5, tau: 10, rho: 0.01, lambda: 1e-6 },
];
const DS = [16, 24, 32, 48];

function main(argv: string[]): void {
  const args = parseArgs(argv, { values: ['samples'], switches: ['json'] });
  const samples = intFlag(args, 'samples', 1, 100, 2);
  // Untimed: compiles the kernels and warms the JIT.
  runReplicate(simSpec({ ...POINTS[0]!, d: 16, seed: 1, workers: 1 }).spec, samples);
  const rows = [];
  for (const p of POINTS)
    for (const d of DS) {
      const { spec } = simSpec({ ...p, d, seed: 1, workers: 1 });
      const t0 = cpu();
      let iterations = 0;
      let solver = '';
      for (let r = 0; r < samples; r++) {
        const res = runReplicate(spec, r);
        iterations += res.iterations / samples;
        solver = res.solver;
      }
      const measured = (cpu() - t0) / samples;
      const predicted = replicateSeconds(d, p);
      rows.push({ ...p, d, n: spec.n, solver, iterations, measured, predicted, ratio: measured / predicted });
      if (!args.switches.has('json'))
        process.stdout.write(
          `α=${p.alpha} τ=${p.tau} λ=${p.lambda} d=${d} n=${spec.n} ${solver} it=${iterations.toFixed(0)} ` +
            `measured ${measured.toFixed(3)} s, model ${predicted.toFixed(3)} s, ratio ${(measured / predicted).toFixed(2)}\n`,
        );
    }
  if (args.switches.has('json')) process.stdout.write(JSON.stringify(rows) + '\n');
}

main(process.argv.slice(2));
