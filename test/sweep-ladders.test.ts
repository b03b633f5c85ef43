// The sweep's "ladders" and "checkFormula" parts: three shards, each with its own evidence store,
// merged with `evidence merge`, give verify and check-formula every replicate back (none computed)
// and the same numbers as a run without a store; a rerun of a shard computes only what its store
// lacks; the shards split the replicates without overlap; spec mistakes are one line and exit 2.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLadders } from '../src/checks/sim.js';
import { shardPoints } from '../src/sweep/points.js';
import { ladderRungs, replicateUnits } from '../src/sweep/ladders.js';
import { BIN, cliIn, ROOT } from './support/cli.js';
import { storeEntries } from './support/evidence.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'icl-sweep-ladders-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LADDER = 'fig2a.idg.tau0.5';
const SEED = 20250711;

const entries = (store: string): string[] => storeEntries(join(dir, store));

/** Runs shards 1/3, 2/3, 3/3 of a spec at once (each its own store), then merges them; returns the shards' lines. */
async function shardsMerged(spec: string, prefix: string): Promise<string[]> {
  const shard = (i: number) =>
    new Promise<{ status: number | null; stderr: string }>((res) => {
      const args = ['sweep', spec, '--shard', `${i}/3`, '--evidence', `${prefix}-${i}`, '--workers', '1'];
      const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('exit', (status) => res({ status, stderr }));
    });
  const runs = await Promise.all([1, 2, 3].map(shard));
  for (const r of runs) expect(r.status, r.stderr).toBe(0);
  const m = cliIn(dir, [
    'evidence',
    'merge',
    `${prefix}-1`,
    `${prefix}-2`,
    `${prefix}-3`,
    '--evidence',
    `${prefix}-merged`,
  ]);
  expect(m.status, m.stderr).toBe(0);
  return runs.map((r) => r.stderr.trim());
}

/** Seconds a test of several CLI processes may take on a loaded 2-core machine (a few CPU-seconds each). */
const SLOW = 600_000;

describe('sweep ladders part', () => {
  it('units: the shards split every replicate of the ladders evenly and without overlap; rounds multiply the streams', () => {
    const jobs = verifyLadders(true, SEED, [LADDER]).map((l) => ({ ...l, label: l.id }));
    const [job] = jobs;
    expect(job!.ds).toEqual([16, 24, 32, 48]);
    const units = replicateUnits(ladderRungs(jobs, 1));
    const total = job!.replicates.reduce((a, b) => a + b, 0);
    expect(units).toHaveLength(total);
    const shards = [1, 2, 3].map((index) => shardPoints(units, { index, count: 3 }));
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const ids = shards.flat().map((u) => `${u.rung.d}/${u.replicate}`);
    expect(new Set(ids).size).toBe(total);
    // Every rung spreads over all three shards (a rung has at least 8 replicates).
    for (const s of shards) expect(new Set(s.map((u) => u.rung.d))).toEqual(new Set(job!.ds));
    const twice = replicateUnits(ladderRungs(jobs, 2));
    expect(twice).toHaveLength(2 * total);
    expect(twice.filter((u) => u.rung.d === 16).map((u) => u.replicate)).toEqual(
      Array.from({ length: 2 * job!.replicates[0]! }, (_, r) => r),
    );
  });

  it(
    'verify reads every replicate of three merged shards back and states the same numbers as without a store',
    async () => {
      writeFileSync(join(dir, 'verify.json'), JSON.stringify({ ladders: { quick: true, seed: SEED, only: [LADDER] } }));
      const lines = await shardsMerged('verify.json', 'v');
      const counts = lines.map((l) =>
        Number(/: (\d+) of (\d+) ladder replicates; 0 already in .*, \1 computed/.exec(l)![1]),
      );
      const total = Number(/ of (\d+) ladder replicates/.exec(lines[0]!)![1]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(entries('v-merged')).toHaveLength(total);

      const verify = (store: string[]) =>
        cliIn(dir, [
          'verify',
          '--quick',
          '--only',
          `sim.extrapolation.${LADDER}`,
          '--figures',
          'none',
          '--json',
          ...store,
        ]);
      const stored = verify(['--report', 'r1', '--evidence', 'v-merged']);
      expect(stored.status, stored.stderr).toBe(0);
      expect(stored.stderr).toContain(`the ladders used ${total} replicates, ${total} read back, 0 computed`);
      const plain = verify(['--report', 'r2', '--no-evidence']);
      expect(plain.status, plain.stderr).toBe(0);
      // The numbers (means, errors, fits, z), without the run's seconds and the store's own description.
      const numbers = (stdout: string) => {
        const ev = (JSON.parse(stdout) as { checks: { evidence: Record<string, unknown> }[] }).checks[0]!.evidence;
        const runs = (ev.runs as Record<string, unknown>[]).map(({ seconds: _s, ...r }) => r);
        return { comparisons: ev.comparisons, runs, replicates: ev.replicates };
      };
      expect(numbers(stored.stdout)).toEqual(numbers(plain.stdout));

      // A rerun of a shard computes nothing; with two of its replicates gone (a kill), just those.
      const again = cliIn(dir, ['sweep', 'verify.json', '--shard', '2/3', '--evidence', 'v-2', '--workers', '1']);
      expect(again.stderr).toContain(`: ${counts[1]} of ${total} ladder replicates; ${counts[1]} already in`);
      for (const f of entries('v-2').slice(0, 2)) rmSync(f);
      const resumed = cliIn(dir, ['sweep', 'verify.json', '--shard', '2/3', '--evidence', 'v-2', '--workers', '1']);
      expect(resumed.stderr).toMatch(new RegExp(`; ${counts[1]! - 2} already in .*, 2 computed`));
      // What it computed again is what the merged store holds: merging it back finds them equal.
      const m = cliIn(dir, ['evidence', 'merge', 'v-2', '--evidence', 'v-merged']);
      expect(m.stdout).toContain(`0 entries copied, ${counts[1]} already held`);
    },
    SLOW,
  );

  it(
    "check-formula reads every replicate of its plan's ladders back from merged shards, with the same evidence",
    async () => {
      copyFileSync(join(ROOT, 'examples/candidates/eIDG-rewritten.txt'), join(dir, 'cand.txt'));
      const part = { file: 'cand.txt', seed: 3, budgetSeconds: 5 };
      writeFileSync(join(dir, 'formula.json'), JSON.stringify({ checkFormula: part }));
      const lines = await shardsMerged('formula.json', 'f');
      const total = Number(/ of (\d+) ladder replicates/.exec(lines[0]!)![1]);
      const check = (store: string[]) =>
        cliIn(dir, [
          'check-formula',
          'cand.txt',
          '--seed',
          '3',
          '--budget-seconds',
          '5',
          '--exhaustive',
          '--json',
          ...store,
        ]);
      const stored = check(['--evidence', 'f-merged']);
      expect(stored.stderr).toContain(`the ladders used ${total} replicates, ${total} read back, 0 computed`);
      const plain = check(['--no-evidence']);
      expect(stored.status).toBe(plain.status);
      const numbers = (stdout: string) =>
        (JSON.parse(stdout) as { evidence: Record<string, unknown>[] }).evidence.map((e) => [
          e.name,
          e.pass,
          e.expected,
          e.stderr,
          e.z,
        ]);
      const got = numbers(stored.stdout);
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(numbers(plain.stdout));
    },
    SLOW,
  );

  const bad: Array<[string, unknown, string[], RegExp]> = [
    [
      'unknown key',
      { ladders: { seed: 1, fast: true } },
      [],
      /unknown key "ladders\.fast" \(allowed in ladders: seed, quick, only, rounds\)/,
    ],
    [
      'no seed',
      { ladders: { quick: true } },
      [],
      /ladders\.seed is missing \(an integer in \[0, 4294967295\], as verify --seed\)/,
    ],
    [
      'quick not a boolean',
      { ladders: { seed: 1, quick: 'yes' } },
      [],
      /ladders\.quick must be true or false, got the string "yes"/,
    ],
    [
      'rounds 0',
      { ladders: { seed: 1, rounds: 0 } },
      [],
      /ladders\.rounds must be an integer in \[1, 1000\], got number 0/,
    ],
    [
      'only repeats',
      { ladders: { seed: 1, only: [LADDER, LADDER] } },
      [],
      /ladders\.only\[1\] repeats "fig2a\.idg\.tau0\.5"/,
    ],
    [
      'only names no ladder',
      { ladders: { seed: 1, only: ['fig9'] } },
      [],
      /ladders\.only\[0\] "fig9" is not a ladder of verify \(one of: fig1a\.alpha1\.tau0\.5, /,
    ],
    [
      'budget below 5 s',
      { checkFormula: { file: 'cand.txt', seed: 1, budgetSeconds: 2 } },
      [],
      /checkFormula\.budgetSeconds must be an integer in \[5, 86400\], got number 2/,
    ],
    [
      'a missing candidate file',
      { checkFormula: { file: 'nope.txt', seed: 1 } },
      [],
      /checkFormula\.file: cannot read '.*nope\.txt': ENOENT/,
    ],
    [
      'a candidate that does not parse',
      { checkFormula: { file: 'broken.txt', seed: 1 } },
      [],
      /checkFormula\.file: broken\.txt:2:11: expected a number, a name or '\(', found end of line$/,
    ],
    [
      '--out without lines',
      { ladders: { seed: 1 } },
      ['--out', 'x.jsonl'],
      /--out is the journal of theory, simulate and train lines; bad\.json has none/,
    ],
    [
      '--evidence without ladders',
      { theory: { alpha: [1], kappa: [0.5], tau: [0.5], rho: [0.01], lambda: [0] } },
      [],
      /--evidence is the store of a "ladders" or "checkFormula" part; bad\.json has neither/,
    ],
    [
      'rounds names no ladder',
      { ladders: { seed: 1, rounds: { [LADDER]: 2, fig9: 3 } } },
      [],
      /ladders\.rounds names "fig9" is not a ladder of verify/,
    ],
    [
      'rounds per ladder not an integer',
      { ladders: { seed: 1, rounds: { [LADDER]: 1.5 } } },
      [],
      /ladders\.rounds\.fig2a\.idg\.tau0\.5 must be an integer in \[1, 1000\], got number 1\.5/,
    ],
  ];
  for (const [name, spec, flags, re] of bad) {
    it(`spec mistake, exit 2 with one line: ${name}`, () => {
      writeFileSync(join(dir, 'broken.txt'), 'target: eICL\nexpr = 1 +\n');
      writeFileSync(join(dir, 'bad.json'), JSON.stringify(spec));
      const r = cliIn(dir, ['sweep', 'bad.json', '--evidence', 'ev', ...flags]);
      expect(r.status, r.stderr).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^icl-verify sweep: /);
      expect(lines[0]).toMatch(re);
    });
  }
});
