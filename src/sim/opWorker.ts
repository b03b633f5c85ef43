// Helper thread of ParallelOps: applies the fit's products to block 1 of the contexts on command.
import { workerData, parentPort } from 'node:worker_threads';
import { accumulate, bilinear } from './normalOperator.js';
import { CMD_ACCUMULATE, CMD_BILINEAR, CMD_EXIT, type OpWorkerData } from './parallelOps.js';

const w = workerData as OpWorkerData;
const p = w.d + 1;
const block = { n: w.hi - w.lo, d: w.d, x: w.x.subarray(w.lo * w.d, w.hi * w.d), z: w.z.subarray(w.lo * p, w.hi * p), y: new Float64Array(0) };
const r = w.r.subarray(w.lo, w.hi);
parentPort!.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(w.ctrl, 0, seen);
  seen = Atomics.load(w.ctrl, 0);
  const cmd = Atomics.load(w.ctrl, 1);
  if (cmd === CMD_EXIT) break;
  if (cmd === CMD_BILINEAR) bilinear(block, w.v, r);
  else if (cmd === CMD_ACCUMULATE) accumulate(block, r, w.out);
  Atomics.store(w.ctrl, 2, seen);
  Atomics.notify(w.ctrl, 2);
}
