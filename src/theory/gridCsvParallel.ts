// A float64 grid as CSV on several worker threads, in grid order: the points are cut into blocks,
// dealt round-robin to the workers, and written as soon as every earlier block is; each worker holds
// at most CREDITS blocks ahead of the writer, so memory stays bounded however slow the sink. The bytes
// are those of gridCsvChunks on one thread (tested), the count of points outside the domain and the
// first reason too. Without the compiled worker file (tests running from source) it runs on one thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gridCsvChunks, type GridRequest, type OutsideTally } from './gridEval.js';

const workerUrl = new URL('./gridCsvWorker.js', import.meta.url);
const workersAvailable = (): boolean =>
  workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl)) && import.meta.url.endsWith('.js');

/** Points per block: a few MB of CSV, many blocks per worker on a 10⁶-point grid. */
export const BLOCK_POINTS = 32_768;
/** Blocks a worker may have formatted and not yet written. */
const CREDITS = 2;

interface Block {
  block: number;
  chunks: Uint8Array[];
  outside: OutsideTally;
}

/**
 * The grid's CSV bytes in order, formatted by `workers` threads (one thread below two blocks or one
 * worker). `pool`: chunks the consumer has written, to be filled again (gridCsvChunks).
 */
export async function* gridCsvParallel(
  req: GridRequest,
  workers: number,
  outside: OutsideTally = { count: 0, first: '' },
  blockPoints = BLOCK_POINTS,
  pool?: Uint8Array[],
): AsyncGenerator<Uint8Array> {
  const total = req.axes.reduce((n, a) => n * a.values.length, 1);
  const blocks = Math.ceil(total / blockPoints);
  if (workers < 2 || blocks < 2 || !workersAvailable()) {
    yield* gridCsvChunks(req, outside, undefined, pool);
    return;
  }
  const n = Math.min(workers, blocks);
  const done = new Map<number, Block>();
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const threads = Array.from({ length: n }, (_, w) => {
    const mine = Array.from({ length: Math.ceil((blocks - w) / n) }, (_, i) => w + i * n);
    const t = new Worker(workerUrl, { workerData: { axes: req.axes, blocks: mine, blockPoints, total } });
    t.on('message', (b: Block) => {
      done.set(b.block, b);
      wake?.();
    });
    t.on('error', (err) => {
      failure = err;
      wake?.();
    });
    for (let i = 0; i < CREDITS; i++) t.postMessage(0);
    return t;
  });
  try {
    for (let next = 0; next < blocks; next++) {
      while (!done.has(next)) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const b = done.get(next)!;
      done.delete(next);
      threads[next % n]!.postMessage(0);
      if (b.outside.count > 0 && outside.count === 0) outside.first = b.outside.first;
      outside.count += b.outside.count;
      yield* b.chunks;
    }
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}
