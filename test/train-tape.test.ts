// The gradient engine: every op of the tape against central finite differences in float64, each op alone
// (composed with a fixed random read-out and the squared error, whose own gradients are checked first),
// and the float32 storage against float64.
import { describe, expect, it } from 'vitest';
import { stream } from '../src/sim/rng.js';
import { Tape, type Node } from '../src/train/tape.js';

interface Input {
  rows: number;
  cols: number;
  /** Scale of the random values (a LayerNorm scale near 1 is shifted by `shift`). */
  scale?: number;
  shift?: number;
}

/**
 * Builds `op` on parameter leaves with random values, reads it out as Σ_r (Σ_c out_rc u_c − t_r)² / 3 and
 * returns the worst relative gap between the tape's gradient and central differences (step 1e-6), and
 * the largest gradient entry (so a check on an all-zero gradient cannot pass).
 */
function gradientGap(seed: number, inputs: Input[], op: (t: Tape, xs: Node[]) => Node): { gap: number; size: number } {
  const rng = stream(seed, 0, 'tape-test');
  const values = inputs.map((s) =>
    Float64Array.from({ length: s.rows * s.cols }, () => (s.shift ?? 0) + (s.scale ?? 1) * rng.normal()),
  );
  let u: Float64Array | null = null;
  let target: Float64Array | null = null;
  const loss = (grads: Float64Array[] | null): number => {
    const t = new Tape();
    const xs = inputs.map((s, i) => t.leaf(values[i]!, s.rows, s.cols, grads ? grads[i]! : null));
    const out = op(t, xs);
    u ??= Float64Array.from({ length: out.cols }, () => rng.normal());
    target ??= Float64Array.from({ length: out.rows }, () => rng.normal());
    const l = t.squaredError(t.matmul(out, t.leaf(u, out.cols, 1)), target, 3);
    t.backward(l);
    return l.value[0]!;
  };
  const grads = values.map((v) => new Float64Array(v.length));
  loss(grads);
  const h = 1e-6;
  let gap = 0;
  let size = 0;
  for (const [i, v] of values.entries())
    for (let j = 0; j < v.length; j++) {
      const v0 = v[j]!;
      v[j] = v0 + h;
      const up = loss(null);
      v[j] = v0 - h;
      const down = loss(null);
      v[j] = v0;
      const fd = (up - down) / (2 * h);
      gap = Math.max(gap, Math.abs(fd - grads[i]![j]!) / Math.max(1e-2, Math.abs(fd)));
      size = Math.max(size, Math.abs(grads[i]![j]!));
    }
  return { gap, size };
}

const B = 2;
const T = 4;
const cases: Array<[string, Input[], (t: Tape, x: Node[]) => Node]> = [
  [
    'squared error and matmul without bias',
    [
      { rows: 5, cols: 3 },
      { rows: 3, cols: 2 },
    ],
    (t, [a, w]) => t.matmul(a!, w!),
  ],
  [
    'matmul with bias',
    [
      { rows: 5, cols: 3 },
      { rows: 3, cols: 4 },
      { rows: 1, cols: 4 },
    ],
    (t, [a, w, b]) => t.matmul(a!, w!, b!),
  ],
  [
    'add (and a node added to itself)',
    [
      { rows: 3, cols: 2 },
      { rows: 3, cols: 2 },
    ],
    (t, [a, b]) => t.add(t.add(a!, b!), a!),
  ],
  ['scale', [{ rows: 3, cols: 2 }], (t, [a]) => t.scale(a!, -1.7)],
  ['last position of each sequence', [{ rows: B * T, cols: 3 }], (t, [x]) => t.lastRows(x!, B, T)],
  [
    'scores, all queries, causal',
    [
      { rows: B * T, cols: 3 },
      { rows: B * T, cols: 3 },
    ],
    (t, [q, k]) => t.softmax(t.scores(q!, k!, B, T, 0.6, true)),
  ],
  [
    'scores, last query only, no mask',
    [
      { rows: B, cols: 3 },
      { rows: B * T, cols: 3 },
    ],
    (t, [q, k]) => t.scores(q!, k!, B, T, 0.6, false),
  ],
  ['softmax', [{ rows: 3, cols: 5, scale: 2 }], (t, [s]) => t.softmax(s!)],
  [
    'mix of values by attention weights (all queries)',
    [
      { rows: B * T, cols: T },
      { rows: B * T, cols: 3 },
    ],
    (t, [p, v]) => t.mix(p!, v!, B),
  ],
  [
    'mix of values by attention weights (last query)',
    [
      { rows: B, cols: T },
      { rows: B * T, cols: 3 },
    ],
    (t, [p, v]) => t.mix(p!, v!, B),
  ],
  [
    'LayerNorm with learnable scale and shift',
    [
      { rows: 4, cols: 5, scale: 1.5, shift: 0.3 },
      { rows: 1, cols: 5, scale: 0.3, shift: 1 },
      { rows: 1, cols: 5, scale: 0.3 },
    ],
    (t, [x, g, b]) => t.layerNorm(x!, g!, b!),
  ],
  ['GELU (tanh form)', [{ rows: 4, cols: 5, scale: 2 }], (t, [x]) => t.gelu(x!)],
];

describe('tape: each op against central finite differences (float64)', () => {
  for (const [name, inputs, op] of cases)
    it(name, () => {
      const { gap, size } = gradientGap(name.length, inputs, op);
      expect(gap).toBeLessThan(1e-6);
      expect(size).toBeGreaterThan(1e-3);
    });

  it('a causal mask hides later keys: scores above the diagonal are -inf, their weights 0', () => {
    const t = new Tape();
    const r = stream(1, 0, 'mask');
    const q = t.leaf(
      Float64Array.from({ length: T * 2 }, () => r.normal()),
      T,
      2,
    );
    const p = t.softmax(t.scores(q, q, 1, T, 1, true));
    for (let i = 0; i < T; i++)
      for (let j = 0; j < T; j++) {
        const w = p.value[i * T + j]!;
        if (j > i) expect(w).toBe(0);
        else expect(w).toBeGreaterThan(0);
      }
    expect(p.value[0]).toBe(1);
  });

  it('GELU in its tanh form at known points', () => {
    const t = new Tape();
    const g = t.gelu(t.leaf(Float64Array.from([0, 1, -1]), 1, 3));
    expect(g.value[0]).toBe(0);
    // 0.5 (1 + tanh(√(2/π) · 1.044715)), and gelu(−x) = gelu(x) − x.
    expect(g.value[1]).toBeCloseTo(0.8411919906082768, 14);
    expect(g.value[2]).toBeCloseTo(0.8411919906082768 - 1, 14);
  });

  it('float32 storage rounds every value to float32 and agrees with float64 to float32 precision', () => {
    const r = stream(2, 0, 'f32');
    const a = Float64Array.from({ length: 12 }, () => r.normal());
    const w = Float64Array.from({ length: 12 }, () => r.normal());
    const run = (f32: boolean) => {
      const t = new Tape(f32);
      const cast = (v: Float64Array) => (f32 ? Float32Array.from(v) : v);
      return t.layerNorm(
        t.matmul(t.leaf(cast(a), 4, 3), t.leaf(cast(w), 3, 4)),
        t.leaf(cast(new Float64Array(4).fill(1)), 1, 4),
        t.leaf(cast(new Float64Array(4)), 1, 4),
      ).value;
    };
    const lo = run(true);
    const hi = run(false);
    expect(lo).toBeInstanceOf(Float32Array);
    for (let i = 0; i < hi.length; i++) {
      expect(Math.fround(lo[i]!)).toBe(lo[i]);
      expect(Math.abs(lo[i]! - hi[i]!)).toBeLessThan(1e-5);
    }
  });
});
