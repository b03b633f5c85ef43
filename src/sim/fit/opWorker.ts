// Helper thread of ParallelOps: applies the fit's products to block 1 of the contexts on command.
import { workerData, parentPort } from 'node:worker_threads';
import { blockOperator } from './normalOperator.js';
import { CMD_ACCUMULATE, CMD_BILINEAR, CMD_EXIT, type OpWorkerData } from './parallelOps.js';

const w = workerData as OpWorkerData;
const block = blockOperator(w, w.lo, w.hi);
const r = w.r.subarray(w.lo, w.hi);
parentPort!.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(w.ctrl, 0, seen);
  seen = Atomics.load(w.ctrl, 0);
  const cmd = Atomics.load(w.ctrl, 1);
  if (cmd === CMD_EXIT) break;
  if (cmd === CMD_BILINEAR) block.bilinear(w.v, r);
  else if (cmd === CMD_ACCUMULATE) block.accumulate(r, w.out);
  Atomics.store(w.ctrl, 2, seen);
  Atomics.notify(w.ctrl, 2);
}
