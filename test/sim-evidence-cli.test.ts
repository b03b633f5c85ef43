// Processes sharing an evidence store: two concurrent writers and a kill mid-write leave a store every
// later run reads whole; a planted fault is part of the key; flag misuse is one line and exit 2.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './support/cli.js';
import { scratchDir, storeEntries } from './support/evidence.js';

const scratch = scratchDir('icl-evidence-');

const simAt = (d: number) => `simulate --d ${d} --alpha 2 --kappa 0.5 --tau 2 --rho 0.1 --lambda 0.01`.split(' ');
const SIM = simAt(16);

function cliIn(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: scratch.path,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The estimates a text run printed (its time and the store's counts left out). */
const estimates = (stdout: string) => stdout.split('\n').filter((l) => /^(e_ICL|e_IDG|g_task)/.test(l));

describe('evidence store across processes', () => {
  it('two concurrent writers of the same replicates: both finish, and the store reads back whole', async () => {
    const args = [...SIM, '--replicates', '16', '--workers', '1', '--evidence', 'ev'];
    const run = () =>
      new Promise<{ code: number | null; out: string }>((res) => {
        const child = spawn(process.execPath, [BIN, ...args], {
          cwd: scratch.path,
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        let out = '';
        child.stdout.on('data', (b: Buffer) => (out += b.toString()));
        child.on('exit', (code) => res({ code, out }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const plain = cliIn([...SIM, '--replicates', '16', '--no-evidence']);
    expect(estimates(a.out)).toEqual(estimates(plain.stdout));
    expect(estimates(b.out)).toEqual(estimates(plain.stdout));
    expect(storeEntries(join(scratch.path, 'ev'))).toHaveLength(16);
    const again = cliIn(args);
    expect(again.stdout).toContain('16 read back from, 0 written to');
    expect(estimates(again.stdout)).toEqual(estimates(plain.stdout));
  });

  it('SIGKILL mid-run: every finished replicate is kept, leftovers are ignored, and a rerun computes only the rest', async () => {
    const child = spawn(process.execPath, [BIN, ...SIM, '--replicates', '400', '--workers', '1', '--evidence', 'ev'], {
      cwd: scratch.path,
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_c, sig) => res(sig)));
    const t0 = Date.now();
    while (storeEntries(join(scratch.path, 'ev')).length < 3) {
      if (Date.now() - t0 > 30_000) throw new Error('simulate wrote nothing in 30 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const files = storeEntries(join(scratch.path, 'ev'));
    const kept = files.length;
    expect(kept).toBeLessThan(400);
    // What a kill inside a write leaves: a temporary file beside the entries.
    writeFileSync(`${files[0]}.tmp-999999-0`, '{"key":');
    const want = kept + 2;
    const rerun = cliIn([...SIM, '--replicates', String(want), '--workers', '1', '--evidence', 'ev']);
    expect(rerun.status).toBe(0);
    // The kill may land between a replicate's rename and the next: all that were renamed are whole.
    expect(rerun.stdout).toContain(`${kept} read back from, 2 written to`);
    expect(estimates(rerun.stdout)).toEqual(
      estimates(cliIn([...SIM, '--replicates', String(want), '--no-evidence']).stdout),
    );
    const stats = cliIn(['evidence', 'stats', '--evidence', 'ev', '--json']);
    expect(stats.status).toBe(0);
    const parsed = JSON.parse(stats.stdout) as { codes: { entries: number; temporary: number }[] };
    expect(parsed.codes.map((c) => [c.entries, c.temporary])).toEqual([[want, 1]]);
    expect(cliIn(['evidence', 'prune', '--evidence', 'ev']).stdout).toContain('1 temporary');
    expect(existsSync(`${files[0]}.tmp-999999-0`)).toBe(false);
  });

  it('flag misuse is one line and exit 2', () => {
    const noStore = cliIn([...simAt(8), '--no-evidence', '--accumulate']);
    expect(noStore.status).toBe(2);
    expect(noStore.stderr).toMatch(/--accumulate needs the evidence store/);
    const heldNoStore = cliIn([...simAt(8), '--no-evidence', '--all-held']);
    expect([heldNoStore.status, heldNoStore.stderr]).toEqual([
      2,
      expect.stringMatching(/--all-held needs the evidence store/),
    ]);
    const uses = cliIn([...simAt(8), '--evidence', 'ev', '--all-held', '--accumulate']);
    expect([uses.status, uses.stderr]).toEqual([
      2,
      expect.stringMatching(/--all-held and --accumulate exclude each other/),
    ]);
    const both = cliIn(['verify', '--quick', '--no-evidence', '--evidence', 'ev']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--evidence and --no-evidence exclude each other/);
    const verb = cliIn(['evidence', 'clean']);
    expect([verb.status, verb.stderr.trim()]).toEqual([
      2,
      "icl-verify evidence: unknown verb 'clean' (stats, prune or merge)",
    ]);
    const days = cliIn(['evidence', 'prune', '--older-than', '-1']);
    expect(days.status).toBe(2);
    expect(days.stderr).toMatch(/--older-than must be a number > 0, got '-1'/);
  });

  it('an unwritable default store is skipped with one line; an unwritable --evidence is an error', () => {
    const args = [...simAt(6), '--replicates', '2'];
    const skipped = cliIn(args, { XDG_CACHE_HOME: '/proc/icl-verify-nope' });
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toContain(
      "evidence store '/proc/icl-verify-nope/icl-verify/evidence' cannot be written: ENOENT: no " +
        'such file or directory (mkdir /proc/icl-verify-nope); running without the evidence store',
    );
    expect(estimates(skipped.stdout)).toEqual(estimates(cliIn([...args, '--no-evidence']).stdout));
    const refused = cliIn([...args, '--evidence', '/proc/icl-verify-nope']);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^icl-verify simulate: evidence must be a writable directory/);
  });

  it('a planted fault is part of the key: a faulted run reads none of the unfaulted replicates', () => {
    const args = [...simAt(8), '--replicates', '4', '--evidence', 'ev'];
    const plain = cliIn(args);
    expect(plain.stdout).toContain('0 read back from, 4 written to');
    const faulted = cliIn(args, { ICL_VERIFY_FAULT: 'gamma-1.02' });
    expect(faulted.stdout).toContain('0 read back from, 4 written to');
    expect(estimates(faulted.stdout)).not.toEqual(estimates(plain.stdout));
  });
});
