// File output that survives crashes and explains failures: `mkdir -p` that cannot hang, atomic
// fsynced writes, writability probes, and one-line errno messages.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';

export class OutputError extends Error {
  override name = 'OutputError';
}

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdirSync(dir, { recursive: true })` never returns
 * for some paths (e.g. under /proc, where mkdir keeps answering ENOENT): a level that cannot be made
 * must be an error, not a hang.
 */
function makeDirs(dir: string): void {
  const path = resolve(dir);
  const parent = dirname(path);
  if (parent !== path) {
    let parentExists = true;
    try {
      statSync(parent);
    } catch {
      parentExists = false;
    }
    if (!parentExists) makeDirs(parent);
  }
  try {
    mkdirSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(path).isDirectory()) throw err;
  }
}

/** Creates `dir` if needed and proves it writable by writing and removing a probe file. */
export function ensureWritableDir(dir: string, what: string): void {
  try {
    makeDirs(dir);
    const probe = join(dir, `.icl-verify-probe-${process.pid}`);
    writeAtomic(probe, '');
    rmSync(probe);
  } catch (err) {
    throw new OutputError(`${what} '${dir}' cannot be written: ${reason(err)}`);
  }
}

/** The directory that will hold `file` must be writable, and `file` must not be a directory. */
export function ensureWritableFile(file: string, what: string): void {
  try {
    ensureWritableDir(dirname(resolve(file)), 'directory');
  } catch (err) {
    throw new OutputError(`${what} '${file}' cannot be written: its ${(err as Error).message}`);
  }
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    // Absent: fine, it will be created.
  }
  if (isDir) throw new OutputError(`${what} '${file}' cannot be written: it is a directory`);
}

/**
 * Write to a temporary file, fsync, rename: readers never see a half-written file. The temporary name
 * is unique per process and thread, so concurrent writers of one file never share it.
 */
export function writeAtomic(file: string, content: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}-${threadId}`;
  const fd = openSync(tmp, 'w');
  try {
    if (typeof content === 'string') writeSync(fd, content);
    else writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

const EXPLAIN: Record<string, string> = {
  ENOTDIR: 'a parent is not a directory',
  EEXIST: 'exists and is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOSPC: 'no space left on device',
  EISDIR: 'is a directory',
};

export function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string')
    return `${e.code}: ${EXPLAIN[e.code] ?? e.message}${e.path ? ` (${e.syscall ?? 'io'} ${e.path})` : ''}`;
  return err instanceof Error ? err.message : String(err);
}

/** A new file's directory entry must be durable too. */
export function syncDir(file: string): void {
  let dfd: number | undefined;
  try {
    dfd = openSync(dirname(file), 'r');
    fsyncSync(dfd);
  } catch {
    // Some filesystems refuse fsync on directories; the data itself is still fsynced per line.
  } finally {
    if (dfd !== undefined) closeSync(dfd);
  }
}
