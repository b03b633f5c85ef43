// icl-verify train: one trained architecture at one (d, τ), replicates, and Γ* on the same data.
import { choiceFlag, parseArgs, intFlag, UsageError, type ParsedArgs } from '../args.js';
import { progressBar } from '../progress.js';
import { readNumberOrInf, toFloat } from '../../theory/params.js';
import { MAX_SEED } from '../../numeric/seeds.js';
import { ARCHITECTURES, ARCHS } from '../../train/models.js';
import { PRESET_NAMES, PROTOCOL, presetOptions } from '../../train/protocol.js';
import { GAMMA_LAMBDA, trainJson, trainPoint } from '../../train/trainJson.js';

export const help = `usage: icl-verify train --arch A --d D --tau T [--preset authors|converged] [--alpha A] [--kappa K]
                        [--rho R] [--runs N] [--seed S] [--steps S] [--iterations I] [--fixed] [--lr L] [--json]

Trains an attention model on n = tau d^2 pretraining contexts (the same samplers, tasks and seeds as the
Gamma* fits of 'simulate'), with AdamW on minibatches of 10% of n and the squared error on the query's
label, then reports its training error and its ICL and IDG errors on 1000 fresh test contexts each, next
to Gamma* (ridge lambda = ${GAMMA_LAMBDA}) fitted on the same contexts.
  --arch A        ${ARCHS.map((a) => `${a}: ${ARCHITECTURES[a].description}`).join('\n                  ')}
  --d D           token dimension, integer in [2, 200]
  --tau T         n / d^2, > 0 (n >= 10)
  --preset P      converged (default): until converged (cap --steps, default ${PROTOCOL.steps}), lr ${PROTOCOL.lr},
                  weight decay 0.01, permuted epochs, n and l rounded;
                  authors: --iterations (default 100000) of 1 + n/int(0.1 n) minibatches drawn without
                  replacement, lr 1e-4, weight decay 1e-4, n = int(tau d^2), l = int(alpha d)
  --alpha A       context length l = alpha d (default ${PROTOCOL.alpha})
  --kappa K       tasks k = kappa d, or inf for a fresh task per context (default inf)
  --rho R         label noise variance >= 0 (default ${PROTOCOL.rho})
  --runs N        independent replicates (default 1)
  --seed S        reproduces every run bit for bit (default 1)
  --steps S       converged: the step cap; with --fixed, the exact budget
  --iterations I  authors: the budget in iterations
  --fixed         converged: train exactly --steps steps instead of until converged
  --lr L          AdamW learning rate instead of the preset's (betas 0.9, 0.999)
  --json          one JSON object, numbers as decimal strings
Exit 0; 2 with one line for bad input. Replicate r uses the Gamma* fits' streams (seed, r, .../d=D).`;

/** A number flag ('inf' where allowed), or `fallback` when absent (required when fallback is undefined). */
function numberFlag(args: ParsedArgs, name: string, allowInf: boolean, fallback?: number): number {
  const raw = args.values.get(name);
  if (raw === undefined) {
    if (fallback === undefined)
      throw new UsageError(`missing --${name} (${allowInf ? 'a number or inf' : 'a number'})`);
    return fallback;
  }
  const s = readNumberOrInf(raw, allowInf);
  const v = s === undefined ? NaN : toFloat(s);
  if (s === undefined || (s !== 'inf' && !Number.isFinite(v)))
    throw new UsageError(`--${name} must be ${allowInf ? 'a number or inf' : 'a finite number'}, got '${raw}'`);
  return v;
}

export function run(argv: string[]): number {
  const args = parseArgs(argv, {
    values: ['arch', 'd', 'tau', 'preset', 'alpha', 'kappa', 'rho', 'runs', 'seed', 'steps', 'iterations', 'lr'],
    switches: ['json', 'fixed'],
  });
  if (!args.values.has('arch')) throw new UsageError(`missing --arch (${ARCHS.join(' | ')})`);
  const arch = choiceFlag(args, 'arch', ARCHS, 'linear');
  const presetName = choiceFlag(args, 'preset', PRESET_NAMES, 'converged');
  if (presetName === 'authors' && (args.values.has('steps') || args.switches.has('fixed')))
    throw new UsageError('--preset authors takes --iterations, not --steps or --fixed');
  if (presetName === 'converged' && args.values.has('iterations'))
    throw new UsageError('--iterations belongs to --preset authors (converged takes --steps)');
  const preset = presetOptions(presetName, {
    steps: intFlag(args, 'steps', 1, 1e9, PROTOCOL.steps),
    iterations: args.values.has('iterations') ? intFlag(args, 'iterations', 1, 1e9, 1) : undefined,
  });
  const d = intFlag(args, 'd', -1e9, 1e9, NaN);
  if (Number.isNaN(d)) throw new UsageError('missing --d (an integer in [2, 200])');
  const opt = (name: string, fallback: number, inf = false): number => numberFlag(args, name, inf, fallback);
  const base = {
    arch,
    d,
    tau: numberFlag(args, 'tau', false),
    alpha: opt('alpha', PROTOCOL.alpha),
    kappa: opt('kappa', PROTOCOL.kappa, true),
    rho: opt('rho', PROTOCOL.rho),
    seed: intFlag(args, 'seed', 0, MAX_SEED, 1),
    ...preset,
    preset: presetName,
    stop: args.switches.has('fixed') ? undefined : preset.stop,
    lr: opt('lr', preset.lr),
  };
  const runs = intFlag(args, 'runs', 1, 10_000, 1);
  const bar = progressBar();
  const point = { ...base, runs };
  const rows = trainPoint(point, (done, total, r) =>
    bar.update(done, total, `train ${arch} d=${d} run ${r + 1}/${runs}`),
  );
  bar.end();
  if (args.switches.has('json')) {
    process.stdout.write(JSON.stringify(trainJson(point, rows), null, 2) + '\n');
    return 0;
  }
  const first = rows[0]!.res;
  const k = first.k === Infinity ? 'inf (fresh task per context)' : String(first.k);
  const lines = [
    `${arch} (${ARCHITECTURES[arch].description}), d = ${d}, ell = ${first.ell}, k = ${k}, n = ${first.n} (tau ${base.tau}), rho = ${base.rho}`,
    `preset ${presetName}: AdamW lr ${base.lr}, weight decay ${base.weightDecay}, minibatches of ${first.batch} contexts, ${base.stop ? `until converged (cap ${first.stepCap} steps)` : `${first.stepCap} steps`}; ${runs} run(s), seed ${base.seed}`,
  ];
  for (const { res, g } of rows)
    lines.push(
      `run ${res.replicate}: ${res.steps} steps (${res.stopReason}), train ${res.trainError.toExponential(3)}  e_ICL ${res.eICL.mean.toFixed(4)} ± ${res.eICL.stderr.toFixed(4)}  e_IDG ${res.eIDG.mean.toFixed(4)} ± ${res.eIDG.stderr.toFixed(4)}` +
        `  | Gamma* train ${g.trainError.toExponential(3)} e_ICL ${g.exactICL.toFixed(4)} e_IDG ${g.exactIDG.toFixed(4)}; trained - Gamma* (same test contexts) ${g.trainedMinusGammaICL.mean.toFixed(4)} ± ${g.trainedMinusGammaICL.stderr.toFixed(4)}  ${res.cpuSeconds.toFixed(2)} CPU s`,
    );
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
