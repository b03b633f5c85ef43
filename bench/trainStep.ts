// `npm run bench:train [-- --archs a,b] [-- --ds 8,20] [-- --tau T] [-- --steps S] [-- --float32] [-- --json]`: CPU
// milliseconds per optimizer step (forward and backward over one minibatch of int(0.1 n) contexts, n = int(τ d²))
// of each architecture, on this thread, and the cost per context and step from which a run's cost follows
// (steps × batch × that). Median of `steps` timed steps after two untimed ones. Then, from the largest d
// measured, the projected CPU core-hours of one run set (one run at each τ of the paper's grid) at d = 20, 40,
// 80, with the cost per context-step scaled ∝ d³ (the attention's T·D·h and T²·h at α = 1, h = d).
import { stream } from '../src/sim/rng.js';
import { makeTaskSet } from '../src/sim/tasks.js';
import { sampleTokenContexts } from '../src/train/tokenContexts.js';
import { ARCHS, architecture, type ArchName } from '../src/train/models.js';
import { batchSize } from '../src/train/train.js';
import { parseArgs } from '../src/cli/args.js';

export interface StepCost {
  arch: ArchName;
  d: number;
  n: number;
  batch: number;
  float32: boolean;
  msPerStep: number;
  /** CPU microseconds per context per step. */
  usPerContextStep: number;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export function stepCost(arch: ArchName, d: number, tau: number, steps: number, float32: boolean): StepCost {
  const n = Math.floor(tau * d * d);
  const ts = makeTaskSet(stream(1, 0, 'bench/tasks'), stream(1, 0, 'bench/assignment'), n, Infinity, d, 'random');
  const c = sampleTokenContexts(stream(1, 0, 'bench/contexts'), ts.tasks, ts.assignment, d, d, 0.01);
  const a = architecture(arch, d);
  const theta = a.init(stream(1, 0, 'bench/init'));
  const p = a.prepare(c, float32);
  const batch = batchSize(n, 0.1, true);
  const idx = Uint32Array.from({ length: batch }, (_, i) => (i * 7919) % n);
  const grad = new Float64Array(a.nParams);
  const times: number[] = [];
  for (let s = 0; s < steps + 2; s++) {
    const t0 = cpuMs();
    p.lossGrad(theta, idx, batch, grad);
    if (s >= 2) times.push(cpuMs() - t0);
  }
  times.sort((x, y) => x - y);
  const ms = times[times.length >> 1]!;
  return { arch, d, n, batch, float32, msPerStep: ms, usPerContextStep: (1000 * ms) / batch };
}

function main(argv: string[]): void {
  const args = parseArgs(argv, { values: ['archs', 'ds', 'tau', 'steps'], switches: ['float32', 'json'] });
  const archs = (args.values.get('archs')?.split(',') ?? ARCHS) as ArchName[];
  const ds = args.values.get('ds')?.split(',').map(Number) ?? [8, 10, 14, 20];
  const tau = Number(args.values.get('tau') ?? 2);
  const steps = Number(args.values.get('steps') ?? 20);
  const float32 = args.switches.has('float32');
  const out: StepCost[] = [];
  for (const arch of archs)
    for (const d of ds) {
      const r = stepCost(arch, d, tau, steps, float32);
      out.push(r);
      if (!argv.includes('--json'))
        process.stdout.write(
          `${arch.padEnd(15)} d=${String(d).padEnd(3)} n=${String(r.n).padEnd(6)} batch=${String(r.batch).padEnd(5)} ${float32 ? 'f32' : 'f64'} ${r.msPerStep.toFixed(2).padStart(9)} ms/step ${r.usPerContextStep.toFixed(2).padStart(8)} us/context-step\n`,
        );
    }
  const projections = archs.map((arch) => {
    const own = out.filter((r) => r.arch === arch).sort((a, b) => b.d - a.d)[0]!;
    return { arch, fromD: own.d, ...projectRunSet(arch, own.d, own.usPerContextStep) };
  });
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ steps: out, projections }) + '\n');
    return;
  }
  process.stdout.write(
    '\nprojected CPU core-hours of one run set (25 tau of the paper grid, one run each), cost per context-step ∝ d³:\n',
  );
  for (const p of projections)
    process.stdout.write(
      `${p.arch.padEnd(15)} (from d=${p.fromD}) ${p.rows.map((r) => `d=${r.d}: authors ${r.authors.toPrecision(3)} h, converged cap ${r.converged.toPrecision(3)} h`).join('; ')}\n`,
    );
}

/** The paper's τ range of each row (25 evenly spaced values; the reduced models take their row's). */
const PAPER_TAUS: Record<ArchName, [number, number]> = {
  linear: [0.5, 5],
  'linear-reduced': [0.5, 5],
  softmax: [0.1, 6.1],
  'softmax-head': [0.1, 6.1],
  blocks2: [0.5, 15],
  blocks3: [0.5, 15],
};

/** Steps of one run: the authors' 100 000 iterations of 11 minibatches, and the converged preset's cap. */
const AUTHORS_STEPS = 100_000 * 11;
const CONVERGED_CAP = 60_000;

export function projectRunSet(arch: ArchName, d0: number, us: number) {
  const [lo, hi] = PAPER_TAUS[arch];
  const taus = Array.from({ length: 25 }, (_, i) => lo + ((hi - lo) * i) / 24);
  const rows = [20, 40, 80].map((d) => {
    const perContext = us * 1e-6 * (d / d0) ** 3;
    const contexts = taus.reduce((a, t) => a + batchSize(Math.floor(t * d * d), 0.1, true), 0);
    return {
      d,
      authors: (AUTHORS_STEPS * contexts * perContext) / 3600,
      converged: (CONVERGED_CAP * contexts * perContext) / 3600,
    };
  });
  return { rows };
}

main(process.argv.slice(2));
