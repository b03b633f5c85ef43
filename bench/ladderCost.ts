// `node dist/bench/ladderCost.js [--samples N (default 3)] [--only ID] [--quick] [--json]`: the CPU seconds of one
// replicate at every d of verify's ladders (N replicates each, streams 0 … N − 1, one thread), and of
// one round of each ladder's design (Σ_d R_d × the mean cost at d): what a sweep's "ladders" part
// costs per round, the basis of the core-hours of docs/evidence.md's recipe. CPU time of this thread
// (process.cpuUsage), so other jobs on the machine slow the wall clock, not the figure.
import { LADDERS, verifyLadders } from '../src/checks/sim.js';
import { REGISTRY_SEED } from '../src/numeric/seeds.js';
import { runReplicate } from '../src/sim/replicate.js';
import { simSpec } from '../src/sim/simulate.js';
import { intFlag, parseArgs } from '../src/cli/args.js';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function main(argv: string[]): void {
  const args = parseArgs(argv, { values: ['samples', 'only'], switches: ['json', 'quick'] });
  const samples = intFlag(args, 'samples', 1, 1000, 3);
  const only = args.values.get('only');
  if (only !== undefined && !LADDERS.some((c) => c.id === only))
    throw new Error(`--only: no ladder ${only} (one of ${LADDERS.map((c) => c.id).join(', ')})`);
  const ladders = verifyLadders(args.switches.has('quick'), REGISTRY_SEED, only === undefined ? undefined : [only]);
  // Untimed: the first replicate of a process also compiles the WebAssembly kernels and warms the JIT.
  const first = ladders[0]!;
  runReplicate(simSpec({ ...first.params, d: first.ds[0]!, seed: first.seed, workers: 1 }).spec, samples);
  const json = args.switches.has('json');
  if (!json)
    process.stdout.write(`CPU seconds per replicate (mean of ${samples}, one thread), seed ${REGISTRY_SEED}\n`);
  const rows = ladders.map((l) => {
    const perD = l.ds.map((d, i) => {
      const { spec } = simSpec({ ...l.params, d, seed: l.seed, replicates: l.replicates[i]!, workers: 1 });
      const t0 = cpu();
      for (let r = 0; r < samples; r++) runReplicate(spec, r);
      const each = (cpu() - t0) / samples;
      return { d, n: spec.n, replicates: l.replicates[i]!, cpuSecondsPerReplicate: each };
    });
    const round = perD.reduce((a, p) => a + p.replicates * p.cpuSecondsPerReplicate, 0);
    const row = {
      id: l.id,
      perD,
      replicatesPerRound: l.replicates.reduce((a, b) => a + b, 0),
      cpuSecondsPerRound: round,
    };
    // Each ladder as it is measured: a long run shows its progress and keeps what it finished.
    if (!json) {
      const cells = perD.map((p) => `d=${p.d}: ${p.replicates} x ${p.cpuSecondsPerReplicate.toFixed(3)} s`).join(', ');
      process.stdout.write(
        `${l.id}: ${cells}; one round ${row.replicatesPerRound} replicates, ${round.toFixed(0)} CPU-s\n`,
      );
    }
    return row;
  });
  const total = rows.reduce((a, r) => a + r.cpuSecondsPerRound, 0);
  if (json) process.stdout.write(JSON.stringify({ samples, seed: REGISTRY_SEED, rows }, null, 2) + '\n');
  else
    process.stdout.write(
      `one round of every ladder: ${total.toFixed(0)} CPU-s (${(total / 3600).toFixed(2)} core-hours)\n`,
    );
}

main(process.argv.slice(2));
