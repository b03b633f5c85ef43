// The authors' trained models (Figure 5 rows a–d, Figure 6), on the tape of ./tape.ts. A sequence is ℓ context
// tokens [x_i; y_i] and the query [x_q; 0] (tokenContexts.ts `sequences`), width D = d + 1; the prediction is read at
// the last position. h = d throughout.
//
//   linear  (type 1): Q, K, V = dense layers with biases on the raw tokens, scores q·k/√h over all ℓ + 1
//           tokens (the query attends to itself), no softmax, no mask; read-out Dense(h → 1) with bias.
//   blocks L (types 2–4): token embedding Dense(D → h) with bias, no positional embedding; per block
//           single-head attention (Q, K, V without bias, scores /√h, causal mask, softmax), x = attn + input,
//           pre = LN(x), then MLP(pre) + pre with m dense layers (GELU only between layers) — or, with m = 0,
//           x + pre — and a second LN; after the last block Dense(h → 1) with bias at the last position.
//           Type 2 is L = 1, m = 0; type 3 is L = 2, m = 1; type 4 is L = 3, m = 1.
// Only the last position reaches the read-out, so the last block computes its query, residual, LayerNorms
// and MLP on the last row only (the keys and values still use every row): the same prediction, T times less
// work in that block.
import { fault } from '../numeric/faults.js';
import type { Rng } from '../sim/rng.js';
import { sequences, type TokenContexts } from './tokenContexts.js';
import type { Architecture, Prepared } from './models.js';
import { Tape, type Node } from './tape.js';

/** One parameter tensor: its place in θ and how it is initialised. */
interface Slot {
  name: string;
  rows: number;
  cols: number;
  offset: number;
  /** LeCun normal (fan-in = rows), zeros (biases, LayerNorm shifts) or ones (LayerNorm scales). */
  init: 'lecun' | 'zero' | 'one';
}

class Layout {
  readonly slots: Slot[] = [];
  size = 0;
  add(name: string, rows: number, cols: number, init: Slot['init']): Slot {
    const s = { name, rows, cols, offset: this.size, init };
    this.slots.push(s);
    this.size += rows * cols;
    return s;
  }
}

/** Truncation point and the standard deviation of N(0, 1) truncated to [−2, 2] (Flax's lecun_normal rescales by it). */
const TRUNC = 2;
const TRUNC_SD = 0.8796256610342398;

/** LeCun normal: N(0, 1/fan_in) truncated at two standard deviations, rescaled to variance 1/fan_in; zero biases. */
function initLayout(layout: Layout, rng: Rng): Float64Array {
  const theta = new Float64Array(layout.size);
  for (const s of layout.slots) {
    const n = s.rows * s.cols;
    if (s.init === 'one') theta.fill(1, s.offset, s.offset + n);
    if (s.init !== 'lecun') continue;
    const sd = 1 / Math.sqrt(s.rows) / TRUNC_SD;
    for (let i = 0; i < n; i++) {
      let z: number;
      do z = rng.normal();
      while (Math.abs(z) > TRUNC);
      theta[s.offset + i] = sd * z;
    }
  }
  return theta;
}

/** Contexts per tape: bounds the tape's memory; the gradient of a minibatch accumulates over chunks. */
const CHUNK = 64;

type Forward = (tape: Tape, X: Node, B: number, T: number, p: (s: Slot) => Node) => Node;

function tapeArchitecture(
  name: Architecture['name'],
  d: number,
  layout: Layout,
  forward: Forward,
  afterGrad?: (grad: Float64Array) => void,
): Architecture {
  const D = d + 1;
  return {
    name,
    d,
    h: d,
    nParams: layout.size,
    init: (rng) => initLayout(layout, rng),
    prepare(c: TokenContexts, float32 = false): Prepared {
      const T0 = c.ell + 1;
      const seq = float32 ? new Float32Array(CHUNK * T0 * D) : new Float64Array(CHUNK * T0 * D);
      const yb = new Float64Array(CHUNK);
      const th = float32 ? new Float32Array(layout.size) : null;
      const gr = float32 ? new Float32Array(layout.size) : null;
      return {
        n: c.n,
        lossGrad(theta, idx, count, grad) {
          if (grad) grad.fill(0);
          const values = th ? (th.set(theta), th) : theta;
          const grads = gr && grad ? (gr.fill(0), gr) : grad;
          let loss = 0;
          for (let from = 0; from < count; from += CHUNK) {
            const B = Math.min(CHUNK, count - from);
            const T = sequences(c, idx, from, B, seq);
            for (let m = 0; m < B; m++) yb[m] = c.y[idx ? idx[from + m]! : from + m]!;
            const tape = new Tape(float32);
            const X = tape.leaf(seq.subarray(0, B * T * D), B * T, D);
            const p = (s: Slot): Node =>
              tape.leaf(
                values.subarray(s.offset, s.offset + s.rows * s.cols),
                s.rows,
                s.cols,
                grads ? grads.subarray(s.offset, s.offset + s.rows * s.cols) : null,
              );
            const pred = forward(tape, X, B, T, p);
            const l = tape.squaredError(pred, yb, count);
            loss += l.value[0]!;
            if (grads) tape.backward(l);
          }
          if (grad && gr) for (let i = 0; i < grad.length; i++) grad[i] = gr[i]!;
          if (grad) afterGrad?.(grad);
          return loss;
        },
      };
    },
  };
}

/** Type 1: linear attention with biases, the query among the attended tokens, read-out with bias. */
export function authorsLinear(d: number): Architecture {
  const D = d + 1;
  const h = d;
  const L = new Layout();
  const wq = L.add('query.kernel', D, h, 'lecun');
  const bq = L.add('query.bias', 1, h, 'zero');
  const wk = L.add('key.kernel', D, h, 'lecun');
  const bk = L.add('key.bias', 1, h, 'zero');
  const wv = L.add('value.kernel', D, h, 'lecun');
  const bv = L.add('value.bias', 1, h, 'zero');
  const wo = L.add('readout.kernel', h, 1, 'lecun');
  const bo = L.add('readout.bias', 1, 1, 'zero');
  const forward: Forward = (t, X, B, T, p) => {
    const q = t.matmul(t.lastRows(X, B, T), p(wq), p(bq));
    const k = t.matmul(X, p(wk), p(bk));
    const v = t.matmul(X, p(wv), p(bv));
    const a = t.mix(t.scores(q, k, B, T, 1 / Math.sqrt(h), false), v, B);
    return t.matmul(a, p(wo), p(bo));
  };
  const planted = (grad: Float64Array) => {
    if (fault('grad-linear-v0-1.1')) grad[wv.offset] = 1.1 * grad[wv.offset]!;
  };
  return tapeArchitecture('linear', d, L, forward, planted);
}

/** Types 2–4: embedding, `blocks` softmax blocks with `mlp` dense layers each, read-out at the last position. */
export function authorsBlocks(name: Architecture['name'], d: number, blocks: number, mlp: number): Architecture {
  const D = d + 1;
  const h = d;
  const L = new Layout();
  const we = L.add('embed.kernel', D, h, 'lecun');
  const be = L.add('embed.bias', 1, h, 'zero');
  const layers = Array.from({ length: blocks }, (_, b) => ({
    q: L.add(`block${b}.query.kernel`, h, h, 'lecun'),
    k: L.add(`block${b}.key.kernel`, h, h, 'lecun'),
    v: L.add(`block${b}.value.kernel`, h, h, 'lecun'),
    ln1: [L.add(`block${b}.ln1.scale`, 1, h, 'one'), L.add(`block${b}.ln1.bias`, 1, h, 'zero')] as const,
    mlp: Array.from({ length: mlp }, (_, i) => [
      L.add(`block${b}.mlp${i}.kernel`, h, h, 'lecun'),
      L.add(`block${b}.mlp${i}.bias`, 1, h, 'zero'),
    ]),
    ln2: [L.add(`block${b}.ln2.scale`, 1, h, 'one'), L.add(`block${b}.ln2.bias`, 1, h, 'zero')] as const,
  }));
  const wo = L.add('readout.kernel', h, 1, 'lecun');
  const bo = L.add('readout.bias', 1, 1, 'zero');
  const forward: Forward = (t, X, B, T, p) => {
    let y = t.matmul(X, p(we), p(be));
    for (const [b, blk] of layers.entries()) {
      const last = b === layers.length - 1;
      const input = last ? t.lastRows(y, B, T) : y;
      const s = t.scores(t.matmul(input, p(blk.q)), t.matmul(y, p(blk.k)), B, T, 1 / Math.sqrt(h), true);
      const x = t.add(t.mix(t.softmax(s), t.matmul(y, p(blk.v)), B), input);
      const pre = t.layerNorm(x, p(blk.ln1[0]), p(blk.ln1[1]));
      let z: Node = x;
      for (const [i, [w, bias]] of blk.mlp.entries()) z = t.matmul(i === 0 ? pre : t.gelu(z), p(w!), p(bias!));
      y = t.layerNorm(t.add(z, pre), p(blk.ln2[0]), p(blk.ln2[1]));
    }
    return t.matmul(layers.length ? y : t.lastRows(y, B, T), p(wo), p(bo));
  };
  return tapeArchitecture(name, d, L, forward);
}

/** Trainable parameters of `authorsLinear(d)`: three (D × h + h) projections and the read-out. */
export const linearCount = (d: number): number => 3 * ((d + 1) * d + d) + d + 1;

/** Trainable parameters of `authorsBlocks(d, L, m)`. */
export const blocksCount = (d: number, blocks: number, mlp: number): number =>
  (d + 1) * d + d + blocks * (3 * d * d + 4 * d + mlp * (d * d + d)) + d + 1;
