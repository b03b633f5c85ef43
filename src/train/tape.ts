// A small reverse-mode tape over typed arrays: the one gradient engine of the trained Transformers.
// Every value is a row-major matrix (rows × cols). A batch of B sequences of T tokens is B·T rows; the
// attention ops work per sequence on that layout (rows b·T … b·T + T − 1 belong to sequence b). Ops record a
// closure that, run in reverse order by `backward`, adds each input's share of the output's gradient.
// Leaves with a gradient buffer are parameters (their gradient accumulates into the caller's buffer, so a
// minibatch can be processed in chunks); leaves without one are data. Storage is float64 or float32 (the
// arithmetic of each op is done in float64 and rounded once on store).

export type Arr = Float64Array | Float32Array;

export interface Node {
  rows: number;
  cols: number;
  value: Arr;
  /** ∂loss/∂value, or null for data that needs no gradient. */
  grad: Arr | null;
}

/** √(2/π), of GELU's tanh form. */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

export class Tape {
  private readonly back: Array<() => void> = [];

  constructor(readonly float32 = false) {}

  alloc(n: number): Arr {
    return this.float32 ? new Float32Array(n) : new Float64Array(n);
  }

  /** A leaf: data (grad omitted) or a parameter whose gradient is added into `grad` (same length as value). */
  leaf(value: Arr, rows: number, cols: number, grad: Arr | null = null): Node {
    return { rows, cols, value, grad };
  }

  private out(rows: number, cols: number, needsGrad: boolean): Node {
    return { rows, cols, value: this.alloc(rows * cols), grad: needsGrad ? this.alloc(rows * cols) : null };
  }

  /** A W (+ b): A is m × k, W is k × n, b is 1 × n. */
  matmul(A: Node, W: Node, b?: Node): Node {
    const m = A.rows;
    const k = A.cols;
    const n = W.cols;
    const o = this.out(m, n, !!(A.grad || W.grad || b?.grad));
    const a = A.value;
    const w = W.value;
    const y = o.value;
    for (let i = 0; i < m; i++) {
      const yo = i * n;
      if (b) for (let j = 0; j < n; j++) y[yo + j] = b.value[j]!;
      for (let p = 0; p < k; p++) {
        const aip = a[i * k + p]!;
        const wo = p * n;
        for (let j = 0; j < n; j++) y[yo + j] = y[yo + j]! + aip * w[wo + j]!;
      }
    }
    if (o.grad)
      this.back.push(() => {
        const g = o.grad!;
        const ga = A.grad;
        const gw = W.grad;
        for (let i = 0; i < m; i++) {
          const go = i * n;
          for (let p = 0; p < k; p++) {
            const wo = p * n;
            if (ga) {
              let s = 0;
              for (let j = 0; j < n; j++) s += g[go + j]! * w[wo + j]!;
              ga[i * k + p] = ga[i * k + p]! + s;
            }
            if (gw) {
              const aip = a[i * k + p]!;
              for (let j = 0; j < n; j++) gw[wo + j] = gw[wo + j]! + aip * g[go + j]!;
            }
          }
          if (b?.grad) for (let j = 0; j < n; j++) b.grad[j] = b.grad[j]! + g[go + j]!;
        }
      });
    return o;
  }

  add(A: Node, B: Node): Node {
    const o = this.out(A.rows, A.cols, !!(A.grad || B.grad));
    for (let i = 0; i < o.value.length; i++) o.value[i] = A.value[i]! + B.value[i]!;
    if (o.grad)
      this.back.push(() => {
        for (const X of [A, B])
          if (X.grad) for (let i = 0; i < o.grad!.length; i++) X.grad[i] = X.grad[i]! + o.grad![i]!;
      });
    return o;
  }

  scale(A: Node, s: number): Node {
    const o = this.out(A.rows, A.cols, !!A.grad);
    for (let i = 0; i < o.value.length; i++) o.value[i] = s * A.value[i]!;
    if (o.grad)
      this.back.push(() => {
        for (let i = 0; i < o.grad!.length; i++) A.grad![i] = A.grad![i]! + s * o.grad![i]!;
      });
    return o;
  }

  /** The last row of each of the B sequences of X (B·T rows): B rows. */
  lastRows(X: Node, B: number, T: number): Node {
    const w = X.cols;
    const o = this.out(B, w, !!X.grad);
    for (let b = 0; b < B; b++) o.value.set(X.value.subarray(((b + 1) * T - 1) * w, (b + 1) * T * w), b * w);
    if (o.grad)
      this.back.push(() => {
        for (let b = 0; b < B; b++) {
          const xo = ((b + 1) * T - 1) * w;
          for (let c = 0; c < w; c++) X.grad![xo + c] = X.grad![xo + c]! + o.grad![b * w + c]!;
        }
      });
    return o;
  }

  /**
   * Attention scores s·q_i·k_j of each sequence: Q holds Tq query rows per sequence (the last Tq positions
   * of its T), K holds T key rows; the result is B·Tq rows of T scores. Causal: query position t attends to
   * keys j ≤ t only (the others are −∞, weight 0 after the softmax).
   */
  scores(Q: Node, K: Node, B: number, T: number, s: number, causal: boolean): Node {
    const Tq = Q.rows / B;
    const h = Q.cols;
    const o = this.out(B * Tq, T, !!(Q.grad || K.grad));
    const q = Q.value;
    const k = K.value;
    const limit = (i: number) => (causal ? T - Tq + i + 1 : T);
    for (let b = 0; b < B; b++)
      for (let i = 0; i < Tq; i++) {
        const qo = (b * Tq + i) * h;
        const so = (b * Tq + i) * T;
        const L = limit(i);
        for (let j = 0; j < T; j++) {
          if (j >= L) {
            o.value[so + j] = -Infinity;
            continue;
          }
          const ko = (b * T + j) * h;
          let acc = 0;
          for (let c = 0; c < h; c++) acc += q[qo + c]! * k[ko + c]!;
          o.value[so + j] = s * acc;
        }
      }
    if (o.grad)
      this.back.push(() => {
        const g = o.grad!;
        for (let b = 0; b < B; b++)
          for (let i = 0; i < Tq; i++) {
            const qo = (b * Tq + i) * h;
            const so = (b * Tq + i) * T;
            const L = limit(i);
            for (let j = 0; j < L; j++) {
              const gs = s * g[so + j]!;
              if (gs === 0) continue;
              const ko = (b * T + j) * h;
              if (Q.grad) for (let c = 0; c < h; c++) Q.grad[qo + c] = Q.grad[qo + c]! + gs * k[ko + c]!;
              if (K.grad) for (let c = 0; c < h; c++) K.grad[ko + c] = K.grad[ko + c]! + gs * q[qo + c]!;
            }
          }
      });
    return o;
  }

  /** Row-wise softmax (−∞ entries get weight 0; every row needs one finite entry). */
  softmax(S: Node): Node {
    const n = S.cols;
    const o = this.out(S.rows, n, !!S.grad);
    const x = S.value;
    const p = o.value;
    for (let r = 0; r < S.rows; r++) {
      const ro = r * n;
      let mx = -Infinity;
      for (let j = 0; j < n; j++) if (x[ro + j]! > mx) mx = x[ro + j]!;
      let z = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(x[ro + j]! - mx);
        p[ro + j] = e;
        z += e;
      }
      for (let j = 0; j < n; j++) p[ro + j] = p[ro + j]! / z;
    }
    if (o.grad)
      this.back.push(() => {
        const g = o.grad!;
        for (let r = 0; r < S.rows; r++) {
          const ro = r * n;
          let dot = 0;
          for (let j = 0; j < n; j++) dot += p[ro + j]! * g[ro + j]!;
          for (let j = 0; j < n; j++) S.grad![ro + j] = S.grad![ro + j]! + p[ro + j]! * (g[ro + j]! - dot);
        }
      });
    return o;
  }

  /** Σ_j P_ij V_j per sequence: P is B·Tq rows of T weights, V is B·T rows of width h; B·Tq rows out. */
  mix(P: Node, V: Node, B: number): Node {
    const T = P.cols;
    const Tq = P.rows / B;
    const h = V.cols;
    const o = this.out(B * Tq, h, !!(P.grad || V.grad));
    const pv = P.value;
    const v = V.value;
    for (let b = 0; b < B; b++)
      for (let i = 0; i < Tq; i++) {
        const po = (b * Tq + i) * T;
        const oo = (b * Tq + i) * h;
        for (let j = 0; j < T; j++) {
          const pij = pv[po + j]!;
          if (pij === 0) continue;
          const vo = (b * T + j) * h;
          for (let c = 0; c < h; c++) o.value[oo + c] = o.value[oo + c]! + pij * v[vo + c]!;
        }
      }
    if (o.grad)
      this.back.push(() => {
        const g = o.grad!;
        for (let b = 0; b < B; b++)
          for (let i = 0; i < Tq; i++) {
            const po = (b * Tq + i) * T;
            const oo = (b * Tq + i) * h;
            for (let j = 0; j < T; j++) {
              const vo = (b * T + j) * h;
              if (P.grad) {
                let s = 0;
                for (let c = 0; c < h; c++) s += g[oo + c]! * v[vo + c]!;
                P.grad[po + j] = P.grad[po + j]! + s;
              }
              if (V.grad) {
                const pij = pv[po + j]!;
                for (let c = 0; c < h; c++) V.grad[vo + c] = V.grad[vo + c]! + pij * g[oo + c]!;
              }
            }
          }
      });
    return o;
  }

  /** Row-wise LayerNorm with learnable scale γ and shift β (1 × w each): γ (x − μ)/√(σ² + eps) + β, σ² biased. */
  layerNorm(X: Node, gamma: Node, beta: Node, eps = 1e-6): Node {
    const w = X.cols;
    const R = X.rows;
    const o = this.out(R, w, !!(X.grad || gamma.grad || beta.grad));
    const xhat = new Float64Array(R * w);
    const inv = new Float64Array(R);
    for (let r = 0; r < R; r++) {
      const ro = r * w;
      let m = 0;
      for (let c = 0; c < w; c++) m += X.value[ro + c]!;
      m /= w;
      let v = 0;
      for (let c = 0; c < w; c++) v += (X.value[ro + c]! - m) ** 2;
      const s = 1 / Math.sqrt(v / w + eps);
      inv[r] = s;
      for (let c = 0; c < w; c++) {
        const xh = (X.value[ro + c]! - m) * s;
        xhat[ro + c] = xh;
        o.value[ro + c] = gamma.value[c]! * xh + beta.value[c]!;
      }
    }
    if (o.grad)
      this.back.push(() => {
        const g = o.grad!;
        for (let r = 0; r < R; r++) {
          const ro = r * w;
          let mg = 0;
          let mgx = 0;
          for (let c = 0; c < w; c++) {
            const gc = g[ro + c]!;
            if (gamma.grad) gamma.grad[c] = gamma.grad[c]! + gc * xhat[ro + c]!;
            if (beta.grad) beta.grad[c] = beta.grad[c]! + gc;
            const gx = gc * gamma.value[c]!;
            mg += gx;
            mgx += gx * xhat[ro + c]!;
          }
          if (!X.grad) continue;
          mg /= w;
          mgx /= w;
          for (let c = 0; c < w; c++) {
            const gx = g[ro + c]! * gamma.value[c]!;
            X.grad[ro + c] = X.grad[ro + c]! + inv[r]! * (gx - mg - xhat[ro + c]! * mgx);
          }
        }
      });
    return o;
  }

  /** GELU in its tanh form, 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))) — Flax's default (approximate). */
  gelu(X: Node): Node {
    const o = this.out(X.rows, X.cols, !!X.grad);
    for (let i = 0; i < o.value.length; i++) {
      const x = X.value[i]!;
      o.value[i] = 0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_A * x * x * x)));
    }
    if (o.grad)
      this.back.push(() => {
        for (let i = 0; i < o.value.length; i++) {
          const x = X.value[i]!;
          const t = Math.tanh(GELU_C * (x + GELU_A * x * x * x));
          const dy = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * x * x);
          X.grad![i] = X.grad![i]! + dy * o.grad![i]!;
        }
      });
    return o;
  }

  /** Σ_i (pred_i − y_i)² / divisor over the rows of a one-column pred: a 1 × 1 node. */
  squaredError(pred: Node, y: ArrayLike<number>, divisor: number): Node {
    const o = this.out(1, 1, !!pred.grad);
    let s = 0;
    for (let i = 0; i < pred.rows; i++) s += (pred.value[i]! - y[i]!) ** 2;
    o.value[0] = s / divisor;
    if (o.grad)
      this.back.push(() => {
        const g = (2 * o.grad![0]!) / divisor;
        for (let i = 0; i < pred.rows; i++) pred.grad![i] = pred.grad![i]! + g * (pred.value[i]! - y[i]!);
      });
    return o;
  }

  /** Runs the recorded ops in reverse from a 1 × 1 loss (its gradient seeded to 1). */
  backward(loss: Node): void {
    if (!loss.grad) return;
    loss.grad[0] = 1;
    for (let i = this.back.length - 1; i >= 0; i--) this.back[i]!();
    this.back.length = 0;
  }
}
