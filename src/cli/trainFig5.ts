// `npm run train:fig5 -- [--arch linear|softmax] [--ds 10,14,20] [--taus ...] [--runs N] [--first-run R] [--steps S]
// [--fixed] [--lr L] [--seed S] [--out FILE] [--from A.json,B.json] [--html FILE]`: the larger Figure 5 runs, beyond
// the budget of `verify`. Prints the thresholds, the fitted exponents with their intervals and the CPU cost; --out
// writes everything as JSON (after every (d, τ), so a killed run keeps what it finished). --from pools earlier
// files of the same protocol without training (one d per process, or replicates added with --first-run).
import { readFileSync, writeFileSync } from 'node:fs';
import { DomainError, ensure } from '../numeric/domain.js';
import { trainedFigure } from '../figures/trained.js';
import { drawPanel } from '../report/figures.js';
import { progressBar } from './progress.js';
import {
  collapseExponent,
  countSlope,
  fitExponent,
  mergeGrids,
  runGrid,
  type GridFile,
  type GridPoint,
  type GridSpec,
} from '../train/figure5.js';
import type { ArchName } from '../train/models.js';
import { FIG5_DEFAULTS } from '../train/protocol.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const list = (s: string | undefined): number[] | undefined => s?.split(',').map(Number);

function main(): void {
  const arch = (arg('arch') ?? 'linear') as ArchName;
  ensure(arch in FIG5_DEFAULTS, '--arch', Object.keys(FIG5_DEFAULTS).join(' | '), arch);
  const base = FIG5_DEFAULTS[arch];
  const g: GridSpec = {
    ...base,
    ds: list(arg('ds')) ?? base.ds,
    taus: list(arg('taus')) ?? base.taus,
    runs: Number(arg('runs') ?? base.runs),
    firstRun: Number(arg('first-run') ?? 0),
    steps: Number(arg('steps') ?? base.steps),
    // --fixed: exactly --steps steps per run (no stopping rule).
    stop: process.argv.includes('--fixed') ? undefined : base.stop,
    lr: Number(arg('lr') ?? base.lr),
    seed: Number(arg('seed') ?? base.seed),
  };
  ensure(Number.isInteger(g.firstRun) && g.firstRun! >= 0, '--first-run', 'an integer >= 0', arg('first-run'));
  ensure(Number.isInteger(g.runs) && g.runs >= 1, '--runs', 'an integer >= 1', arg('runs'));
  const bar = progressBar();
  const t0 = performance.now();
  const from = arg('from');
  const file = arg('out');
  let points: GridPoint[] = [];
  if (from) {
    const merged = mergeGrids(from.split(',').map((f) => JSON.parse(readFileSync(f, 'utf8')) as GridFile));
    points = merged.points;
    Object.assign(g, { ...merged.spec, firstRun: undefined });
  } else
    for (const [i, d] of g.ds.entries()) {
      const done = [...points];
      points = [
        ...done,
        ...runGrid(
          { ...g, ds: [d] },
          (k, total, label) => bar.update(i * total + k, g.ds.length * total, label),
          (finished) =>
            file && writeFileSync(file, JSON.stringify({ spec: g, points: [...done, ...finished] }, null, 1) + '\n'),
        ),
      ];
    }
  bar.end();
  const wall = (performance.now() - t0) / 1000;
  const fits = (['train', 'peak'] as const).map((e) => fitExponent(points, e));
  const out = {
    spec: g,
    wallSeconds: wall,
    points,
    fits,
    countSlopes: { full: countSlope(g.ds, (d) => d * d + 2 * d), reduced: countSlope(g.ds, (d) => d * (d + 1)) },
  };
  for (const d of g.ds) {
    const row = points.filter((p) => p.d === d);
    const cpu = row.map((p) => p.cpuSeconds.reduce((a, b) => a + b, 0) / p.cpuSeconds.length);
    console.log(
      `d=${d} (runs ${[...new Set(row.map((p) => p.eICL.length))].join('/')}): CPU s per run by tau ${row.map((p, i) => `${p.tau}:${cpu[i]!.toFixed(2)}`).join(' ')}`,
    );
    console.log(
      `  mean train err ${row.map((p) => (p.trainError.reduce((a, b) => a + b, 0) / p.trainError.length).toExponential(1)).join(' ')}`,
    );
    console.log(
      `  steps (median) ${row.map((p) => [...p.steps].sort((a, b) => a - b)[p.steps.length >> 1]).join(' ')}; runs at the cap ${row.map((p) => p.stopReason.filter((r) => r === 'cap').length).join(' ')}`,
    );
    console.log(
      `  mean e_ICL     ${row.map((p) => (p.eICL.reduce((a, b) => a + b, 0) / p.eICL.length).toFixed(3)).join(' ')}`,
    );
  }
  for (const f of fits) {
    if (!f) {
      console.log('a threshold is off the grid for some d: widen --taus');
      continue;
    }
    const spread =
      f.method === 'runs'
        ? `per run ${f.perRun.map((v) => v.toFixed(3)).join(' ')}`
        : `pooled over d; runs' tau* ${f.perRunTau.map((t) => t.map((v) => v.toFixed(3)).join('/')).join(' ')}`;
    console.log(
      `${f.estimator}: tau* ${f.tauStar.map((t) => t.toFixed(3)).join(' ')}; a = ${f.a.toFixed(3)} [${f.lo.toFixed(3)}, ${f.hi.toFixed(3)}] (${spread}; residual t ${f.tInterval.map((v) => v.toFixed(3)).join('..')})`,
    );
  }
  const col = collapseExponent(points);
  const colSpread =
    col.method === 'runs'
      ? `per run ${col.perRun.map((v) => v.toFixed(2)).join(' ')}`
      : `pooled over d; runs' shifts in log n ${col.shifts.map((s) => s.map((v) => v.toFixed(3)).join('/')).join(' ')}`;
  console.log(
    `collapse exponent of the test-error curves (n/d^c): c = ${col.c.toFixed(2)}, ${colSpread} -> [${col.lo.toFixed(2)}, ${col.hi.toFixed(2)}]`,
  );
  console.log(
    `parameter-count slopes over these d: d^2+2d ${out.countSlopes.full.toFixed(3)}, d(d+1) ${out.countSlopes.reduced.toFixed(3)}; wall ${wall.toFixed(0)} s`,
  );
  if (file) writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
  const html = arg('html');
  if (html) {
    const f = trainedFigure(points, g, g.seed);
    writeFileSync(
      html,
      `<!doctype html><meta charset="utf-8"><title>${f.title}</title><h1>${f.title}</h1>${f.panels.map(drawPanel).join('\n')}<p>${f.caption}</p><ul>${f.details.map((d) => `<li>${d}</li>`).join('')}</ul>\n`,
    );
  }
}

try {
  main();
} catch (e) {
  // A bad argument or incompatible --from files: one line, exit 2 (as the CLI's DomainErrors).
  if (!(e instanceof DomainError)) throw e;
  console.error(`train:fig5: ${e.message}`);
  process.exit(2);
}
