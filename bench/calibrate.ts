// `npm run calibrate [-- --quick] [-- --budget S] [-- --seeds N] [-- --first-seed F] [-- --json]`: the
// z-scores of the true theory against Monte Carlo ladders ('curved' model) at the ladder points of
// `verify` (each with the design its check runs, quick or full) and at the two README points
// (d = 24…96, replicates allocated for S seconds), over N seeds.
// A calibrated error model gives z rms near 1 and no |z| beyond 4 (docs/monte-carlo.md).
import { LADDERS, ladderDesign } from '../src/checks/sim.js';
import { allocate, runLadder } from '../src/sim/ladder/ladder.js';
import { DEFAULT_WORKERS } from '../src/sim/pool.js';
import { P_THREE_SIGMA } from '../src/numeric/stats.js';
import { theoryValues } from '../src/theory/evaluate.js';
import { intFlag, parseArgs } from '../src/cli/args.js';

const README_POINTS = [
  { id: 'readme.alpha2.tau2', params: { alpha: 2, kappa: 0.5, tau: 2, rho: 0.1, lambda: 0.01 } },
  { id: 'readme.fig1.alpha10.tau0.5', params: { alpha: 10, kappa: 0.5, tau: 0.5, rho: 0.01, lambda: 1e-4 } },
];
const DS = [24, 32, 48, 64, 96];

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv, { values: ['budget', 'seeds', 'first-seed'], switches: ['json', 'quick'] });
  const budget = intFlag(args, 'budget', 1, Infinity, 10);
  const seeds = intFlag(args, 'seeds', 1, Infinity, 5);
  const firstSeed = intFlag(args, 'first-seed', 0, Infinity, 1);
  const json = args.switches.has('json');
  const quick = args.switches.has('quick');
  const points = [
    ...LADDERS.map((l) => ({ id: l.id, params: l.params, design: ladderDesign(l, quick) })),
    ...README_POINTS.map((p) => ({ ...p, design: allocate(DS, p.params, budget, 2, 'curved') })),
  ];
  const rows: {
    point: string;
    seed: number;
    quantity: string;
    z: number;
    relStderr: number;
    detectable: number;
    chi2: number;
    dof: number;
  }[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    for (const p of points) {
      const r = await runLadder(
        p.design,
        { ...p.params, seed, workers: DEFAULT_WORKERS },
        'curved',
        P_THREE_SIGMA,
        theoryValues(p.params),
      );
      for (const c of r.comparisons.filter((q) => q.quantity !== 'gTask')) {
        const row = {
          point: p.id,
          seed,
          quantity: c.quantity,
          z: c.z,
          relStderr: c.fit.stderr / Math.abs(c.theory),
          detectable: c.detectable,
          chi2: c.fit.chi2,
          dof: c.fit.dof,
        };
        rows.push(row);
        if (!json)
          process.stdout.write(
            `${p.id.padEnd(30)} seed ${seed} ${c.quantity.padEnd(5)} z ${c.z.toFixed(2).padStart(6)}  ` +
              `rel. stderr ${(100 * row.relStderr).toFixed(2)}%  chi2 ${c.fit.chi2.toFixed(2)}/${c.fit.dof}\n`,
          );
      }
    }
  }
  const zs = rows.map((r) => r.z);
  const rms = Math.sqrt(zs.reduce((a, z) => a + z * z, 0) / zs.length);
  const maxAbs = Math.max(...zs.map(Math.abs));
  const mean = zs.reduce((a, z) => a + z, 0) / zs.length;
  const cpu = process.cpuUsage(cpu0);
  const summary = {
    comparisons: zs.length,
    zRms: rms,
    zMean: mean,
    maxAbsZ: maxAbs,
    quick,
    readmeBudgetSeconds: budget,
    readmeDs: DS,
    seeds: [firstSeed, firstSeed + seeds - 1],
    wallSeconds: (performance.now() - t0) / 1000,
    mainThreadCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  if (json) process.stdout.write(JSON.stringify({ summary, rows }) + '\n');
  else
    process.stdout.write(
      `\n${zs.length} comparisons: z rms ${rms.toFixed(3)}, mean ${mean.toFixed(3)}, ` +
        `max |z| ${maxAbs.toFixed(2)} (target rms in [0.8, 1.25], max < 4)\n`,
    );
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`calibrate: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
