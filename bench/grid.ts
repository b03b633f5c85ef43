// Rate of `eval` over a grid: 10⁶ float64 points (α = log:0.1:100:1000 × τ = log:0.1:10:1000, κ = 0.5,
// ρ = 0.1; λ = 0 ridgeless, λ = 0.1 with the self-consistent ε solved at every point) as CSV.
// First as a user runs it: `icl-verify eval … --format csv > /dev/null` in a child process, RUNS times
// (with --workers 1 and 2), its CPU seconds (user + system of all its threads, process start
// included, read by the child at exit) and wall seconds, with the CPU of a one-point run (the start-up)
// to give the streaming rate apart; the load average beside, since the machine may be shared. Then
// in this process: the CSV bytes formatted per CPU second and per wall second, the writing to a file
// or pipe not included (a first pass, then steady state); the same on two worker threads; and the
// shortest round-trip formatter against String(x) on the same 4·10⁶ errors.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { devNull, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseGrid, gridCsvChunks } from '../src/theory/gridEval.js';
import { gridCsvParallel } from '../src/theory/gridCsvParallel.js';
import { evaluate } from '../src/theory/evaluate.js';
import { fp } from '../src/numeric/context.js';
import { writeShortest } from '../src/numeric/shortest.js';
import { cpuSeconds } from './theory.js';

/** Repetitions of each command-line run. */
const RUNS = 5;
const BIN = fileURLToPath(new URL('../../bin/icl-verify.js', import.meta.url));
/** Preloaded into the child: its CPU seconds (all threads) on stderr as it exits. */
const CPU_AT_EXIT =
  'data:text/javascript,process.on("exit",()=>{const r=process.resourceUsage();' +
  'process.stderr.write("cpu-us "+(r.userCPUTime+r.systemCPUTime)+"\\n")})';

/** One `icl-verify` run with stdout to /dev/null: CPU and wall seconds. */
function cliRun(args: string[]): { cpu: number; wall: number } {
  const sink = openSync(devNull, 'w');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, BIN, ...args], {
    stdio: ['ignore', sink, 'pipe'],
    encoding: 'utf8',
  });
  const wall = (performance.now() - t0) / 1000;
  closeSync(sink);
  const m = /^cpu-us (\d+)$/m.exec(r.stderr);
  if (r.status !== 0 || m === null) throw new Error(`grid bench: icl-verify ${args.join(' ')}: ${r.stderr}`);
  return { cpu: Number(m[1]) / 1e6, wall };
}

const range = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];
const perSecond = (points: number, secs: number[]): [number, number] => {
  const [lo, hi] = range(secs);
  return [Math.round(points / hi), Math.round(points / lo)];
};

/** `eval` over the grid as a user runs it: [worst, best] of RUNS runs, and the load average. */
function benchCli(): Record<string, unknown> {
  const out: Record<string, unknown> = { gridCliLoadAverage1mBefore: loadavg()[0] };
  const common = ['--alpha', 'log:0.1:100:1000', '--kappa', '0.5', '--tau', 'log:0.1:10:1000', '--rho', '0.1'];
  const startup = Array.from({ length: RUNS }, () =>
    cliRun([
      'eval',
      '--alpha',
      '0.1',
      '--kappa',
      '0.5',
      '--tau',
      '0.1',
      '--rho',
      '0.1',
      '--lambda',
      '0',
      '--format',
      'csv',
    ]),
  ).map((r) => r.cpu);
  const start = Math.min(...startup);
  out.gridCliStartupCpuSec = range(startup);
  for (const [name, lambda] of [
    ['Ridgeless', '0'],
    ['Ridge', '0.1'],
  ] as const) {
    for (const workers of [1, 2]) {
      const runs = Array.from({ length: RUNS }, () =>
        cliRun(['eval', ...common, '--lambda', lambda, '--format', 'csv', '--workers', String(workers)]),
      );
      const key = `gridCli${name}${workers === 1 ? '' : 'TwoThreads'}`;
      const cpu = runs.map((r) => r.cpu);
      out[`${key}PointsPerCpuSec`] = perSecond(1e6, cpu);
      // The streaming rate: CPU less the least start-up CPU seen (a bound on the start-up of this run).
      out[`${key}StreamingPointsPerCpuSec`] = perSecond(
        1e6,
        cpu.map((c) => c - start),
      );
      out[`${key}PointsPerWallSec`] = perSecond(
        1e6,
        runs.map((r) => r.wall),
      );
    }
  }
  out.gridCliLoadAverage1mAfter = loadavg()[0];
  return out;
}

export async function benchGrid(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = benchCli();
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
