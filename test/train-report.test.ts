// The report's trained figures from grid files (verify --trained): Figure 5 with one row per architecture
// (planted power-law thresholds recovered inside their intervals, each row naming its file), Figure 6 with a
// planted transition, bad files refused with one line and exit 2, and a real tiny fig5 run round-tripped.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyWith } from '../src/cli/commands/verify.js';
import { DomainError } from '../src/numeric/domain.js';
import { pass, type Check } from '../src/registry/registry.js';
import { jsonSafe } from '../src/registry/jsonSafe.js';
import { fig5FromChecks, readTrainedFiles, VERIFY_ORIGIN, type Fig5Data } from '../src/train/gridFiles.js';
import { figure5 } from '../src/figures/trained.js';
import { figure6 } from '../src/figures/figure6.js';
import { stream } from '../src/sim/rng.js';
import type { GridPoint, GridSpec } from '../src/train/fig5Grid.js';
import type { Fig6Point } from '../src/train/fig6Grid.js';
import { ARCHITECTURES, type ArchName } from '../src/train/models.js';
import { FIG5_DEFAULTS } from '../src/train/protocol.js';
import { ZERO_LEVEL } from '../src/train/thresholds.js';
import { cli } from './support/cli.js';

const TAUS = [0.25, 0.35, 0.5, 0.7, 0.85, 1, 1.15, 1.3, 1.5, 2, 3, 5];
const DS = [8, 10, 14, 20];
/** Planted exponents, one per architecture (away from the paper's, so a row showing the paper's value fails). */
const PLANTED: Partial<Record<ArchName, number>> = { linear: 1.8, 'linear-reduced': 2.0, blocks2: 2.2, blocks3: 1.7 };

/** A grid whose training error crosses the zero level at n* = 1.1 d^a, each run's curve shifted in log n. */
function plantedGrid(a: number, seed: number): GridPoint[] {
  const rng = stream(seed, 0, 'planted-report');
  const R = 4;
  return DS.flatMap((d) => {
    const shifts = Array.from({ length: R }, () => 0.04 * rng.normal());
    const tauStar = (1.1 * d ** a) / d ** 2;
    return TAUS.map((tau) => {
      const s = shifts.map((sh) => Math.log(tau / tauStar) + sh + 0.01 * rng.normal());
      return {
        d,
        tau,
        n: tau * d * d,
        trainError: s.map((x) => ZERO_LEVEL * 10 ** (4 * x)),
        eICL: s.map((x) => 1 + 2 * Math.exp(-4 * x * x)),
        eIDG: s.map(() => 0.5),
        cpuSeconds: s.map(() => 2),
        steps: s.map(() => 100),
        stopReason: s.map(() => 'converged' as const),
        replicates: [0, 1, 2, 3],
      };
    });
  });
}

/** g_task of three runs falling through half its maximum at planted κ* (a steep logistic in log κ). */
function plantedFig6(star: readonly number[]): Fig6Point[] {
  const kappas = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 3, 4];
  return [4, 8].flatMap((d) =>
    kappas.map((kappa) => ({
      d,
      k: kappa * d,
      kappa,
      trainError: star.map(() => 0),
      eIDG: star.map(() => 0.2),
      eICL: star.map((s) => 0.2 + 1 / (1 + (kappa / s) ** 6)),
      cpuSeconds: star.map(() => 3),
      steps: star.map(() => 10),
      stopReason: star.map(() => 'budget' as const),
    })),
  );
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trained-report-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const registry: Check[] = [{ id: 't.ok', claim: 'holds', subject: 's', detects: 'd', run: () => pass('fine') }];

async function verifyJson(argv: string[]): Promise<{ code: number; json: any }> {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await verifyWith(registry, [...argv, '--json', '--report', join(dir, 'report')], 'tiny');
    return { code, json: JSON.parse(out) };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** "(i) arch ... train a = X [lo, hi]" of a Figure 5 caption. */
function trainFit(caption: string, arch: ArchName): { a: number; lo: number; hi: number } {
  const at = caption.indexOf(`) ${arch} (${ARCHITECTURES[arch].description}) from `);
  expect(at, arch).toBeGreaterThan(0);
  const m = caption.slice(at).match(/: train a = ([\d.]+) \[([\d.-]+), ([\d.-]+)\]/);
  expect(m, arch).not.toBeNull();
  return { a: Number(m![1]), lo: Number(m![2]), hi: Number(m![3]) };
}

describe('verify --trained', () => {
  it('Figure 5 has one row per file architecture with its planted exponent in the interval; Figure 6 finds the planted transition; a real fig5 run round-trips', async () => {
    const files: string[] = [];
    for (const [arch, a] of Object.entries(PLANTED) as Array<[ArchName, number]>) {
      const spec: GridSpec = { ...FIG5_DEFAULTS[arch], ds: DS, taus: TAUS, runs: 4 };
      const f = join(dir, `${arch}.json`);
      writeFileSync(f, JSON.stringify({ spec, preset: 'converged', points: plantedGrid(a, files.length + 1) }));
      files.push(f);
    }
    const f6 = join(dir, 'fig6.json');
    const spec6 = {
      arch: 'blocks2',
      ds: [4, 8],
      kappas: [0.25, 4],
      tau: 10,
      runs: 3,
      seed: 1,
      preset: 'converged',
      alpha: 1,
      rho: 0.01,
    };
    writeFileSync(f6, JSON.stringify({ spec: spec6, points: plantedFig6([1.5, 1.6, 1.7]) }));
    // A real tiny run (about 1 CPU s): the authors' one softmax block, two d, two tau, one run.
    const real = join(dir, 'softmax.json');
    const run = cli(
      'fig5',
      '--arch',
      'softmax',
      '--preset',
      'authors',
      '--iterations',
      '30',
      '--ds',
      '3,4',
      '--taus',
      '2,8',
      '--runs',
      '1',
      '--out',
      real,
    );
    expect(run.status, run.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(real, 'utf8'));

    const { code, json } = await verifyJson(['--trained', [...files, f6, real].join(',')]);
    expect(code).toBe(0);
    const f5 = json.figures.find((f: { id: string }) => f.id === 'figure-5');
    expect(f5.title).toBe(
      'Figure 5: interpolation thresholds of trained architectures (linear, linear-reduced, blocks2, blocks3, softmax)',
    );
    for (const [arch, a] of Object.entries(PLANTED) as Array<[ArchName, number]>) {
      const fit = trainFit(f5.caption, arch);
      expect(fit.lo, arch).toBeLessThan(a);
      expect(fit.hi, arch).toBeGreaterThan(a);
      expect(fit.hi - fit.lo, arch).toBeLessThan(0.3);
      // Each row names its file, preset, d, runs and the CPU recorded in the file (4 runs x 12 tau x 4 d x 2 s).
      expect(f5.caption).toContain(
        `${arch} (${ARCHITECTURES[arch].description}) from ${join(dir, `${arch}.json`)}, preset converged, d ∈ {8, 10, 14, 20}, 4 runs per point, seed 1, 384 CPU s of training`,
      );
      expect(f5.caption).toMatch(new RegExp(`${arch} .*paper a ${ARCHITECTURES[arch].paperA}`));
    }
    expect(f5.caption).toContain(
      `softmax (${ARCHITECTURES.softmax.description}) from ${real}, preset authors, d ∈ {3, 4}, 1 runs per point`,
    );
    const cpu = saved.points.reduce((s: number, p: GridPoint) => s + p.cpuSeconds[0]!, 0);
    expect(f5.caption).toContain(`${cpu.toFixed(0)} CPU s of training`);
    // Five rows of three panels, no verify row (this registry trains none), and no paper row absent.
    const html = readFileSync(join(dir, 'report', 'index.html'), 'utf8');
    const section = html.slice(html.indexOf('id="figure-5"'), html.indexOf('id="figure-6"'));
    expect(section.match(/<svg/g)).toHaveLength(15);
    expect(section).toContain('paper a = 2.13 (slope only)');
    expect(section).toMatch(/its parameter count \(slope 1\.\d\d over these d\)/);
    expect(f5.caption).not.toContain('Rows absent');
    expect(f5.caption).not.toContain("verify's own run");

    const fig6 = json.figures.find((f: { id: string }) => f.id === 'figure-6');
    for (const d of [4, 8]) {
      const m = fig6.caption.match(new RegExp(`d=${d} κ\\* ([\\d.]+) \\[([\\d.]+), ([\\d.]+)\\] \\(κ = 1 outside\\)`));
      expect(m, fig6.caption).not.toBeNull();
      expect(Math.abs(Number(m[1]) - 1.6)).toBeLessThan(0.05);
      expect(Number(m[2])).toBeLessThan(1.6);
      expect(Number(m[3])).toBeGreaterThan(1.6);
    }
    expect(fig6.caption).toContain(`blocks2 at τ = 10 from ${f6}, preset converged`);
    expect(fig6.caption).toContain('180 CPU s of training');
  });

  it('without files the quick report says which rows are absent and how to make them', async () => {
    const { json } = await verifyJson(['--quick']);
    const f5 = json.figures.find((f: { id: string }) => f.id === 'figure-5');
    expect(f5.caption).toContain('No trained row in this run.');
    expect(f5.caption).toContain(
      'Rows absent: linear (paper a 1.87), linear-reduced (paper a 1.87), softmax (paper a 1.66), blocks2 (paper a 2.13), blocks3 (paper a 2.08) (verify trains no row below full scale (--quick))',
    );
    expect(f5.caption).toContain('icl-verify fig5 --arch A --preset authors --out A.json');
    const fig6 = json.figures.find((f: { id: string }) => f.id === 'figure-6');
    expect(fig6.caption).toContain('No Figure 6 grid in this run');
  });

  it('bad files exit 2 with one line naming the file and the field', () => {
    const spec: GridSpec = { ...FIG5_DEFAULTS.linear, ds: [8], taus: [1, 2], runs: 1 };
    const point = plantedGrid(2, 1).find((p) => p.d === 8 && p.tau === 1)!;
    const one = {
      ...point,
      trainError: [1e-4],
      eICL: [1],
      eIDG: [1],
      cpuSeconds: [1],
      steps: [1],
      stopReason: ['cap'],
      replicates: [0],
    };
    const cases: Array<[string, unknown, RegExp]> = [
      [
        'arch.json',
        { spec: { ...spec, arch: 'mlp' }, points: [one] },
        /arch\.json: spec: arch must be one of linear \| linear-reduced/,
      ],
      [
        'preset.json',
        { spec, preset: 'authors', points: [one] },
        /preset\.json: spec: iterations must be present under preset authors, got absent/,
      ],
      [
        'decay.json',
        { spec: { ...spec, weightDecay: 0.5 }, points: [one] },
        /decay\.json: spec: weightDecay must be 0\.01 under preset converged, got 0\.5/,
      ],
      [
        'point.json',
        { spec, points: [{ ...one, tau: 7 }] },
        /point\.json: points\[0\]: tau must be one of spec\.taus \(1, 2\), got 7/,
      ],
      [
        'runs.json',
        { spec, points: [{ ...one, eICL: [1, 2] }] },
        /runs\.json: points\[0\]: eICL must be a list of one value per run \(1\)/,
      ],
      ['kappa.json', { spec: { ...spec, kappa: 2 }, points: [one] }, /kappa\.json: spec: kappa must be infinite/],
      ['sweep.json', null, /sweep\.json:1 must be one JSON object per line/],
    ];
    for (const [name, content, want] of cases) {
      const f = join(dir, name);
      writeFileSync(f, content === null ? 'not json\n' : JSON.stringify(content));
      expect(() => readTrainedFiles([f]), name).toThrow(DomainError);
      expect(() => readTrainedFiles([f]), name).toThrow(want);
    }
    expect(() => readTrainedFiles([join(dir, 'none.json')])).toThrow(
      /--trained must be readable files, got .*none\.json \(/,
    );
    // The command line: exit 2 and the one line, before any check runs.
    const r = cli('verify', '--trained', join(dir, 'point.json'), '--report', join(dir, 'bad'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(cases[3]![2]);
  });

  it("a sweep's train lines (Figure 5 at kappa = inf, Figure 6 per tau at finite kappa) read as the report's grids", () => {
    const spec = join(dir, 'spec.json');
    const part = join(dir, 'part.jsonl');
    writeFileSync(
      spec,
      JSON.stringify({
        train: {
          arch: ['softmax'],
          d: [3, 4],
          tau: [2, 8],
          kappa: [1, 2, 'inf'],
          runs: 1,
          seed: 1,
          steps: 100,
          fixed: true,
        },
      }),
    );
    const r = cli('sweep', spec, '--out', part);
    expect(r.status, r.stderr).toBe(0);
    const { fig5, fig6 } = readTrainedFiles([part]);
    expect(fig5).toHaveLength(1);
    expect(fig5[0]!.spec).toMatchObject({
      arch: 'softmax',
      ds: [3, 4],
      taus: [2, 8],
      runs: 1,
      steps: 100,
      stop: undefined,
    });
    expect(fig5[0]!.points.map((p) => [p.d, p.tau, p.n])).toEqual([
      [3, 2, 18],
      [3, 8, 72],
      [4, 2, 32],
      [4, 8, 128],
    ]);
    expect(fig5[0]!.source).toEqual({ origin: part, cpuSeconds: null });
    expect(fig6.map((f) => [f.spec.tau, f.spec.ds, f.points.map((p) => `${p.d}/${p.k}`)])).toEqual([
      [2, [3, 4], ['3/3', '3/6', '4/4', '4/8']],
      [8, [3, 4], ['3/3', '3/6', '4/4', '4/8']],
    ]);
    const f5 = figure5(fig5);
    expect(f5.caption).toContain(
      `from ${part}, preset converged, d ∈ {3, 4}, 1 runs per point, seed 1, training CPU not recorded in the file`,
    );
    expect(figure6(fig6).panels).toHaveLength(2);
  });

  it("verify's own row comes typed from the checks' evidence, once per grid, and says it is verify's run", () => {
    const spec: GridSpec = { ...FIG5_DEFAULTS['linear-reduced'], ds: DS, taus: TAUS, runs: 4 };
    const row: Fig5Data = {
      kind: 'fig5',
      spec,
      preset: 'converged',
      points: plantedGrid(2, 9),
      source: { origin: VERIFY_ORIGIN, cpuSeconds: 384 },
    };
    // As the runner stores evidence (kappa = inf as "Infinity"), carried by both grid checks.
    const evidence = jsonSafe({ figure5: row }) as Record<string, unknown>;
    const rows = fig5FromChecks([
      { id: 'a', evidence },
      { id: 'b', evidence },
      { id: 'c', evidence: { other: 1 } },
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.spec.kappa).toBe(Infinity);
    expect(rows[0]!.points).toEqual(row.points);
    const f5 = figure5(rows);
    expect(f5.caption).toContain(
      `linear-reduced (${ARCHITECTURES['linear-reduced'].description}) from ${VERIFY_ORIGIN}, preset converged`,
    );
    expect(f5.caption).toContain(
      'Rows absent: linear (paper a 1.87), softmax (paper a 1.66), blocks2 (paper a 2.13), blocks3 (paper a 2.08).',
    );
    const bad = jsonSafe({ figure5: { ...row, spec: { ...spec, runs: 0 } } }) as Record<string, unknown>;
    expect(() => fig5FromChecks([{ id: 'x', evidence: bad }])).toThrow(
      /check x: evidence\.figure5: spec: runs must be an integer >= 1, got 0/,
    );
  });

  it('a file of a run stopped early is drawn with the d it finished', () => {
    const spec: GridSpec = { ...FIG5_DEFAULTS.blocks2, ds: [...DS, 28], taus: TAUS, runs: 4 };
    const f = join(dir, 'partial.json');
    writeFileSync(f, JSON.stringify({ spec, preset: 'converged', points: plantedGrid(2.2, 5) }));
    const [row] = readTrainedFiles([f]).fig5;
    expect(figure5([row!]).caption).toContain('preset converged, d ∈ {8, 10, 14, 20}, 4 runs per point');
  });
});
