// The pretraining tasks of docs/theory.md §1: k vectors uniform on the sphere of radius √d, and their
// assignment to the n contexts (random, or balanced: every task used ⌊n/k⌋ or ⌈n/k⌉ times).
// κ = ∞ is a fresh task per context: n tasks, context μ uses task μ.
import { fault } from '../numeric/faults.js';
import type { Rng } from './rng.js';

export type Assignment = 'random' | 'balanced';

export interface TaskSet {
  /** Task vectors, k × d row-major. */
  tasks: Float64Array;
  k: number;
  /** Task index of each of the n contexts. */
  assignment: Uint32Array;
}

/** k tasks uniform on the sphere of radius √d (a normalized Gaussian). */
export function sampleTasks(rng: Rng, k: number, d: number): Float64Array {
  const w = new Float64Array(k * d);
  // Stryker disable next-line ArithmeticOperator,StringLiteral: fault off: x/1 = x*1 (docs/equivalent-mutants.md)
  const r = Math.sqrt(d) * (fault('task-radius-1.01') ? 1.01 : 1);
  for (let j = 0; j < k; j++) {
    let norm2 = 0;
    for (let i = 0; i < d; i++) {
      const g = rng.normal();
      w[j * d + i] = g;
      norm2 += g * g;
    }
    const f = r / Math.sqrt(norm2);
    // Stryker disable next-line EqualityOperator: extra write: overwritten or past the end (docs/equivalent-mutants.md)
    for (let i = 0; i < d; i++) w[j * d + i] = w[j * d + i]! * f;
  }
  return w;
}

/** Task index per context: uniform draws, or each index equally often in a random order. */
export function assignTasks(rng: Rng, n: number, k: number, mode: Assignment): Uint32Array {
  const a = new Uint32Array(n);
  if (mode === 'random') {
    // Stryker disable next-line EqualityOperator: extra draw is the last of its own stream (docs/equivalent-mutants.md)
    for (let mu = 0; mu < n; mu++) a[mu] = rng.int(k);
    return a;
  }
  // Stryker disable next-line EqualityOperator: extra write falls past the end (dropped) (docs/equivalent-mutants.md)
  for (let mu = 0; mu < n; mu++) a[mu] = mu % k;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** The task set of one replicate; k = Infinity means a fresh task per context. */
export function makeTaskSet(taskRng: Rng, assignRng: Rng, n: number, k: number, d: number, mode: Assignment): TaskSet {
  if (k === Infinity) {
    const assignment = new Uint32Array(n);
    // Stryker disable next-line EqualityOperator: extra write falls past the end (dropped) (docs/equivalent-mutants.md)
    for (let mu = 0; mu < n; mu++) assignment[mu] = mu;
    return { tasks: sampleTasks(taskRng, n, d), k: n, assignment };
  }
  return { tasks: sampleTasks(taskRng, k, d), k, assignment: assignTasks(assignRng, n, k, mode) };
}
