// Training one architecture on one replicate's pretraining data: AdamW on minibatches (a fresh random
// permutation each epoch, cut into batches of a fixed fraction of the n contexts), mean squared error on
// the query's label, then the errors on fresh test contexts. Pure function of its options: every draw is
// from a stream keyed by (seed, replicate, purpose/d), so a run is reproducible bit for bit.
import { ensure } from '../numeric/domain.js';
import { mean, stderrOfMean } from '../numeric/stats.js';
import { sizes } from '../sim/replicate.js';
import { stream } from '../sim/rng.js';
import { MAX_SEED } from '../numeric/seeds.js';
import type { Assignment } from '../sim/tasks.js';
import { trainingSet, type DataSpec, type TrainingSet } from './tokenContexts.js';
import { architecture, ARCHITECTURES, ARCHS, type ArchName, type Prepared } from './models.js';

export interface TrainOptions {
  arch: ArchName;
  d: number;
  alpha: number;
  kappa: number;
  tau: number;
  rho: number;
  seed: number;
  replicate: number;
  /** Optimizer steps: the budget, or with `stop` the cap. */
  steps: number;
  /**
   * The authors' budget, which replaces `steps` when given: this many iterations of 1 + ⌊n / batch⌋
   * minibatch steps each (their loop), so steps = iterations · stepsPerIteration(n, batch).
   */
  iterations?: number;
  /** Train until this rule says converged (at most `steps` steps); without it, exactly `steps` steps. */
  stop?: StopRule;
  lr?: number;
  weightDecay?: number;
  /** Minibatch size as a fraction of n (rounded; truncated under `floorSizes`). */
  batchFraction?: number;
  /**
   * 'epoch' (default): a fresh permutation each epoch, cut into minibatches; 'subset': each minibatch an
   * independent draw of distinct contexts (the authors' sampler).
   */
  batching?: Batching;
  /** ℓ = int(αd), n = int(τd²) and the minibatch int(0.1 n), truncated as the authors do (default: rounded). */
  floorSizes?: boolean;
  /** Store the forward and backward passes of the tape models in float32 (default float64). */
  float32?: boolean;
  /** Fresh test contexts for each of the ICL and IDG errors. */
  nTest?: number;
  assignment?: Assignment;
  /** Called every `progressEvery` steps with the number done. */
  onProgress?: (done: number, total: number) => void;
}

export type Batching = 'epoch' | 'subset';

const TRAIN_DEFAULTS = {
  lr: 1e-4,
  weightDecay: 0.01,
  batchFraction: 0.1,
  nTest: 1000,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
};

/**
 * When training has converged, decided on the full training loss L evaluated every `checkEvery` steps:
 * 'floor' once L < floor (interpolated: far below the zero level, where the threshold's classification is
 * settled), or 'converged' once at least `minSteps` steps are done and the best L of the last
 * `windowFraction` of the run is not `relTol` (relative) below the best L before it. A loss that keeps
 * falling like a power law t^-p with p above about relTol / windowFraction is not stopped; a plateau is.
 */
export interface StopRule {
  checkEvery: number;
  minSteps: number;
  windowFraction: number;
  relTol: number;
  floor: number;
}

export type StopReason = 'floor' | 'converged' | 'cap' | 'budget';

/** The stopping decision after the last entry of `history` ([step, full training loss], steps ascending). */
export function stopDecision(
  history: ReadonlyArray<readonly [number, number]>,
  rule: StopRule,
): 'floor' | 'converged' | null {
  const last = history[history.length - 1];
  if (!last) return null;
  const [t, loss] = last;
  if (loss < rule.floor) return 'floor';
  if (t < rule.minSteps) return null;
  const start = t - rule.windowFraction * t;
  let before = Infinity;
  let inside = Infinity;
  for (const [s, l] of history) {
    if (s <= start) before = Math.min(before, l);
    else inside = Math.min(inside, l);
  }
  return before < Infinity && inside >= (1 - rule.relTol) * before ? 'converged' : null;
}

export interface MeanSE {
  mean: number;
  stderr: number;
}

export interface TrainResult {
  arch: ArchName;
  d: number;
  ell: number;
  k: number;
  n: number;
  tau: number;
  seed: number;
  replicate: number;
  /** Steps done, the cap (or budget), and why training stopped. */
  steps: number;
  stepCap: number;
  stopReason: StopReason;
  batch: number;
  /** Mean squared error on the n training contexts at the end. */
  trainError: number;
  /** [step, training error] every 1/20 of the budget, or at each check of the stopping rule (first entry: at initialization). */
  trainCurve: Array<[number, number]>;
  eICL: MeanSE;
  eIDG: MeanSE;
  /** CPU seconds of the whole run (data, training, test), this thread. */
  cpuSeconds: number;
  theta: Float64Array;
}

function dataSpec(
  o: Pick<TrainOptions, 'd' | 'alpha' | 'kappa' | 'tau' | 'rho' | 'seed' | 'assignment' | 'floorSizes'>,
): DataSpec {
  const { ell, k, n } = o.floorSizes
    ? {
        ell: Math.floor(o.alpha * o.d),
        k: o.kappa === Infinity ? Infinity : Math.floor(o.kappa * o.d),
        n: Math.floor(o.tau * o.d * o.d),
      }
    : sizes(o.d, o.alpha, o.kappa, o.tau);
  return { d: o.d, ell, k, n, rho: o.rho, seed: o.seed, assignment: o.assignment ?? 'random' };
}

/** Validates a training run's options (DomainError naming the parameter on bad input). */
export function checkTrainOptions(o: TrainOptions): DataSpec {
  ensure(ARCHS.includes(o.arch), 'arch', ARCHS.join(' | '), o.arch);
  ensure(Number.isInteger(o.d) && o.d >= 2 && o.d <= 200, 'd', 'an integer in [2, 200]', o.d);
  ensure(Number.isFinite(o.alpha) && o.alpha > 0, 'alpha', 'a finite number > 0', o.alpha);
  ensure(o.kappa === Infinity || (Number.isFinite(o.kappa) && o.kappa > 0), 'kappa', 'a number > 0 or inf', o.kappa);
  ensure(Number.isFinite(o.tau) && o.tau > 0, 'tau', 'a finite number > 0', o.tau);
  ensure(Number.isFinite(o.rho) && o.rho >= 0, 'rho', 'a finite number >= 0', o.rho);
  ensure(
    Number.isSafeInteger(o.seed) && o.seed >= 0 && o.seed <= MAX_SEED,
    'seed',
    `an integer in [0, ${MAX_SEED}]`,
    o.seed,
  );
  ensure(Number.isInteger(o.steps) && o.steps >= 1, 'steps', 'an integer >= 1', o.steps);
  if (o.iterations !== undefined)
    ensure(Number.isInteger(o.iterations) && o.iterations >= 1, 'iterations', 'an integer >= 1', o.iterations);
  if (o.stop) {
    const r = o.stop;
    ensure(Number.isInteger(r.checkEvery) && r.checkEvery >= 1, 'stop.checkEvery', 'an integer >= 1', r.checkEvery);
    ensure(Number.isInteger(r.minSteps) && r.minSteps >= 0, 'stop.minSteps', 'an integer >= 0', r.minSteps);
    ensure(r.windowFraction > 0 && r.windowFraction < 1, 'stop.windowFraction', 'a number in (0, 1)', r.windowFraction);
    ensure(r.relTol > 0 && r.relTol < 1, 'stop.relTol', 'a number in (0, 1)', r.relTol);
    ensure(Number.isFinite(r.floor) && r.floor >= 0, 'stop.floor', 'a finite number >= 0', r.floor);
  }
  const lr = o.lr ?? TRAIN_DEFAULTS.lr;
  ensure(Number.isFinite(lr) && lr > 0, 'lr', 'a finite number > 0', lr);
  const wd = o.weightDecay ?? TRAIN_DEFAULTS.weightDecay;
  ensure(Number.isFinite(wd) && wd >= 0, 'weight-decay', 'a finite number >= 0', wd);
  const bf = o.batchFraction ?? TRAIN_DEFAULTS.batchFraction;
  ensure(Number.isFinite(bf) && bf > 0 && bf <= 1, 'batch-fraction', 'a number in (0, 1]', bf);
  ensure(
    o.batching === undefined || o.batching === 'epoch' || o.batching === 'subset',
    'batching',
    'epoch | subset',
    o.batching,
  );
  const s = dataSpec(o);
  ensure(s.ell >= 1, 'ell', 'an integer >= 1 (ell = round(alpha d))', `${s.ell} (alpha ${o.alpha}, d ${o.d})`);
  ensure(s.k >= 1, 'k', 'an integer >= 1 (k = round(kappa d))', `${s.k} (kappa ${o.kappa}, d ${o.d})`);
  ensure(
    s.n >= 10,
    'n',
    'an integer >= 10 (n = round(tau d^2); minibatches are a tenth of it)',
    `${s.n} (tau ${o.tau}, d ${o.d})`,
  );
  // Tokens (ℓ(d+1) doubles per context) of the training and two test sets, plus what the architecture keeps per context.
  const contexts = s.n + 2 * (o.nTest ?? TRAIN_DEFAULTS.nTest);
  const bytes = contexts * (8 * s.ell * (s.d + 1) + ARCHITECTURES[o.arch].extraBytes(s.d));
  ensure(
    bytes <= 2 ** 31,
    'memory',
    '<= 2 GiB of token and statistics storage',
    `${(bytes / 2 ** 20).toFixed(0)} MiB for d=${o.d}, n=${s.n}`,
  );
  return s;
}

/** Squared error of each context. */
function contextErrors(p: Prepared, theta: Float64Array): Float64Array {
  const one = new Uint32Array(1);
  const out = new Float64Array(p.n);
  for (let mu = 0; mu < p.n; mu++) {
    one[0] = mu;
    out[mu] = p.lossGrad(theta, one, 1, null);
  }
  return out;
}

/** Mean and standard error of a sample (stderr NaN for a single value). */
export function meanSE(v: ArrayLike<number>): MeanSE {
  const a = Array.from(v);
  return { mean: mean(a), stderr: a.length > 1 ? stderrOfMean(a) : NaN };
}

/** Contexts per minibatch: the fraction of n, rounded (or truncated, as the authors' int(0.1 n)), at least 1. */
export function batchSize(n: number, fraction: number, floor: boolean): number {
  return Math.max(1, floor ? Math.floor(fraction * n) : Math.round(fraction * n));
}

/** Minibatches per iteration of the authors' loop: 1 + ⌊n / batch⌋ (11 for a batch of a tenth of n). */
export function stepsPerIteration(n: number, batch: number): number {
  return 1 + Math.floor(n / batch);
}

export interface Trained {
  result: TrainResult;
  data: TrainingSet;
  /** Squared error on each ICL test context (for paired comparisons on the same contexts). */
  iclErrors: Float64Array;
}

export function trainRun(o: TrainOptions): Trained {
  const spec = checkTrainOptions(o);
  const cpu0 = process.cpuUsage();
  const nTest = o.nTest ?? TRAIN_DEFAULTS.nTest;
  const lr = o.lr ?? TRAIN_DEFAULTS.lr;
  const wd = o.weightDecay ?? TRAIN_DEFAULTS.weightDecay;
  const { beta1, beta2, eps } = TRAIN_DEFAULTS;
  const data = trainingSet(spec, o.replicate, nTest);
  const arch = architecture(o.arch, o.d);
  const key = (purpose: string) => stream(o.seed, o.replicate, `${purpose}/${o.arch}/d=${o.d}`);
  const theta = arch.init(key('train-init'));
  const train = arch.prepare(data.train, o.float32);
  const n = spec.n;
  const batch = batchSize(n, o.batchFraction ?? TRAIN_DEFAULTS.batchFraction, o.floorSizes ?? false);
  const perEpoch = o.batching === 'subset' ? 1 : Math.max(1, Math.floor(n / batch));
  const subset = o.batching === 'subset';
  const budget = o.iterations === undefined ? o.steps : o.iterations * stepsPerIteration(n, batch);
  const order = new Uint32Array(n).map((_, i) => i);
  const shuffle = key('train-batches');
  const grad = new Float64Array(arch.nParams);
  const m1 = new Float64Array(arch.nParams);
  const m2 = new Float64Array(arch.nParams);
  const curve: Array<[number, number]> = [];
  const every = o.stop ? o.stop.checkEvery : Math.max(1, Math.floor(budget / 20));
  const progressEvery = Math.max(1, Math.floor(budget / 100));
  let b1t = 1;
  let b2t = 1;
  let step = 0;
  let stopReason: StopReason = o.stop ? 'cap' : 'budget';
  for (; step < budget; step++) {
    if (step % every === 0) {
      curve.push([step, train.lossGrad(theta, null, n, null)]);
      const why = o.stop && stopDecision(curve, o.stop);
      if (why) {
        stopReason = why;
        break;
      }
    }
    const slot = step % perEpoch;
    if (slot === 0) {
      // A whole permutation per epoch; for 'subset', only its first `batch` places (a uniform draw of distinct contexts).
      const lo = subset ? Math.max(1, n - batch) : 1;
      for (let i = n - 1; i >= lo; i--) {
        const j = shuffle.int(i + 1);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
    }
    const from = subset ? n - batch : slot * batch;
    train.lossGrad(theta, order.subarray(from, from + batch), batch, grad);
    b1t *= beta1;
    b2t *= beta2;
    const c1 = 1 / (1 - b1t);
    const c2 = 1 / (1 - b2t);
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i]!;
      const a = beta1 * m1[i]! + (1 - beta1) * g;
      const b = beta2 * m2[i]! + (1 - beta2) * g * g;
      m1[i] = a;
      m2[i] = b;
      // Decoupled weight decay (AdamW): the shrink is applied to θ, not folded into the gradient.
      theta[i] = theta[i]! * (1 - lr * wd) - (lr * a * c1) / (Math.sqrt(b * c2) + eps);
    }
    if (o.onProgress && (step + 1) % progressEvery === 0) o.onProgress(step + 1, budget);
  }
  const trainError = train.lossGrad(theta, null, n, null);
  if (curve[curve.length - 1]![0] !== step) curve.push([step, trainError]);
  const iclErrors = contextErrors(arch.prepare(data.testICL), theta);
  const eICL = meanSE(iclErrors);
  const eIDG = meanSE(contextErrors(arch.prepare(data.testIDG), theta));
  const cpu = process.cpuUsage(cpu0);
  return {
    data,
    iclErrors,
    result: {
      arch: o.arch,
      d: o.d,
      ell: spec.ell,
      k: spec.k,
      n,
      tau: o.tau,
      seed: o.seed,
      replicate: o.replicate,
      steps: step,
      stepCap: budget,
      stopReason,
      batch,
      trainError,
      trainCurve: curve,
      eICL,
      eIDG,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      theta,
    },
  };
}
