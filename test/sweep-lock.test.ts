// The sweep output lock: one writer per file, a clear error for the second, stale locks of dead
// processes taken over, and only the holder's own lock removed on release.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { LockError, lockOutput } from '../src/sweep/lock.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'icl-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The pid of a process that has exited (so no process has it, barring reuse within the test). */
const deadPid = (): number =>
  Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

describe('sweep output lock', () => {
  it('a second writer gets a LockError naming the holder; release frees the file', () => {
    const out = join(tmp(), 'r.jsonl');
    const a = lockOutput(out);
    expect(JSON.parse(readFileSync(`${out}.lock`, 'utf8')).pid).toBe(process.pid);
    expect(() => lockOutput(out)).toThrow(LockError);
    expect(() => lockOutput(out)).toThrow(new RegExp(`being written by another sweep \\(pid ${process.pid} on `));
    a.release();
    expect(existsSync(`${out}.lock`)).toBe(false);
    lockOutput(out).release();
  });

  it('a lock left by a dead process on this host is stale and taken over', () => {
    const out = join(tmp(), 'r.jsonl');
    const pid = deadPid();
    writeFileSync(`${out}.lock`, JSON.stringify({ pid, host: hostname(), started: 'then' }));
    const l = lockOutput(out);
    expect(l.staleFrom).toBe(pid);
    expect(JSON.parse(readFileSync(`${out}.lock`, 'utf8')).pid).toBe(process.pid);
    l.release();
  });

  it("another host's lock is never taken over (its pid cannot be checked here)", () => {
    const out = join(tmp(), 'r.jsonl');
    writeFileSync(`${out}.lock`, JSON.stringify({ pid: 1, host: `${hostname()}-elsewhere`, started: 'then' }));
    expect(() => lockOutput(out)).toThrow(/if that run is over, remove/);
  });

  it('release leaves a lock that is no longer ours', () => {
    const out = join(tmp(), 'r.jsonl');
    const l = lockOutput(out);
    writeFileSync(`${out}.lock`, JSON.stringify({ pid: process.pid + 1, host: hostname(), started: 'now' }));
    l.release();
    expect(existsSync(`${out}.lock`)).toBe(true);
  });
});
