// The result of `icl-verify train --json` for one (architecture, d, τ, ...) point: `runs` replicates trained
// by one protocol, each next to Γ* fitted on the same contexts. Shared by the train command and the sweep's
// train part, so a sweep line is the command's object (without its CPU seconds, which vary run to run).
import { compareWithGammaStar, type GammaStarComparison } from './compare.js';
import type { ArchName } from './models.js';
import type { PresetName } from './protocol.js';
import { meanSE, trainRun, type Batching, type StopRule, type TrainResult } from './train.js';

/** Ridge of the Γ* fit compared with the trained model. */
export const GAMMA_LAMBDA = 1e-6;

export interface TrainPoint {
  arch: ArchName;
  d: number;
  tau: number;
  alpha: number;
  kappa: number;
  rho: number;
  seed: number;
  /** The step cap of `stop`, or without it the exact budget. */
  steps: number;
  stop?: StopRule;
  lr: number;
  runs: number;
  /** The preset's other settings (absent: the converged preset's defaults). */
  preset?: PresetName;
  weightDecay?: number;
  batching?: Batching;
  floorSizes?: boolean;
  iterations?: number;
}

export interface TrainedRow {
  res: TrainResult;
  g: GammaStarComparison;
}

/** Trains the point's replicates 0 … runs − 1 (onProgress: steps done of all runs' caps). */
export function trainPoint(
  p: TrainPoint,
  onProgress?: (done: number, total: number, run: number) => void,
): TrainedRow[] {
  const rows: TrainedRow[] = [];
  for (let r = 0; r < p.runs; r++) {
    const { runs: _, preset: __, ...o } = p;
    const t = trainRun({
      ...o,
      replicate: r,
      onProgress: onProgress && ((done, total) => onProgress(r * total + done, p.runs * total, r)),
    });
    rows.push({ res: t.result, g: compareWithGammaStar(t.data, p.rho, GAMMA_LAMBDA, t.iclErrors) });
  }
  return rows;
}

const fmt = (v: number): string => (Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan');

/** The JSON object of the point (numbers as decimal strings); withCpu false drops the CPU seconds. */
export function trainJson(p: TrainPoint, rows: readonly TrainedRow[], withCpu = true): Record<string, unknown> {
  const first = rows[0]!.res;
  const across = (f: (x: TrainedRow) => number) => meanSE(rows.map(f));
  const ms = (m: { mean: number; stderr: number }) => ({
    mean: fmt(m.mean),
    stderr: rows.length > 1 ? fmt(m.stderr) : null,
  });
  const summary: Record<string, unknown> = {
    trainError: ms(across((x) => x.res.trainError)),
    eICL: ms(across((x) => x.res.eICL.mean)),
    eIDG: ms(across((x) => x.res.eIDG.mean)),
    gammaStarTrainError: ms(across((x) => x.g.trainError)),
    gammaStarICL: ms(across((x) => x.g.exactICL)),
    gammaStarIDG: ms(across((x) => x.g.exactIDG)),
  };
  if (withCpu) summary.cpuSecondsPerRun = ms(across((x) => x.res.cpuSeconds));
  return {
    arch: p.arch,
    d: fmt(p.d),
    ell: fmt(first.ell),
    k: fmt(first.k),
    n: fmt(first.n),
    tau: fmt(p.tau),
    alpha: fmt(p.alpha),
    kappa: fmt(p.kappa),
    rho: fmt(p.rho),
    seed: fmt(p.seed),
    // The authors' budget is in iterations (its steps depend on n: each run's are in perRun).
    ...(p.iterations === undefined ? { steps: fmt(p.steps) } : {}),
    stopRule: p.stop ? 'converged' : 'fixed',
    ...(p.preset === 'authors' ? { preset: p.preset } : {}),
    ...(p.iterations === undefined ? {} : { iterations: fmt(p.iterations) }),
    lr: fmt(p.lr),
    batch: fmt(first.batch),
    runs: fmt(rows.length),
    summary,
    perRun: rows.map(({ res, g }) => ({
      replicate: fmt(res.replicate),
      steps: fmt(res.steps),
      stopReason: res.stopReason,
      trainError: fmt(res.trainError),
      eICL: { mean: fmt(res.eICL.mean), stderr: fmt(res.eICL.stderr) },
      eIDG: { mean: fmt(res.eIDG.mean), stderr: fmt(res.eIDG.stderr) },
      gammaStar: {
        lambda: fmt(g.lambda),
        trainError: fmt(g.trainError),
        eICL: fmt(g.exactICL),
        eIDG: fmt(g.exactIDG),
        trainedMinusGammaICL: { mean: fmt(g.trainedMinusGammaICL.mean), stderr: fmt(g.trainedMinusGammaICL.stderr) },
      },
      ...(withCpu ? { cpuSeconds: res.cpuSeconds.toFixed(3) } : {}),
    })),
  };
}
