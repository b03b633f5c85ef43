// The authors' models: their sequences (ℓ + 1 rows, the query last with its label slot 0), forward passes
// against the definitions written out token by token over every position (no last-row shortcut), gradients
// of the whole model against finite differences, the initialisation, and that each model trains.
import { describe, expect, it } from 'vitest';
import { stream } from '../src/sim/rng.js';
import { makeTaskSet } from '../src/sim/tasks.js';
import { sampleTokenContexts, sequences, type TokenContexts } from '../src/train/tokenContexts.js';
import { ARCHITECTURES, architecture, gradientGap, type ArchName } from '../src/train/models.js';
import { trainRun } from '../src/train/train.js';

function smallSet(d: number, ell: number, n: number, seed: number): TokenContexts {
  const ts = makeTaskSet(stream(seed, 0, 'tasks'), stream(seed, 0, 'assignment'), n, 3, d, 'random');
  return sampleTokenContexts(stream(seed, 0, 'contexts'), ts.tasks, ts.assignment, d, ell, 0.2);
}

type M = number[][];
const mat = (r: number, c: number, f: (i: number, j: number) => number): M =>
  Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => f(i, j)));
const mul = (a: M, b: M): M => mat(a.length, b[0]!.length, (i, j) => a[i]!.reduce((s, v, p) => s + v * b[p]![j]!, 0));
const addRow = (a: M, b: number[]): M => a.map((r) => r.map((v, j) => v + b[j]!));
const plus = (a: M, b: M): M => a.map((r, i) => r.map((v, j) => v + b[i]![j]!));
const ln = (a: M, g: number[], b: number[]): M =>
  a.map((r) => {
    const m = r.reduce((s, v) => s + v, 0) / r.length;
    const v = r.reduce((s, x) => s + (x - m) ** 2, 0) / r.length;
    return r.map((x, j) => ((x - m) / Math.sqrt(v + 1e-6)) * g[j]! + b[j]!);
  });

/** Reads θ in the models' documented order. */
function reader(theta: Float64Array) {
  let o = 0;
  return {
    m: (r: number, c: number): M => {
      const out = mat(r, c, (i, j) => theta[o + i * c + j]!);
      o += r * c;
      return out;
    },
    v: (n: number): number[] => Array.from(theta.subarray(o, (o += n))),
    done: () => o,
  };
}

/** The prediction at the last position of one sequence (rows ℓ + 1 × D), every position computed. */
function naive(name: ArchName, d: number, theta: Float64Array, X: M): number {
  const D = d + 1;
  const h = d;
  const T = X.length;
  const r = reader(theta);
  if (name === 'linear') {
    const [wq, bq, wk, bk, wv, bv] = [r.m(D, h), r.v(h), r.m(D, h), r.v(h), r.m(D, h), r.v(h)];
    const [wo, bo] = [r.m(h, 1), r.v(1)];
    expect(r.done()).toBe(theta.length);
    const q = addRow(mul(X, wq), bq);
    const k = addRow(mul(X, wk), bk);
    const v = addRow(mul(X, wv), bv);
    const s = mat(T, T, (i, j) => q[i]!.reduce((a, x, c) => a + x * k[j]![c]!, 0) / Math.sqrt(h));
    return addRow(mul(mul(s, v), wo), bo)[T - 1]![0]!;
  }
  const [blocks, mlp] = name === 'softmax' ? [1, 0] : name === 'blocks2' ? [2, 1] : [3, 1];
  let y = addRow(mul(X, r.m(D, h)), r.v(h));
  for (let b = 0; b < blocks; b++) {
    const [wq, wk, wv, g1, b1] = [r.m(h, h), r.m(h, h), r.m(h, h), r.v(h), r.v(h)];
    const layers = Array.from({ length: mlp }, () => [r.m(h, h), r.v(h)] as const);
    const [g2, b2] = [r.v(h), r.v(h)];
    const q = mul(y, wq);
    const k = mul(y, wk);
    const v = mul(y, wv);
    const s = mat(T, T, (i, j) => (j > i ? -Infinity : q[i]!.reduce((a, x, c) => a + x * k[j]![c]!, 0) / Math.sqrt(h)));
    const p = s.map((row) => {
      const mx = Math.max(...row);
      const e = row.map((x) => Math.exp(x - mx));
      const z = e.reduce((a, x) => a + x, 0);
      return e.map((x) => x / z);
    });
    const x = plus(mul(p, v), y);
    const pre = ln(x, g1, b1);
    let z = x;
    layers.forEach(([w, bias], i) => {
      const inp =
        i === 0
          ? pre
          : z.map((row) => row.map((t) => 0.5 * t * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (t + 0.044715 * t ** 3)))));
      z = addRow(mul(inp, w), bias);
    });
    y = ln(plus(z, pre), g2, b2);
  }
  const out = addRow(mul(y, r.m(h, 1)), r.v(1));
  expect(r.done()).toBe(theta.length);
  return out[T - 1]![0]!;
}

const AUTHORS: ArchName[] = ['linear', 'softmax', 'blocks2', 'blocks3'];

describe("the authors' models", () => {
  it('sequences: ℓ + 1 rows of width d + 1, the ℓ context tokens in order, then [x_q; 0]', () => {
    const d = 3;
    const ell = 4;
    const c = smallSet(d, ell, 5, 2);
    const out = new Float64Array(2 * (ell + 1) * (d + 1));
    const idx = new Uint32Array([4, 1]);
    const T = sequences(c, idx, 0, 2, out);
    expect(T).toBe(ell + 1);
    for (const [m, mu] of [4, 1].entries()) {
      const seq = out.subarray(m * T * (d + 1), (m + 1) * T * (d + 1));
      expect(Array.from(seq.subarray(0, ell * (d + 1)))).toEqual(
        Array.from(c.tokens.subarray(mu * ell * (d + 1), (mu + 1) * ell * (d + 1))),
      );
      expect(Array.from(seq.subarray(ell * (d + 1)))).toEqual([...c.x.subarray(mu * d, mu * d + d), 0]);
    }
  });

  for (const name of AUTHORS) {
    it(`${name}: forward pass equals the definition over every position; parameter count`, () => {
      const d = 4;
      const ell = 5;
      const c = smallSet(d, ell, 3, 9);
      const arch = architecture(name, d);
      expect(arch.nParams).toBe(ARCHITECTURES[name].count(d));
      // Non-zero biases and LayerNorm parameters (initialised at 0 and 1), so that every parameter matters.
      const theta = arch.init(stream(3, 0, 'init')).map((t, i) => t + 0.1 * Math.sin(i + 1));
      const p = arch.prepare(c);
      const one = new Uint32Array(1);
      const seq = new Float64Array((ell + 1) * (d + 1));
      for (let mu = 0; mu < c.n; mu++) {
        one[0] = mu;
        sequences(c, one, 0, 1, seq);
        const X = mat(ell + 1, d + 1, (i, j) => seq[i * (d + 1) + j]!);
        const yhat = naive(name, d, theta, X);
        expect(Math.sqrt(p.lossGrad(theta, one, 1, null))).toBeCloseTo(Math.abs(yhat - c.y[mu]!), 12);
      }
    });

    it(`${name}: gradient of the minibatch loss equals central finite differences (relative 1e-6)`, () => {
      const d = 3;
      const c = smallSet(d, 4, 80, 5);
      const arch = architecture(name, d);
      const theta = arch.init(stream(4, 0, 'init')).map((t, i) => t + 0.1 * Math.cos(i));
      const p = arch.prepare(c);
      // 70 contexts: more than one chunk of the tape, so the accumulation over chunks is tested too.
      const idx = Uint32Array.from({ length: 70 }, (_, i) => (i * 7) % 80);
      // Central differences at h and h/2 by Richardson extrapolation (error O(h⁴)).
      const { worst } = gradientGap(p, theta, idx, 1e-4);
      expect(worst).toBeLessThan(1e-6);
    });
  }

  it('LeCun normal initialisation: kernels with variance 1/fan_in truncated at 2 sd, zero biases, unit LN scales', () => {
    const d = 40;
    const theta = architecture('blocks2', d).init(stream(1, 0, 'init'));
    const h = d;
    const D = d + 1;
    const embed = theta.subarray(0, D * h);
    const v = embed.reduce((a, x) => a + x * x, 0) / embed.length;
    // 1640 draws: the variance's relative standard error is about 0.03 (truncated normal kurtosis < 3).
    expect(Math.abs(v * D - 1)).toBeLessThan(0.12);
    const bound = 2 / Math.sqrt(D) / 0.8796256610342398;
    expect(Math.max(...embed.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Array.from(theta.subarray(D * h, D * h + h))).toEqual(new Array(h).fill(0));
    const ln1 = D * h + h + 3 * h * h;
    expect(Array.from(theta.subarray(ln1, ln1 + h))).toEqual(new Array(h).fill(1));
    expect(Array.from(theta.subarray(ln1 + h, ln1 + 2 * h))).toEqual(new Array(h).fill(0));
  });

  it('the authors preset trains every model: training error below 80% of its start in 60 iterations', () => {
    for (const arch of AUTHORS) {
      const r = trainRun({
        arch,
        d: 4,
        alpha: 1,
        kappa: Infinity,
        tau: 4,
        rho: 0.01,
        seed: 2,
        replicate: 0,
        steps: 1,
        iterations: 60,
        lr: 1e-2,
        weightDecay: 1e-4,
        batching: 'subset',
        floorSizes: true,
        nTest: 20,
      }).result;
      // n = 64, batch int(6.4) = 6: 1 + ⌊64/6⌋ = 11 steps per iteration.
      expect(r.n).toBe(64);
      expect(r.batch).toBe(6);
      expect(r.steps).toBe(660);
      expect(r.trainError).toBeLessThan(0.8 * r.trainCurve[0]![1]);
    }
  });

  it('float32 storage gives the float64 loss to float32 precision', () => {
    const c = smallSet(4, 4, 10, 3);
    const arch = architecture('blocks2', 4);
    const theta = arch.init(stream(1, 0, 'init'));
    const a = arch.prepare(c, true).lossGrad(theta, null, c.n, null);
    const b = arch.prepare(c, false).lossGrad(theta, null, c.n, null);
    expect(a).not.toBe(b);
    expect(Math.abs(a - b) / b).toBeLessThan(1e-5);
  });
});
