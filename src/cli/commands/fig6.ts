// icl-verify fig6: Figure 6 — the task-generalization gap g_task = e^ICL − e^IDG of a trained model against
// κ = k/d at fixed τ for several d, and where each d's transition from memorization to generalization lies.
import { writeFileSync } from 'node:fs';
import { choiceFlag, intFlag, numberListFlag, parseArgs, UsageError } from '../args.js';
import { progressBar } from '../progress.js';
import { MAX_SEED } from '../../numeric/seeds.js';
import { mean } from '../../numeric/stats.js';
import { figure6 } from '../../figures/figure6.js';
import { drawPanel } from '../../report/figures.js';
import { gTask, runFig6, transitions, type Fig6Point, type Fig6Spec } from '../../train/fig6Grid.js';
import { readTrainedFiles } from '../../train/gridFiles.js';
import { ARCHS, type ArchName } from '../../train/models.js';
import { PRESET_NAMES, type PresetName } from '../../train/protocol.js';

const KAPPAS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6];

export const help = `usage: icl-verify fig6 [--arch A] [--ds 4,6] [--kappas ${KAPPAS.join(',')}] [--tau T]
                       [--runs N] [--preset authors|converged] [--steps S] [--iterations I] [--seed S]
                       [--out FILE] [--from FILE] [--html FILE] [--json]

Trains --runs replicates at every (d, k = round(kappa d)) with k pretraining tasks drawn uniformly
(n = tau d^2 contexts, alpha = 1, rho = 0.01), and prints g_task = e_ICL - e_IDG against kappa = k/d for each
d, with the transition kappa*: where g_task first falls through half its largest value (linear in log kappa),
its 95% interval from the runs' own kappa* (mean +- t s/sqrt(R)), and whether kappa = 1 is inside it.
  --arch A        ${ARCHS.join(' | ')} (default blocks2)
  --ds LIST       d values (default 4,6)
  --kappas LIST   kappa = k/d values (default ${KAPPAS.join(',')})
  --tau T         n / d^2 (default 10)
  --runs N        replicates per point (default 3)
  --preset P      converged (default; step cap --steps, default 60000) or authors (--iterations, default 100000)
  --seed S        reproduces every run bit for bit (default 1)
  --out FILE      write the points as JSON after every (d, k), and the transitions at the end
  --from FILE     read an --out file instead of training
  --html FILE     the Figure 6 panel as one HTML page
  --json          print the result as JSON
Exit 0; 2 for bad input.`;

export function run(argv: string[]): number {
  const args = parseArgs(argv, {
    values: ['arch', 'ds', 'kappas', 'tau', 'runs', 'preset', 'steps', 'iterations', 'seed', 'out', 'from', 'html'],
    switches: ['json'],
  });
  if (args.values.get('preset') === 'authors' && args.values.has('steps'))
    throw new UsageError('--preset authors takes --iterations, not --steps');
  if (args.values.get('preset') !== 'authors' && args.values.has('iterations'))
    throw new UsageError('--iterations belongs to --preset authors (converged takes --steps)');
  const spec: Fig6Spec = {
    arch: choiceFlag<ArchName>(args, 'arch', ARCHS, 'blocks2'),
    ds: numberListFlag(args, 'ds', 2, 200, [4, 6]),
    kappas: numberListFlag(args, 'kappas', 1e-6, 1e6, KAPPAS),
    tau: numberListFlag(args, 'tau', 1e-6, 1e6, [10])[0]!,
    runs: intFlag(args, 'runs', 1, 10_000, 3),
    seed: intFlag(args, 'seed', 0, MAX_SEED, 1),
    preset: choiceFlag<PresetName>(args, 'preset', PRESET_NAMES, 'converged'),
    steps: args.values.has('steps') ? intFlag(args, 'steps', 1, 1e9, 1) : undefined,
    iterations: args.values.has('iterations') ? intFlag(args, 'iterations', 1, 1e9, 1) : undefined,
    alpha: 1,
    rho: 0.01,
  };
  const file = args.values.get('out');
  const from = args.values.get('from');
  const cpu0 = process.cpuUsage();
  let points: Fig6Point[];
  let origin = file ? `${file} (this run)` : 'this run';
  if (from) {
    const saved = readTrainedFiles([from]).fig6;
    if (saved.length !== 1) throw new UsageError('--from needs one Figure 6 file (fig6 --out)');
    Object.assign(spec, saved[0]!.spec);
    points = saved[0]!.points;
    origin = saved[0]!.source.origin;
  } else {
    const bar = progressBar();
    points = runFig6(
      spec,
      (done, total, label) => bar.update(done, total, label),
      (ps) => file && writeFileSync(file, JSON.stringify({ spec, points: ps }, null, 1) + '\n'),
    );
    bar.end();
  }
  const cpu = process.cpuUsage(cpu0);
  const trans = transitions(points);
  const out = {
    spec,
    points,
    transitions: trans,
    trainingCpuSeconds: points.reduce((a, p) => a + p.cpuSeconds.reduce((x, y) => x + y, 0), 0),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  if (file && !from) writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
  const html = args.values.get('html');
  if (html) {
    const recorded = points.every((p) => p.cpuSeconds.length > 0);
    const f = figure6([
      { kind: 'fig6', spec, points, source: { origin, cpuSeconds: recorded ? out.trainingCpuSeconds : null } },
    ]);
    writeFileSync(
      html,
      `<!doctype html><meta charset="utf-8"><title>${f.title}</title><h1>${f.title}</h1>${f.panels.map((p) => drawPanel(p)).join('\n')}<p>${f.caption}</p><ul>${f.details.map((d) => `<li>${d}</li>`).join('')}</ul>\n`,
    );
  }
  if (args.switches.has('json')) {
    process.stdout.write(JSON.stringify(out, null, 1) + '\n');
    return 0;
  }
  const fmt = (v: number | null) => (v === null ? '-' : v.toFixed(3));
  const lines = [`${spec.arch}, tau ${spec.tau}, preset ${spec.preset}, ${spec.runs} run(s), seed ${spec.seed}`];
  for (const t of trans) {
    const row = points.filter((p) => p.d === t.d).sort((a, b) => a.kappa - b.kappa);
    lines.push(
      `d=${t.d}: kappa ${row.map((p) => p.kappa.toFixed(2)).join(' ')}`,
      `  g_task mean ${row.map((p) => mean(p.eICL.map((_, r) => gTask(p, r))).toFixed(3)).join(' ')}`,
      `  e_IDG mean  ${row.map((p) => mean(p.eIDG).toFixed(3)).join(' ')}`,
      `  transition kappa* ${fmt(t.kappaStar)} (runs ${t.perRun.map(fmt).join(' ')}), 95% [${t.lo.toFixed(3)}, ${t.hi.toFixed(3)}]; kappa = 1 ${t.oneInInterval ? 'inside' : 'outside'}`,
    );
  }
  lines.push(`training CPU ${out.trainingCpuSeconds.toFixed(1)} s`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
