// The fit's two products on two threads for a single large fit (one replicate: the bench, or
// `simulate --replicates 1`). The batch is reduced as the same two blocks as the serial path
// (normalOperator.blockCut), so Γ is bit-identical either way: this thread takes block 0, a helper
// thread takes block 1 through SharedArrayBuffer views, and Atomics keep the solvers synchronous.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlockOperator } from './kernels.js';
import { blockCut, blockOperator } from './normalOperator.js';
import type { ContextBatch } from '../samplers.js';
import type { BatchOps } from './fit.js';

const workerUrl = new URL('./opWorker.js', import.meta.url);

/** Control words: [0] command sequence, [1] command, [2] sequence the helper finished. */
export const CMD_BILINEAR = 1;
export const CMD_ACCUMULATE = 2;
export const CMD_EXIT = 3;

export interface OpWorkerData {
  x: Float64Array;
  z: Float64Array;
  d: number;
  lo: number;
  hi: number;
  v: Float64Array;
  r: Float64Array;
  out: Float64Array;
  ctrl: Int32Array;
}

const shared = (len: number): Float64Array => new Float64Array(new SharedArrayBuffer(8 * len));
const isShared = (a: Float64Array): boolean => a.buffer instanceof SharedArrayBuffer;

/** True when the compiled helper exists next to this module (not under vitest from sources). */
const helperAvailable = (): boolean =>
  workerUrl.protocol === 'file:' && import.meta.url.endsWith('.js') && existsSync(fileURLToPath(workerUrl));

export class ParallelOps implements BatchOps {
  private seq = 0;
  private readonly cut: number;
  private readonly block0: BlockOperator;
  private constructor(
    private readonly b: ContextBatch,
    private readonly worker: Worker,
    private readonly v: Float64Array,
    private readonly r: Float64Array,
    private readonly out1: Float64Array,
    private readonly ctrl: Int32Array,
  ) {
    this.cut = blockCut(b.n);
    this.block0 = blockOperator(b, 0, this.cut);
  }

  /** A helper over a batch whose x and z live in SharedArrayBuffers; null when it cannot run. */
  static async start(b: ContextBatch): Promise<ParallelOps | null> {
    if (b.n < 8 || !isShared(b.x) || !isShared(b.z) || !helperAvailable()) return null;
    const D = b.d * (b.d + 1);
    const v = shared(D);
    const r = shared(b.n);
    const out = shared(D);
    const ctrl = new Int32Array(new SharedArrayBuffer(12));
    const data: OpWorkerData = { x: b.x, z: b.z, d: b.d, lo: blockCut(b.n), hi: b.n, v, r, out, ctrl };
    const worker = await new Promise<Worker>((resolve, reject) => {
      const w = new Worker(workerUrl, { workerData: data });
      w.once('message', () => resolve(w));
      w.once('error', reject);
    });
    return new ParallelOps(b, worker, v, r, out, ctrl);
  }

  private dispatch(cmd: number): void {
    this.seq++;
    Atomics.store(this.ctrl, 1, cmd);
    Atomics.store(this.ctrl, 0, this.seq);
    Atomics.notify(this.ctrl, 0);
  }

  private join(): void {
    for (;;) {
      const done = Atomics.load(this.ctrl, 2);
      if (done === this.seq) return;
      Atomics.wait(this.ctrl, 2, done);
    }
  }

  bilinear(V: Float64Array, out: Float64Array): void {
    this.v.set(V);
    this.dispatch(CMD_BILINEAR);
    this.block0.bilinear(V, out.subarray(0, this.cut));
    this.join();
    out.set(this.r.subarray(this.cut, this.b.n), this.cut);
  }

  accumulate(c: Float64Array, out: Float64Array): void {
    this.r.set(c.subarray(this.cut), this.cut);
    this.dispatch(CMD_ACCUMULATE);
    this.block0.accumulate(c.subarray(0, this.cut), out);
    this.join();
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + this.out1[i]!;
  }

  async close(): Promise<void> {
    this.dispatch(CMD_EXIT);
    await this.worker.terminate();
  }
}
