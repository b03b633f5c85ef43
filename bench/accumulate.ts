// `npm run accumulate [-- --quick] [-- --seeds N] [-- --first-seed F] [-- --runs K] [-- --only ID] [-- --json]`:
// verify's ladders accumulated over K runs in a fresh evidence store per (seed, ladder): run 1 is the
// check's design, runs 2…K add the same design as fresh streams (`verify --accumulate`). For each run
// it prints the z of the true theory, the relative error bar and the detectable deviation; the
// summary gives the z rms over the last runs (independent across seeds and ladders: the calibration of
// the accumulated union) and, per run, the fraction of comparisons whose p is below the check's level.
// Under ICL_VERIFY_FAULT=<name> that fraction is the power against the planted fault, which should grow
// as the detectable deviation falls, about like 1/√k (docs/evidence.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LADDERS, ladderDesign } from '../src/checks/sim.js';
import { activeFault } from '../src/numeric/faults.js';
import { P_THREE_SIGMA } from '../src/numeric/stats.js';
import { EvidenceStore } from '../src/sim/evidence.js';
import { runLadder } from '../src/sim/ladder/ladder.js';
import { DEFAULT_WORKERS } from '../src/sim/pool.js';
import { theoryValues } from '../src/theory/evaluate.js';
import { intFlag, parseArgs } from '../src/cli/args.js';

interface Row {
  point: string;
  seed: number;
  run: number;
  quantity: string;
  replicates: number;
  z: number;
  p: number;
  relStderr: number;
  detectable: number;
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv, { values: ['seeds', 'first-seed', 'runs', 'only'], switches: ['json', 'quick'] });
  const seeds = intFlag(args, 'seeds', 1, Infinity, 6);
  const firstSeed = intFlag(args, 'first-seed', 0, Infinity, 1);
  const runs = intFlag(args, 'runs', 1, Infinity, 2);
  const only = args.values.get('only');
  const quick = args.switches.has('quick');
  const json = args.switches.has('json');
  const ladders = LADDERS.filter((l) => only === undefined || l.id.includes(only));
  if (ladders.length === 0) throw new Error(`--only '${only}' matches no ladder`);
  const rows: Row[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    for (const l of ladders) {
      const dir = mkdtempSync(join(tmpdir(), 'icl-accumulate-'));
      try {
        const store = new EvidenceStore(dir);
        for (let run = 1; run <= runs; run++) {
          const r = await runLadder(
            ladderDesign(l, quick),
            { ...l.params, seed, workers: DEFAULT_WORKERS, evidence: store, use: run > 1 ? 'accumulate' : 'design' },
            'curved',
            P_THREE_SIGMA,
            theoryValues(l.params),
          );
          for (const c of r.comparisons.filter((q) => q.quantity !== 'gTask')) {
            const row: Row = {
              point: l.id,
              seed,
              run,
              quantity: c.quantity,
              replicates: r.runs.reduce((a, x) => a + x.replicates, 0),
              z: c.z,
              p: c.p,
              relStderr: c.fit.stderr / Math.abs(c.theory),
              detectable: c.detectable,
            };
            rows.push(row);
            if (!json)
              process.stdout.write(
                `${l.id.padEnd(28)} seed ${seed} ` +
                  `run ${run} ${c.quantity.padEnd(5)} ${String(row.replicates).padStart(5)} replicates ` +
                  ` z ${c.z.toFixed(2).padStart(6)}  rel. stderr ${(100 * row.relStderr).toFixed(2)}% ` +
                  ` detects ${(100 * c.detectable).toFixed(2)}%\n`,
              );
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const last = rows.filter((r) => r.run === runs).map((r) => r.z);
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  const perRun = Array.from({ length: runs }, (_, i) => {
    const rs = rows.filter((r) => r.run === i + 1);
    return {
      run: i + 1,
      comparisons: rs.length,
      rejected: rs.filter((r) => r.p < P_THREE_SIGMA).length,
      medianDetectable: median(rs.map((r) => r.detectable)),
    };
  });
  const cpu = process.cpuUsage(cpu0);
  const summary = {
    fault: activeFault ?? null,
    quick,
    seeds: [firstSeed, firstSeed + seeds - 1],
    runs,
    lastRunComparisons: last.length,
    lastRunZRms: Math.sqrt(last.reduce((a, z) => a + z * z, 0) / last.length),
    lastRunMaxAbsZ: Math.max(...last.map(Math.abs)),
    perRun,
    wallSeconds: (performance.now() - t0) / 1000,
    mainThreadCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  if (json) process.stdout.write(JSON.stringify({ summary, rows }) + '\n');
  else {
    process.stdout.write(
      `\nafter ${runs} run(s): ${last.length} comparisons, z ` +
        `rms ${summary.lastRunZRms.toFixed(3)}, max |z| ${summary.lastRunMaxAbsZ.toFixed(2)} ` +
        `(target rms in [0.8, 1.25])${activeFault ? `; fault ${activeFault}` : ''}\n`,
    );
    for (const r of perRun)
      process.stdout.write(
        `run ${r.run}: ${r.rejected}/${r.comparisons} rejected at p < ${P_THREE_SIGMA.toPrecision(3)}, ` +
          `median detectable ${(100 * r.medianDetectable).toFixed(2)}%\n`,
      );
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`accumulate: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
