// Runs independent replicates (by stream index) on worker threads (or in process when the compiled worker is absent,
// e.g. under vitest from TypeScript sources). Results are stored by replicate index, so they do not
// depend on the number of workers or on the order in which workers finish.
//
// The workers live for the whole process and are reused by every call: starting one (loading the
// modules, warming the JIT up) costs ~0.1 s, which a ladder of small simulations would otherwise pay
// per d. They are unref'd while idle, so they never keep the process alive.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../numeric/domain.js';
import { runReplicate, runReplicateTwoThreads, type ReplicateResult, type SimSpec } from './replicate.js';

/** Worker threads when none are asked for: the machines this runs on have at least two cores. */
export const DEFAULT_WORKERS = 2;
/** Most worker threads a command accepts. */
export const MAX_WORKERS = 256;

const workerUrl = new URL('./worker.js', import.meta.url);

/** True when replicates can run on worker threads (the compiled worker file exists). */
const workersAvailable = (): boolean =>
  workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl)) && import.meta.url.endsWith('.js');

interface Task {
  spec: SimSpec;
  replicate: number;
  resolve: (r: ReplicateResult) => void;
  reject: (e: Error) => void;
}

type Reply = {
  job: number;
  result?: ReplicateResult;
  error?: { message: string; domain?: { parameter: string; allowed: string; got: string } };
};

/** A worker runs one task at a time; `job` routes its reply, so concurrent calls never mix. */
class PoolWorker {
  private current: { job: number; task: Task } | undefined;
  private static nextJob = 0;
  readonly thread = new Worker(workerUrl);

  constructor(
    private readonly onFree: (w: PoolWorker) => void,
    private readonly onDead: (w: PoolWorker) => void,
  ) {
    this.thread.unref();
    this.thread.on('message', (m: Reply) => {
      const cur = this.current;
      if (!cur || m.job !== cur.job) return;
      this.current = undefined;
      this.thread.unref();
      if (m.error) {
        const d = m.error.domain;
        cur.task.reject(d ? new DomainError(d.parameter, d.allowed, d.got) : new Error(m.error.message));
      } else cur.task.resolve(m.result!);
      this.onFree(this);
    });
    const die = (err: Error) => {
      this.current?.task.reject(err);
      this.current = undefined;
      this.onDead(this);
    };
    this.thread.on('error', die);
    this.thread.on('exit', (code) => die(new Error(`replicate worker exited with code ${code}`)));
  }

  get idle(): boolean {
    return this.current === undefined;
  }

  start(task: Task): void {
    const job = PoolWorker.nextJob++;
    this.current = { job, task };
    this.thread.ref(); // a pending reply keeps the process alive
    this.thread.postMessage({ job, spec: task.spec, replicate: task.replicate });
  }
}

const pool: PoolWorker[] = [];
const queue: Task[] = [];

function dispatch(): void {
  for (const w of pool) {
    if (queue.length === 0) return;
    if (w.idle) w.start(queue.shift()!);
  }
}

function ensureWorkers(count: number): void {
  while (pool.length < count) {
    pool.push(
      new PoolWorker(dispatch, (dead) => {
        const i = pool.indexOf(dead);
        if (i >= 0) pool.splice(i, 1);
        dispatch();
      }),
    );
  }
}

/** One replicate on a pooled worker (queued until one is free). */
function runOnPool(spec: SimSpec, replicate: number): Promise<ReplicateResult> {
  return new Promise((resolve, reject) => {
    queue.push({ spec, replicate, resolve, reject });
    dispatch();
  });
}

/**
 * The replicates with stream indices `indices`, in that order. `onDone` is called as each finishes
 * (with how many have, its index and its result), e.g. to store it before the others are done.
 */
export async function runReplicates(
  spec: SimSpec,
  indices: readonly number[],
  workers: number,
  onDone?: (done: number, replicate: number, result: ReplicateResult) => void,
): Promise<ReplicateResult[]> {
  const out: ReplicateResult[] = new Array(indices.length);
  const count = Math.min(workers, indices.length);
  if (count <= 1 || !workersAvailable()) {
    // One replicate with two threads to spare: split its fit instead (same result bit for bit).
    const split = indices.length === 1 && workers >= 2;
    for (const [i, r] of indices.entries()) {
      out[i] = split ? await runReplicateTwoThreads(spec, r) : runReplicate(spec, r);
      onDone?.(i + 1, r, out[i]);
    }
    return out;
  }
  ensureWorkers(count);
  // At most `count` replicates of this call in flight: the call uses the parallelism it asked for.
  let next = 0;
  let done = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < indices.length) {
      const i = next++;
      try {
        out[i] = await runOnPool(spec, indices[i]!);
      } catch (err) {
        failed = true; // the other lanes stop taking replicates of this call
        throw err;
      }
      onDone?.(++done, indices[i]!, out[i]);
    }
  };
  await Promise.all(Array.from({ length: count }, lane));
  return out;
}
