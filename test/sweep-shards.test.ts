// Sweeps as a cluster runs them: shards in separate processes merge to exactly the single run; a
// SIGKILL mid-run (and a torn last line) loses nothing already written and a rerun finishes only
// what is missing; a point's result does not depend on the rest of the grid.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridPoints, shardPoints } from '../src/sweep/points.js';
import { parseSpec } from '../src/sweep/spec.js';
import { BIN, cliIn, pointFlags } from './support/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'icl-sweep-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 24 theory points (float64, including α = ∞ and κ = ∞) and 4 small simulations.
const spec = {
  theory: { alpha: [1, 10, 'inf'], kappa: [0.5, 'inf'], tau: [0.5, 2], rho: [0.01], lambda: [0, 0.1] },
  simulate: {
    d: [6, 8],
    alpha: [2],
    kappa: [0.5, 'inf'],
    tau: [1.5],
    rho: [0.1],
    lambda: [0.5],
    replicates: 2,
    seed: 11,
  },
};
const lines = (f: string): string[] => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean);

describe('sharded sweep', () => {
  it('shards run as separate processes merge to exactly the single run', () => {
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const single = cliIn(dir, ['sweep', 'spec.json', '--out', 'single.jsonl']);
    expect(single.status, single.stderr).toBe(0);
    expect(lines('single.jsonl').length).toBe(28);
    for (let i = 1; i <= 3; i++) {
      // One worker thread here, two in the single run: results must not depend on it.
      const r = cliIn(dir, ['sweep', 'spec.json', '--shard', `${i}/3`, '--out', `shard${i}.jsonl`, '--workers', '1']);
      expect(r.status, r.stderr).toBe(0);
    }
    const sizes = [1, 2, 3].map((i) => lines(`shard${i}.jsonl`).length);
    expect(sizes).toEqual([10, 9, 9]);
    expect(cliIn(dir, ['merge', 'shard3.jsonl', 'shard1.jsonl', 'shard2.jsonl', '--out', 'merged.jsonl']).status).toBe(
      0,
    );
    expect(cliIn(dir, ['merge', 'single.jsonl', '--out', 'single-sorted.jsonl']).status).toBe(0);
    expect(readFileSync(join(dir, 'merged.jsonl'), 'utf8')).toBe(
      readFileSync(join(dir, 'single-sorted.jsonl'), 'utf8'),
    );
    // Same lines as the unsorted single run, not just the same sorted file.
    expect(lines('merged.jsonl').sort()).toEqual(lines('single.jsonl').sort());
    // Merging overlapping files keeps agreeing duplicates once.
    const again = cliIn(dir, ['merge', 'single.jsonl', 'shard1.jsonl', '--out', 'dup.jsonl']);
    expect(again.stderr).toContain('10 agreeing duplicates');
    expect(readFileSync(join(dir, 'dup.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'single-sorted.jsonl'), 'utf8'));
  });

  it('theory lines are what `eval --json` prints and simulate lines what `simulate --json` prints (less its timing)', () => {
    const all = lines('single.jsonl').map((l) => JSON.parse(l));
    const t = all.find(
      (l) => l.kind === 'theory' && l.params.alpha === 'inf' && l.params.kappa === '0.5' && l.params.lambda === '0',
    )!;
    const { kind, ...rest } = t;
    expect(kind).toBe('theory');
    const e = cliIn(dir, [
      'eval',
      '--alpha',
      'inf',
      '--kappa',
      '0.5',
      '--tau',
      t.params.tau,
      '--rho',
      '0.01',
      '--lambda',
      '0',
      '--json',
    ]);
    expect(rest).toEqual(JSON.parse(e.stdout));
    const s = all.find((l) => l.kind === 'simulate' && l.d === '6' && l.params.kappa === 'inf')!;
    const sim = cliIn(dir, [
      'simulate',
      '--d',
      '6',
      ...pointFlags({ alpha: 2, kappa: 'inf', tau: 1.5, rho: 0.1, lambda: 0.5 }),
      '--replicates',
      '2',
      '--seed',
      s.seed,
      '--workers',
      '1',
      '--json',
    ]);
    const { seconds, ...simRest } = JSON.parse(sim.stdout);
    expect(Number(seconds)).toBeGreaterThanOrEqual(0);
    const { kind: k2, params, ...sRest } = s;
    expect(k2).toBe('simulate');
    const { assignment, ...simParams } = params;
    expect(assignment).toBe('random');
    expect({ ...sRest, params: simParams }).toEqual(simRest);
  });

  it("a point's line does not depend on the rest of the grid or the order", () => {
    const sub = { simulate: { ...spec.simulate, d: [8], kappa: ['inf'] } };
    writeFileSync(join(dir, 'sub.json'), JSON.stringify(sub));
    const r = cliIn(dir, ['sweep', 'sub.json', '--workers', '1']);
    expect(r.status).toBe(0);
    const line = r.stdout.trim();
    expect(lines('single.jsonl')).toContain(line);
  });

  it('shards partition the grid whatever N', () => {
    const points = gridPoints(parseSpec(JSON.stringify(spec), 'spec.json'));
    for (const n of [1, 2, 5, 28, 40]) {
      const keys = Array.from({ length: n }, (_, i) =>
        shardPoints(points, { index: i + 1, count: n }).map((p) => p.key),
      ).flat();
      expect(keys.sort()).toEqual(points.map((p) => p.key).sort());
    }
    // Distinct points get distinct seeds.
    const seeds = points.filter((p) => p.kind === 'simulate').map((p) => p.seed);
    expect(new Set(seeds).size).toBe(seeds.length);
  });
});

describe('killed sweep', () => {
  it('SIGKILL mid-run plus a torn last line: nothing written is lost and the rerun does only the rest', async () => {
    // 120 theory points at 40 digits, each line fsynced: about a second, so the kill lands mid-run.
    const big = {
      theory: {
        alpha: [0.5, 1, 2, 10, 100],
        kappa: [0.2, 0.5, 2, 'inf'],
        tau: [0.3, 1.5, 4, 10, 100],
        rho: [0.01, 0.5],
        lambda: [0.1],
        digits: 40,
      },
    };
    writeFileSync(join(dir, 'big.json'), JSON.stringify(big));
    const N = 200;
    const out = join(dir, 'killed.jsonl');
    const child = spawn(process.execPath, [BIN, 'sweep', 'big.json', '--out', 'killed.jsonl'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, sig) => res(sig)));
    const t0 = Date.now();
    while (!(existsSync(out) && readFileSync(out, 'utf8').split('\n').length > 20)) {
      if (Date.now() - t0 > 30_000) throw new Error('sweep wrote nothing in 30 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = readFileSync(out, 'utf8');
    const complete = before.slice(0, before.lastIndexOf('\n') + 1);
    const kept = complete.split('\n').filter(Boolean).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(N);
    // Whatever the kill left, also tear a line by hand, as a kill inside write() would.
    appendFileSync(out, '{"kind":"theory","params":{"alp');

    const rerun = cliIn(dir, ['sweep', 'big.json', '--out', 'killed.jsonl']);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/cut off a torn last line \(\d+ bytes\)/);
    expect(rerun.stderr).toContain(`${kept} already in killed.jsonl, ${N - kept} computed`);
    const after = readFileSync(out, 'utf8');
    expect(after.startsWith(complete)).toBe(true);
    expect(after.split('\n').filter(Boolean).length).toBe(N);

    // Equal to an uninterrupted run (on stdout, after sorting both).
    const clean = cliIn(dir, ['sweep', 'big.json']);
    expect(clean.status).toBe(0);
    writeFileSync(join(dir, 'clean.jsonl'), clean.stdout);
    expect(cliIn(dir, ['merge', 'killed.jsonl', '--out', 'k-sorted.jsonl']).status).toBe(0);
    expect(cliIn(dir, ['merge', 'clean.jsonl', '--out', 'c-sorted.jsonl']).status).toBe(0);
    expect(readFileSync(join(dir, 'k-sorted.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'c-sorted.jsonl'), 'utf8'));

    // A third run has nothing to do.
    const idle = cliIn(dir, ['sweep', 'big.json', '--out', 'killed.jsonl']);
    expect(idle.stderr).toContain(`${N} already in killed.jsonl, 0 computed`);
    expect(readFileSync(out, 'utf8')).toBe(after);
  });
});
