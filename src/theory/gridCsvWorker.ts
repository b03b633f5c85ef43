// A worker thread of gridCsvParallel.ts: formats the blocks of a float64 grid it is given credit for,
// as CSV bytes, and posts each block back (the buffers transferred, not copied).
import { parentPort, workerData } from 'node:worker_threads';
import { gridCsvChunks } from './gridEval.js';
import type { Axis } from './grid.js';

interface Init {
  axes: Axis[];
  blocks: number[];
  blockPoints: number;
  total: number;
}

const { axes, blocks, blockPoints, total } = workerData as Init;
let next = 0;

/** One block per credit: the main thread grants credits as it writes, so memory stays bounded. */
parentPort!.on('message', () => {
  const block = blocks[next++];
  if (block === undefined) return;
  const outside = { count: 0, first: '' };
  const range = { start: block * blockPoints, end: Math.min(total, (block + 1) * blockPoints) };
  const chunks = [...gridCsvChunks({ axes, digits: null }, outside, range)];
  parentPort!.postMessage(
    { block, chunks, outside },
    chunks.map((c) => c.buffer as ArrayBuffer),
  );
});
