// icl-verify fig5: the Figure 5 protocol for one architecture — a grid of (d, τ) with replicates, the thresholds
// by three rules, the exponent of n* ∝ d^a with its interval beside the architecture's own parameter-count slope
// and the paper's value, and the collapse exponent. --out saves after every (d, τ); --from pools saved files.
import { writeFileSync } from 'node:fs';
import { choiceFlag, intFlag, numberListFlag, parseArgs, UsageError } from '../args.js';
import { progressBar } from '../progress.js';
import { MAX_SEED } from '../../numeric/seeds.js';
import { mean } from '../../numeric/stats.js';
import { figure5 } from '../../figures/trained.js';
import { drawPanel } from '../../report/figures.js';
import { runGrid, rowOf, type GridPoint, type GridSpec } from '../../train/fig5Grid.js';
import { collapseExponent, countSlope, fitExponent } from '../../train/fits.js';
import { mergeGrids, readTrainedData, type Fig5Data } from '../../train/gridFiles.js';
import { ARCHITECTURES, ARCHS, type ArchName } from '../../train/models.js';
import { FIG5_DEFAULTS, PRESET_NAMES, presetOptions, type PresetName } from '../../train/protocol.js';
import { varianceRise } from '../../train/thresholds.js';
import {
  ADAPTIVE_RULES,
  adaptiveRow,
  coarseGrid,
  DEFAULT_RESOLUTION,
  type AdaptiveRule,
  type AdaptiveStop,
} from '../../train/adaptiveTau.js';

/** Most τ an adaptive search trains at one d (the coarse grid included). */
const ADAPTIVE_MAX_POINTS = 12;

/** What an adaptive run records beside its grid: the rule, the resolution, and per d the τ it chose. */
interface AdaptiveRecord {
  rule: AdaptiveRule;
  resolution: number;
  rows: Array<{ d: number; chosen: number[]; bracket: [number, number] | null; stop: AdaptiveStop }>;
}

/** The default coarse grid: 5 τ log-spaced over the architecture's range, from the least τ with n >= 10. */
const defaultCoarse = (taus: readonly number[], d: number): number[] =>
  coarseGrid(Math.max(taus[0]!, Number((10.5 / (d * d)).toPrecision(3))), taus[taus.length - 1]!, 5);

export const help = `usage: icl-verify fig5 [--arch A] [--preset authors|converged] [--ds 8,10,14] [--taus 0.5,1,2]
                       [--runs N] [--first-run R] [--steps S] [--iterations I] [--lr L] [--seed S]
                       [--adaptive [--rule train|rise] [--resolution R]]
                       [--out FILE] [--from A.json,B.json] [--html FILE] [--json]

Trains --runs replicates at every (d, tau) of a grid (n = tau d^2 contexts, alpha = 1, kappa = inf,
rho = 0.01), then locates each d's interpolation threshold by three rules — train (the mean training error
crosses 1e-3), peak (largest test error) and rise (the paper's: the sharpest rise of the training error;
beside it where its run-to-run variance rises most) — and fits n* ~ d^a with a 95% interval from the runs'
own slopes, next to the slope of the architecture's parameter count and the paper's a.
  --arch A         ${ARCHS.join(' | ')} (default linear-reduced)
  --preset P       converged: until converged (cap --steps, default 60000), lr 1e-3, weight decay 0.01;
                   authors: fixed budget of --iterations (default 100000) iterations of 11 minibatches,
                   lr 1e-4, weight decay 1e-4 (default converged)
  --ds LIST        d values (default per architecture)
  --taus LIST      tau values (default per architecture)
  --adaptive       locate each d's threshold by spending runs near it: a coarse grid (--taus, default 5 tau
                   log-spaced over the architecture's range, from n >= 10), then the geometric midpoint of
                   the --rule's bracket (train: the zero-level crossing, default; rise: the largest increase)
                   until its ends are within --resolution (default 0.1: tau_hi/tau_lo <= 1.1) or their n
                   are adjacent; at most 12 tau per d. The same estimators as a fixed grid, on the tau chosen
  --runs N         replicates per point (default 3); --first-run R starts at replicate R (default 0)
  --lr L           learning rate instead of the preset's
  --seed S         reproduces every run bit for bit (default 1)
  --out FILE       write the grid as JSON after every (d, tau), and the fits at the end
  --from FILES     pool earlier --out files of one protocol instead of training
  --html FILE      the Figure 5 panels of this grid as one HTML page
  --json           print the result as JSON instead of text
Exit 0; 2 for bad input.`;

export function run(argv: string[]): number {
  const args = parseArgs(argv, {
    values: [
      'arch',
      'preset',
      'ds',
      'taus',
      'runs',
      'first-run',
      'steps',
      'iterations',
      'lr',
      'seed',
      'out',
      'from',
      'html',
      'rule',
      'resolution',
    ],
    switches: ['json', 'adaptive'],
  });
  const arch: ArchName = choiceFlag(args, 'arch', ARCHS, 'linear-reduced');
  let presetName: PresetName = choiceFlag(args, 'preset', PRESET_NAMES, 'converged');
  if (presetName === 'authors' && args.values.has('steps'))
    throw new UsageError('--preset authors takes --iterations, not --steps');
  if (presetName === 'converged' && args.values.has('iterations'))
    throw new UsageError('--iterations belongs to --preset authors (converged takes --steps)');
  const base = FIG5_DEFAULTS[arch];
  const preset = presetOptions(presetName, {
    steps: intFlag(args, 'steps', 1, 1e9, base.steps),
    iterations: args.values.has('iterations') ? intFlag(args, 'iterations', 1, 1e9, 1) : undefined,
  });
  const g: GridSpec = {
    ...base,
    ...preset,
    stop: preset.stop,
    ds: numberListFlag(args, 'ds', 2, 200, base.ds),
    taus: numberListFlag(args, 'taus', 1e-6, 1e6, base.taus),
    runs: intFlag(args, 'runs', 1, 10_000, base.runs),
    firstRun: intFlag(args, 'first-run', 0, 1e6, 0),
    lr: args.values.has('lr') ? numberListFlag(args, 'lr', 1e-12, 10, [])[0]! : preset.lr,
    seed: intFlag(args, 'seed', 0, MAX_SEED, base.seed),
  };
  const adaptive = args.switches.has('adaptive');
  if (!adaptive && (args.values.has('rule') || args.values.has('resolution')))
    throw new UsageError('--rule and --resolution belong to --adaptive');
  if (adaptive && args.values.has('from')) throw new UsageError('--adaptive trains; --from pools saved files');
  const rule: AdaptiveRule = choiceFlag(args, 'rule', ADAPTIVE_RULES, 'train');
  const resolution = args.values.has('resolution')
    ? numberListFlag(args, 'resolution', 1e-3, 1, [])[0]!
    : DEFAULT_RESOLUTION;
  const bar = progressBar();
  const cpu0 = process.cpuUsage();
  const from = args.values.get('from');
  const file = args.values.get('out');
  let points: GridPoint[] = [];
  let origin = file ? `${file} (this run)` : 'this run';
  let adaptiveRecord: AdaptiveRecord | null = null;
  if (from) {
    const files = from.split(',');
    const grids = readTrainedData(files);
    const fig5 = grids.filter((f): f is Fig5Data => f.kind === 'fig5');
    if (fig5.length !== grids.length) throw new UsageError('--from takes fig5 --out files (a Figure 6 grid was given)');
    const merged = mergeGrids(fig5);
    points = merged.points;
    origin = files.join(' + ');
    Object.assign(g, { ...merged.spec, firstRun: undefined });
    presetName = fig5[0]!.preset;
  } else if (adaptive) {
    const nOf = (d: number) => (tau: number) => (g.floorSizes ? Math.floor(tau * d * d) : Math.round(tau * d * d));
    const total = g.ds.length * ADAPTIVE_MAX_POINTS * g.runs;
    let done = 0;
    const save = () => {
      g.taus = [...new Set(points.map((p) => p.tau))].sort((a, b) => a - b);
      if (file)
        writeFileSync(
          file,
          JSON.stringify({ spec: g, preset: presetName, adaptive: adaptiveOut, points }, null, 1) + '\n',
        );
    };
    const adaptiveOut: AdaptiveRecord = { rule, resolution, rows: [] };
    for (const d of g.ds) {
      const coarse = args.values.has('taus') ? g.taus : defaultCoarse(base.taus, d);
      const row = adaptiveRow({ coarse, rule, resolution, maxPoints: ADAPTIVE_MAX_POINTS, nOf: nOf(d) }, (tau) => {
        const [p] = runGrid({ ...g, ds: [d], taus: [tau] }, (_k, _t, label) => bar.update(++done, total, label));
        points.push(p!);
        save();
        return p!;
      });
      adaptiveOut.rows.push({ d, chosen: row.chosen, bracket: row.bracket, stop: row.stop });
      save();
    }
    adaptiveRecord = adaptiveOut;
  } else
    for (const [i, d] of g.ds.entries()) {
      const done = [...points];
      points = [
        ...done,
        ...runGrid(
          { ...g, ds: [d] },
          (k, total, label) => bar.update(i * total + k, g.ds.length * total, label),
          (finished) =>
            file &&
            writeFileSync(
              file,
              JSON.stringify({ spec: g, preset: presetName, points: [...done, ...finished] }, null, 1) + '\n',
            ),
        ),
      ];
    }
  bar.end();
  const cpu = process.cpuUsage(cpu0);
  const fits = (['train', 'peak', 'rise'] as const).map((e) => fitExponent(points, e));
  const spec = ARCHITECTURES[g.arch];
  const out = {
    spec: g,
    preset: presetName,
    ...(adaptiveRecord ? { adaptive: adaptiveRecord } : {}),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    trainingCpuSeconds: points.reduce((a, p) => a + p.cpuSeconds.reduce((x, y) => x + y, 0), 0),
    points,
    fits,
    varianceRise: g.ds.map((d) => ({ d, tau: varianceRise(rowOf(points, d)) })),
    collapse: collapseExponent(points),
    countSlope: countSlope(g.ds, spec.count),
    paperA: spec.paperA,
  };
  if (file) writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
  const html = args.values.get('html');
  if (html) {
    const trainingCpu = points.reduce((a, p) => a + p.cpuSeconds.reduce((x, y) => x + y, 0), 0);
    const row: Fig5Data = {
      kind: 'fig5',
      spec: g,
      preset: presetName,
      points,
      source: { origin, cpuSeconds: points.every((p) => p.cpuSeconds.length > 0) ? trainingCpu : null },
    };
    const f = figure5([row], null);
    writeFileSync(
      html,
      `<!doctype html><meta charset="utf-8"><title>${f.title}</title><h1>${f.title}</h1>${f.panels.map(drawPanel).join('\n')}<p>${f.caption}</p><ul>${f.details.map((d) => `<li>${d}</li>`).join('')}</ul>\n`,
    );
  }
  if (args.switches.has('json')) {
    process.stdout.write(JSON.stringify(out, null, 1) + '\n');
    return 0;
  }
  const lines = [`${g.arch} (${spec.description}), preset ${presetName}, seed ${g.seed}`];
  for (const d of g.ds) {
    const row = rowOf(points, d);
    lines.push(
      `d=${d} (runs ${[...new Set(row.map((p) => p.eICL.length))].join('/')}): CPU s per run by tau ${row.map((p) => `${p.tau}:${mean(p.cpuSeconds).toFixed(2)}`).join(' ')}`,
      `  mean train err ${row.map((p) => mean(p.trainError).toExponential(1)).join(' ')}`,
      `  steps (median) ${row.map((p) => [...p.steps].sort((a, b) => a - b)[p.steps.length >> 1]).join(' ')}; runs at the cap ${row.map((p) => p.stopReason.filter((r) => r === 'cap').length).join(' ')}`,
      `  mean e_ICL     ${row.map((p) => mean(p.eICL).toFixed(3)).join(' ')}`,
    );
  }
  if (adaptiveRecord)
    for (const r of adaptiveRecord.rows)
      lines.push(
        `adaptive (${rule}, resolution ${resolution}) d=${r.d}: tau chosen ${r.chosen.join(' ')}; bracket ${r.bracket ? r.bracket.join('-') : 'none'}; stopped by ${r.stop}`,
      );
  for (const f of fits) {
    if (!f) {
      lines.push('a threshold is off the grid for some d or run: widen --taus');
      continue;
    }
    lines.push(
      `${f.estimator.padEnd(5)}: tau* ${f.tauStar.map((t) => t.toFixed(3)).join(' ')}; a = ${f.a.toFixed(3)} [${f.lo.toFixed(3)}, ${f.hi.toFixed(3)}] (${f.method})`,
    );
  }
  lines.push(
    `variance rise: tau ${out.varianceRise.map((v) => (v.tau === null ? '-' : v.tau.toFixed(3))).join(' ')}`,
    `collapse n/d^c: c = ${out.collapse.c.toFixed(2)} [${out.collapse.lo.toFixed(2)}, ${out.collapse.hi.toFixed(2)}] (${out.collapse.method})`,
    `parameter-count slope over these d: ${out.countSlope.toFixed(3)}; paper a: ${spec.paperA ?? 'not a row of the paper'}; CPU ${out.cpuSeconds.toFixed(1)} s`,
  );
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
