// The reduced architectures (`linear-reduced`, `softmax-head`), with hand-derived gradients of the mean squared
// error on the query's label: no biases, the query does not attend, no embedding, residual or read-out. They are
// the parametrisation whose count d² + 2d the theory describes.
// Tokens are e_i = [x_i; y_i] ∈ R^{D}, D = d + 1; the query is e_q = [x_q; 0] (label slot zeroed), so
// only the first d columns of Q act. Attention runs over the ℓ context tokens; only the label row v of
// the value matrix reaches the prediction (the other rows of V get zero gradient and are not stored).
// Parameters, one Float64Array: v (D), K (h × D), Q (h × d), row-major.
//
//   linear-reduced:  ŷ = vᵀ C Kᵀ Q x_q,  C = (1/ℓ) Σ_i e_i e_iᵀ — a context enters only through C, so each
//            context is reduced once to C and a pass costs O(D² + hD) per context (not O(ℓ h D)).
//            With b = Q x_q, u = Kᵀ b, a = C v: ŷ = vᵀ C u, ∂ŷ/∂v = C u, ∂ŷ/∂K = b aᵀ, ∂ŷ/∂Q = (K a) x_qᵀ.
//   softmax-head: ŷ = Σ_i p_i vᵀe_i, p = softmax_i(e_iᵀ Kᵀ Q x_q). With u = Kᵀ Q x_q, t_i = vᵀ e_i:
//            ∂ŷ/∂v = Σ p_i e_i, ∂ŷ/∂u = φ = Σ p_i (t_i − ŷ) e_i, ∂ŷ/∂K = (Q x_q) φᵀ, ∂ŷ/∂Q = (K φ) x_qᵀ.
import type { Rng } from '../sim/rng.js';
import type { TokenContexts } from './tokenContexts.js';
import type { Architecture } from './models.js';

const layout = (d: number, h: number) => {
  const D = d + 1;
  return { D, oK: D, oQ: D + h * D, nParams: D + h * D + h * d };
};

function initParams(rng: Rng, nParams: number, D: number): Float64Array {
  const theta = new Float64Array(nParams);
  rng.fillNormal(theta, 0, nParams, 1 / Math.sqrt(D));
  return theta;
}

/** The second-moment matrices C_μ = (1/ℓ) Σ_i e_i e_iᵀ (n × D × D, both triangles). */
function secondMoments(c: TokenContexts): Float64Array {
  const { n, d, ell } = c;
  const D = d + 1;
  const C = new Float64Array(n * D * D);
  for (let mu = 0; mu < n; mu++) {
    const co = mu * D * D;
    for (let t = 0; t < ell; t++) {
      const o = (mu * ell + t) * D;
      for (let i = 0; i < D; i++) {
        const ei = c.tokens[o + i]!;
        const ro = co + i * D;
        for (let j = 0; j <= i; j++) C[ro + j] = C[ro + j]! + ei * c.tokens[o + j]!;
      }
    }
    for (let i = 0; i < D; i++)
      for (let j = 0; j <= i; j++) {
        const v = C[co + i * D + j]! / ell;
        C[co + i * D + j] = v;
        C[co + j * D + i] = v;
      }
  }
  return C;
}

/** b = Q x_q and u = Kᵀ b: the query's side of the attention scores, shared by both architectures. */
function queryKey(
  theta: Float64Array,
  oK: number,
  oQ: number,
  h: number,
  d: number,
  D: number,
  x: Float64Array,
  xo: number,
  b: Float64Array,
  u: Float64Array,
): void {
  u.fill(0);
  for (let k = 0; k < h; k++) {
    let sb = 0;
    const qo = oQ + k * d;
    for (let j = 0; j < d; j++) sb += theta[qo + j]! * x[xo + j]!;
    b[k] = sb;
    const ko = oK + k * D;
    for (let j = 0; j < D; j++) u[j] = u[j]! + sb * theta[ko + j]!;
  }
}

/**
 * Adds g times the gradient of bᵀ K w (b = Q x_q) with respect to K and Q: g·b_k·w to row k of K and
 * g·(K_k · w)·x_q to row k of Q. Both architectures' predictions depend on K and Q only this way.
 */
function addKeyQueryGradient(
  grad: Float64Array,
  theta: Float64Array,
  oK: number,
  oQ: number,
  h: number,
  d: number,
  D: number,
  g: number,
  b: Float64Array,
  w: Float64Array,
  x: Float64Array,
  xo: number,
): void {
  for (let k = 0; k < h; k++) {
    const gb = g * b[k]!;
    const ko = oK + k * D;
    let kw = 0;
    for (let j = 0; j < D; j++) {
      grad[ko + j] = grad[ko + j]! + gb * w[j]!;
      kw += theta[ko + j]! * w[j]!;
    }
    const gk = g * kw;
    const qo = oQ + k * d;
    for (let j = 0; j < d; j++) grad[qo + j] = grad[qo + j]! + gk * x[xo + j]!;
  }
}

/** One context's pass: the prediction, then the gradient of the prediction from what the forward pass left. */
interface ContextPass {
  /** ŷ on context mu, leaving in the pass's buffers what `backward` reads. */
  forward(theta: Float64Array, mu: number): number;
  /** Adds g · ∂ŷ/∂θ of the context just passed forward to grad. */
  backward(theta: Float64Array, mu: number, g: number, grad: Float64Array): void;
}

/**
 * A reduced architecture from its per-context pass: the mean squared error over a batch and its gradient
 * (g = 2(ŷ − y)/count per context) are the same for both; initial parameters i.i.d. N(0, 1/D) (the scale
 * of a unit-variance input's fan-in).
 */
function reducedArchitecture(
  name: 'linear-reduced' | 'softmax-head',
  d: number,
  h: number,
  pass: (c: TokenContexts, lay: ReturnType<typeof layout>) => ContextPass,
): Architecture {
  const lay = layout(d, h);
  return {
    name,
    d,
    h,
    nParams: lay.nParams,
    init: (rng) => initParams(rng, lay.nParams, lay.D),
    prepare(c) {
      const one = pass(c, lay);
      const y = c.y;
      return {
        n: c.n,
        lossGrad(theta, idx, count, grad) {
          if (grad) grad.fill(0);
          let loss = 0;
          for (let m = 0; m < count; m++) {
            const mu = idx ? idx[m]! : m;
            const r = one.forward(theta, mu) - y[mu]!;
            loss += r * r;
            if (grad) one.backward(theta, mu, (2 * r) / count, grad);
          }
          return loss / count;
        },
      };
    },
  };
}

/** Reduced linear attention: ŷ = vᵀ C Kᵀ Q x_q, a context read only through its second moments C. */
export function linearReduced(d: number, h = d): Architecture {
  return reducedArchitecture('linear-reduced', d, h, (c, { D, oK, oQ }) => {
    const C = secondMoments(c);
    const x = c.x;
    const a = new Float64Array(D);
    const b = new Float64Array(h);
    const cu = new Float64Array(D);
    const u = new Float64Array(D);
    return {
      forward(theta, mu) {
        const co = mu * D * D;
        // b = Q x_q, u = Kᵀ b; then one pass over C gives a = C v and Cu (C is read once).
        queryKey(theta, oK, oQ, h, d, D, x, mu * d, b, u);
        let yhat = 0;
        for (let i = 0; i < D; i++) {
          let sa = 0;
          let su = 0;
          const ro = co + i * D;
          for (let j = 0; j < D; j++) {
            const cij = C[ro + j]!;
            sa += cij * theta[j]!;
            su += cij * u[j]!;
          }
          a[i] = sa;
          cu[i] = su;
          yhat += theta[i]! * su;
        }
        return yhat;
      },
      backward(theta, mu, g, grad) {
        for (let i = 0; i < D; i++) grad[i] = grad[i]! + g * cu[i]!;
        addKeyQueryGradient(grad, theta, oK, oQ, h, d, D, g, b, a, x, mu * d);
      },
    };
  });
}

/** A bare softmax head: ŷ = Σ_i p_i vᵀe_i, p = softmax_i(e_iᵀ Kᵀ Q x_q). */
export function softmaxHead(d: number, h = d): Architecture {
  return reducedArchitecture('softmax-head', d, h, (c, { D, oK, oQ }) => {
    const { x, ell, tokens } = c;
    const q = new Float64Array(h);
    const u = new Float64Array(D);
    const p = new Float64Array(ell);
    const tv = new Float64Array(ell);
    const ebar = new Float64Array(D);
    const phi = new Float64Array(D);
    let yhat = 0;
    return {
      forward(theta, mu) {
        const to = mu * ell * D;
        queryKey(theta, oK, oQ, h, d, D, x, mu * d, q, u);
        let smax = -Infinity;
        for (let i = 0; i < ell; i++) {
          let s = 0;
          let t = 0;
          const o = to + i * D;
          for (let j = 0; j < D; j++) {
            const e = tokens[o + j]!;
            s += e * u[j]!;
            t += e * theta[j]!;
          }
          p[i] = s;
          tv[i] = t;
          if (s > smax) smax = s;
        }
        let z = 0;
        for (let i = 0; i < ell; i++) {
          const e = Math.exp(p[i]! - smax);
          p[i] = e;
          z += e;
        }
        yhat = 0;
        for (let i = 0; i < ell; i++) {
          p[i] = p[i]! / z;
          yhat += p[i]! * tv[i]!;
        }
        return yhat;
      },
      backward(theta, mu, g, grad) {
        const to = mu * ell * D;
        ebar.fill(0);
        phi.fill(0);
        for (let i = 0; i < ell; i++) {
          const pi = p[i]!;
          const pf = pi * (tv[i]! - yhat);
          const o = to + i * D;
          for (let j = 0; j < D; j++) {
            const e = tokens[o + j]!;
            ebar[j] = ebar[j]! + pi * e;
            phi[j] = phi[j]! + pf * e;
          }
        }
        for (let j = 0; j < D; j++) grad[j] = grad[j]! + g * ebar[j]!;
        addKeyQueryGradient(grad, theta, oK, oQ, h, d, D, g, q, phi, x, mu * d);
      },
    };
  });
}
