// What `icl-verify simulate --json` prints, and a sweep's simulate line: every number of a simulation
// as a decimal string that reads back exactly.
import { simulate, type Estimate, type SimulateOptions, type SimulateResult } from './simulate.js';

/** A number as a decimal string ('inf' for κ = ∞): the shortest string that reads back exactly. */
export const dec = (v: number): string => (v === Infinity ? 'inf' : String(v));

export type EstimateJson = { mean: string; stderr: string | null };
interface SimulateJson {
  params: { alpha: string; kappa: string; tau: string; rho: string; lambda: string };
  d: string;
  ell: string;
  k: string;
  n: string;
  replicates: string;
  seed: string;
  solver: string;
  eICL: EstimateJson;
  eIDG: EstimateJson;
  gTask: EstimateJson;
  seconds: string;
}

const estJson = (e: Estimate): EstimateJson => ({
  mean: dec(e.mean),
  stderr: e.stderr === null ? null : dec(e.stderr),
});

export function toJson(r: SimulateResult): SimulateJson {
  const p = r.params;
  return {
    params: { alpha: dec(p.alpha), kappa: dec(p.kappa), tau: dec(p.tau), rho: dec(p.rho), lambda: dec(p.lambda) },
    d: dec(r.d),
    ell: dec(r.ell),
    k: dec(r.k),
    n: dec(r.n),
    replicates: dec(r.replicates),
    seed: dec(r.seed),
    solver: r.solver,
    eICL: estJson(r.eICL),
    eIDG: estJson(r.eIDG),
    gTask: estJson(r.gTask),
    seconds: r.seconds.toFixed(3),
  };
}

/** Simulates and returns exactly the object `icl-verify simulate --json` prints (one sweep point). */
export async function simulateJson(o: SimulateOptions): Promise<SimulateJson> {
  return toJson(await simulate(o));
}
