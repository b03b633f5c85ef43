// The SLURM scripts of docs/cluster.md, run locally: each array task as its own process with the
// environment SLURM gives it, then the merge script; the result equals a single unsharded run, and
// the merge refuses to finish when a shard is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliIn, ROOT } from './support/cli.js';

const doc = readFileSync(join(ROOT, 'docs/cluster.md'), 'utf8');
function script(name: string): string {
  const m = new RegExp(`<!-- ${name.replace('.', '\\.')} -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!m) throw new Error(`docs/cluster.md has no script marked <!-- ${name} -->`);
  return m[1]!;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'icl-cluster-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = {
  theory: { alpha: [1, 10, 'inf'], kappa: [0.5, 'inf'], tau: [0.5, 2], rho: [0.01, 0.1], lambda: [0, 0.1] },
  simulate: { d: [6], alpha: [2], kappa: [0.5, 'inf'], tau: [1.5], rho: [0.1], lambda: [0.5], replicates: 2, seed: 5 },
};

const bash = (file: string, env: Record<string, string>) =>
  spawnSync('bash', [file], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ICL_VERIFY_HOME: ROOT, SHARDS: '3', SPEC: 'spec.json', ...env },
  });

describe('docs/cluster.md SLURM scripts', () => {
  it('array tasks then the merge job reproduce a single run exactly', () => {
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    writeFileSync(join(dir, 'sweep.sbatch'), script('sweep.sbatch'));
    writeFileSync(join(dir, 'merge.sbatch'), script('merge.sbatch'));
    for (const id of ['1', '2', '3']) {
      const r = bash('sweep.sbatch', { SLURM_ARRAY_TASK_ID: id, SLURM_CPUS_PER_TASK: '1' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(`sweep: shard ${id}/3:`);
    }
    const m = bash('merge.sbatch', {});
    expect(m.status, m.stderr).toBe(0);
    expect(m.stderr).toContain('every point of spec.json present');
    const single = cliIn(dir, ['sweep', 'spec.json', '--workers', '1']);
    expect(single.status).toBe(0);
    writeFileSync(join(dir, 'single.jsonl'), single.stdout);
    expect(cliIn(dir, ['merge', 'single.jsonl', '--out', 'single-sorted.jsonl']).status).toBe(0);
    expect(readFileSync(join(dir, 'results/merged.jsonl'), 'utf8')).toBe(
      readFileSync(join(dir, 'single-sorted.jsonl'), 'utf8'),
    );
  });

  it('the merge job fails, saying how many points are missing, when a shard never ran', () => {
    rmSync(join(dir, 'results/shard-2-of-3.jsonl'));
    const m = bash('merge.sbatch', {});
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(
      /^icl-verify merge: 17 of the 50 points of spec\.json have no result \(a shard did not run or did not finish\), e\.g\. /,
    );
  });

  it('the array script refuses to run outside an array', () => {
    const r = bash('sweep.sbatch', {});
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('submit as a job array');
  });
});
