// An advisory lock on a sweep's output file: FILE.lock, created exclusively, holds the writer's pid
// and host. A second writer on the same file gets a LockError naming the holder; a lock whose process
// is gone (same host, pid not running) is stale and is taken over. Two journals appending to one file
// would interleave their lines, so the lock is taken before the journal is opened.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { reason } from '../io/files.js';

export class LockError extends Error {
  override name = 'LockError';
}

export interface Lock {
  file: string;
  /** The pid of a dead holder whose lock was taken over, if any. */
  staleFrom?: number;
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  started: string;
}

/** True when `pid` is a running process on this host (EPERM: it exists but is someone else's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockFile: string): Holder | undefined {
  try {
    const v = JSON.parse(readFileSync(lockFile, 'utf8')) as Partial<Holder>;
    return typeof v.pid === 'number' && typeof v.host === 'string'
      ? { pid: v.pid, host: v.host, started: String(v.started ?? '?') }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Takes FILE.lock for `file`, or throws a LockError saying who holds it. */
export function lockOutput(file: string): Lock {
  const lockFile = `${file}.lock`;
  let staleFrom: number | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new LockError(`cannot open '${file}' for writing: ${reason(err)}`);
      const h = readHolder(lockFile);
      const here = hostname();
      if (h !== undefined && h.host === here && !alive(h.pid) && attempt === 0) {
        // The holder died without releasing (killed): the lock is stale.
        staleFrom = h.pid;
        rmSync(lockFile, { force: true });
        continue;
      }
      const who = h === undefined ? 'an unreadable lock' : `pid ${h.pid} on ${h.host}, since ${h.started}`;
      throw new LockError(
        `'${file}' is being written by another sweep (${who}; lock file ` +
          `'${lockFile}'): wait for it to finish or use another ` +
          `--out${h !== undefined && h.host !== here ? `; if that run is over, remove '${lockFile}'` : ''}`,
      );
    }
    try {
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }) + '\n');
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      file: lockFile,
      ...(staleFrom !== undefined ? { staleFrom } : {}),
      release() {
        if (released) return;
        released = true;
        // Remove only our own lock (a stale-lock takeover elsewhere may have replaced it).
        if (readHolder(lockFile)?.pid === process.pid) rmSync(lockFile, { force: true });
      },
    };
  }
  throw new LockError(`'${file}': the stale lock '${lockFile}' could not be replaced`);
}
