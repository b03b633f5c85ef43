// The sweep spec: JSON with optional "theory", "simulate" and "train" parts, each list one axis of a
// Cartesian grid. Every mistake is a SpecError naming the file and the JSON path.
//   {"theory":   {"alpha": [...], "kappa": [...], "tau": [...], "rho": [...], "lambda": [...], "digits"?: N,
//                 "tauPerAlpha"?: [...]},     (the ratio τ/α of the limit α, τ → ∞: alpha and tau are then ["inf"])
//    "simulate": {"d": [...], "alpha": [...], "kappa": [...], "tau": [...], "rho": [...], "lambda": [...],
//                 "assignment"?: ["random"|"balanced", ...], "replicates": N, "seed": S},
//    "train":    {"arch": [any of src/train/models.ts ARCHS, ...], "d": [...], "tau": [...], "alpha"?: [...],
//                 "kappa"?: [...], "rho"?: [...], "runs": N, "seed": S, "preset"?: "converged"|"authors",
//                 "steps"?: S, "fixed"?: true|false (converged), "iterations"?: I (authors), "lr"?: L},
//    "ladders":  {"seed": S, "quick"?: false, "only"?: [ladder id, ...], "rounds"?: R | {ladder id: R, ...}},
//    "checkFormula": {"file": "candidate.txt", "seed": S, "budgetSeconds"?: 300, "rounds"?: 1}}
//   (train: the protocol's defaults for the optional entries; every point uses the seed S itself, as
//   `icl-verify train --seed S` does, so a line equals that command's --json object.)
//   (ladders, checkFormula: the replicates of verify's ladder checks and of a check-formula plan, written
//   to an evidence store, not as lines: src/sweep/ladders.ts. A candidate file is read relative to the spec.)

import { dirname, resolve } from 'node:path';
import { CHECK_FORMULA_DEFAULTS } from '../candidate/defaults.js';
import { MAX_OUTPUT_DIGITS } from '../numeric/precision.js';
import { DOMAIN, DOMAIN_KEYS, readNumberOrInf, toFloat, type ParamName } from '../theory/params.js';
import { ARCHS, type ArchName } from '../train/models.js';
import { PRESET_NAMES, PRESETS, PROTOCOL, type PresetName } from '../train/protocol.js';
import { MAX_REGISTRY_SEED, MAX_SEED } from '../numeric/seeds.js';
import { jsonErrorOffset, lineColumn } from './jsonLocate.js';

export class SpecError extends Error {
  override name = 'SpecError';
}

export const SIMULATE_AXES = ['d', 'alpha', 'kappa', 'tau', 'rho', 'lambda', 'assignment'] as const;
type SimulateAxis = (typeof SIMULATE_AXES)[number];
export const TRAIN_AXES = ['arch', 'd', 'alpha', 'kappa', 'tau', 'rho'] as const;
type TrainAxis = (typeof TRAIN_AXES)[number];

/** Axis values are canonical strings: exactly what a result line carries for that parameter. */
interface TheorySpec {
  /** tauPerAlpha only for the joint limit α, τ → ∞ (eval --tau-per-alpha). */
  axes: Record<ParamName, string[]> & { tauPerAlpha?: string[] };
  digits: number | null;
}

interface SimulateSpec {
  axes: Record<SimulateAxis, string[]>;
  replicates: number;
  seed: number;
}

/** The training protocol is shared by every point of the part; the axes are the point's parameters. */
interface TrainSpec {
  axes: Record<TrainAxis, string[]>;
  runs: number;
  seed: number;
  steps: number;
  /** false: until converged (the protocol's stopping rule, capped at `steps`); true: exactly `steps`. */
  fixed: boolean;
  lr: number;
  /** The training preset (default converged); authors trains a fixed budget of `iterations`. */
  preset: PresetName;
  iterations?: number;
}

/** verify's ladder checks: their designs at `seed` (quick or full), `rounds` times the replicates. */
export interface LaddersPart {
  seed: number;
  quick: boolean;
  /** Ladder ids (`sim.extrapolation.<id>`), in the spec's order; all when absent. */
  only?: string[];
  /** One count for every ladder, or per ladder id (1 for a ladder not named). */
  rounds: number | Record<string, number>;
}

/** A check-formula plan: the candidate file (as written, and its path relative to the spec), seed, budget. */
export interface FormulaPart {
  file: string;
  path: string;
  seed: number;
  budgetSeconds: number;
  rounds: number;
}

export interface SweepSpec {
  theory?: TheorySpec;
  simulate?: SimulateSpec;
  train?: TrainSpec;
  ladders?: LaddersPart;
  checkFormula?: FormulaPart;
}

/** The largest number of rounds a ladders part may ask for. */
const MAX_ROUNDS = 1000;

/** Largest grid a spec may describe (the point list is held in memory). */
const MAX_POINTS = 2_000_000;
const MAX_REPLICATES = 1_000_000;

export function parseSpec(text: string, file: string): SweepSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const at = jsonErrorOffset(text);
    const { line, column } = lineColumn(text, at < 0 ? text.length : at);
    const found = at >= 0 && at < text.length ? `unexpected ${JSON.stringify(text[at])}` : 'unexpected end of input';
    throw new SpecError(`${file}:${line}:${column}: invalid JSON: ${found} (${firstLine((err as Error).message)})`);
  }
  const where = (path: string): string => `${file}: ${path}`;
  const top = object(raw, file, '(top level)');
  const parts = ['theory', 'simulate', 'train', 'ladders', 'checkFormula'];
  unknownKeys(top, parts, where(''), '');
  if (parts.every((p) => top[p] === undefined))
    throw new SpecError(
      `${file}: needs at least one part: ${parts
        .map((p) => `"${p}"`)
        .join(', ')
        .replace(/, ([^,]*)$/, ' or $1')}`,
    );
  const spec: SweepSpec = {};
  if (top.theory !== undefined) {
    const t = object(top.theory, file, 'theory');
    unknownKeys(t, [...DOMAIN_KEYS, 'digits'], where(''), 'theory.');
    const axes = {} as TheorySpec['axes'];
    for (const name of DOMAIN_KEYS)
      if (!DOMAIN[name].jointLimitOnly || t[name] !== undefined)
        axes[name] = numberAxis(t, name, `theory.${name}`, file, canonicalTheory, DOMAIN[name].allowInf);
    if (t.tauPerAlpha !== undefined) {
      const onlyInf = (a: string[]): boolean => a.length === 1 && a[0] === 'inf';
      if (!onlyInf(axes.alpha) || !onlyInf(axes.tau)) {
        throw new SpecError(
          `${where('theory.tauPerAlpha')} is the ratio tau/alpha of the limit ` +
            `alpha, tau -> inf: theory.alpha and theory.tau must then both be ["inf"]`,
        );
      }
    }
    const digits = t.digits === undefined ? null : integer(t.digits, 1, MAX_OUTPUT_DIGITS, where('theory.digits'));
    spec.theory = { axes, digits };
  }
  if (top.simulate !== undefined) {
    const s = object(top.simulate, file, 'simulate');
    unknownKeys(s, [...SIMULATE_AXES, 'replicates', 'seed'], where(''), 'simulate.');
    const axes = {} as SimulateSpec['axes'];
    for (const name of SIMULATE_AXES) {
      if (name === 'assignment')
        axes.assignment =
          s.assignment === undefined ? ['random'] : assignmentAxis(s.assignment, where('simulate.assignment'));
      else
        axes[name] = numberAxis(
          s,
          name,
          `simulate.${name}`,
          file,
          canonicalSim,
          name !== 'd' && DOMAIN[name].infAtFiniteD,
        );
    }
    if (s.replicates === undefined) throw new SpecError(`${where('simulate.replicates')} is missing (an integer >= 1)`);
    if (s.seed === undefined)
      throw new SpecError(`${where('simulate.seed')} is missing (an integer in [0, ${Number.MAX_SAFE_INTEGER}])`);
    spec.simulate = {
      axes,
      replicates: integer(s.replicates, 1, MAX_REPLICATES, where('simulate.replicates')),
      seed: integer(s.seed, 0, Number.MAX_SAFE_INTEGER, where('simulate.seed')),
    };
  }
  if (top.train !== undefined) spec.train = trainPart(object(top.train, file, 'train'), file);
  if (top.ladders !== undefined) spec.ladders = laddersPart(object(top.ladders, file, 'ladders'), file);
  if (top.checkFormula !== undefined)
    spec.checkFormula = formulaPart(object(top.checkFormula, file, 'checkFormula'), file);
  const count = pointCount(spec);
  if (count > MAX_POINTS)
    throw new SpecError(
      `${file}: the grid has ${count} points, more than the ${MAX_POINTS} a sweep handles; split the spec`,
    );
  return spec;
}

function pointCount(spec: SweepSpec): number {
  const prod = (axes: Record<string, string[]> | undefined): number =>
    axes ? Object.values(axes).reduce((p, a) => p * a.length, 1) : 0;
  return prod(spec.theory?.axes) + prod(spec.simulate?.axes) + prod(spec.train?.axes);
}

function trainPart(t: Record<string, unknown>, file: string): TrainSpec {
  const where = (path: string): string => `${file}: train.${path}`;
  unknownKeys(
    t,
    [...TRAIN_AXES, 'runs', 'seed', 'steps', 'fixed', 'lr', 'preset', 'iterations'],
    `${file}: `,
    'train.',
  );
  if (t.preset !== undefined && !(PRESET_NAMES as readonly unknown[]).includes(t.preset))
    throw new SpecError(
      `${where('preset')} must be ${PRESET_NAMES.map((n) => `"${n}"`).join(' or ')}, got ${describe(t.preset)}`,
    );
  const preset = (t.preset ?? 'converged') as PresetName;
  if (preset === 'authors' && (t.steps !== undefined || t.fixed !== undefined))
    throw new SpecError(`${where('preset')} "authors" takes "iterations", not "steps" or "fixed"`);
  if (preset === 'converged' && t.iterations !== undefined)
    throw new SpecError(`${where('iterations')} belongs to the "authors" preset`);
  const defaults: Record<string, Array<number | string>> = {
    alpha: [PROTOCOL.alpha],
    kappa: ['inf'],
    rho: [PROTOCOL.rho],
  };
  const axes = {} as TrainSpec['axes'];
  for (const name of TRAIN_AXES) {
    if (name === 'arch') axes.arch = archAxis(t.arch, where('arch'));
    else
      axes[name] = numberAxis(
        name in defaults && t[name] === undefined ? { [name]: defaults[name] } : t,
        name,
        `train.${name}`,
        file,
        canonicalSim,
        name === 'kappa',
      );
  }
  if (t.runs === undefined) throw new SpecError(`${where('runs')} is missing (an integer >= 1)`);
  if (t.seed === undefined) throw new SpecError(`${where('seed')} is missing (an integer in [0, ${MAX_SEED}])`);
  if (t.fixed !== undefined && typeof t.fixed !== 'boolean')
    throw new SpecError(`${where('fixed')} must be true or false, got ${describe(t.fixed)}`);
  let lr = PRESETS[preset].lr;
  if (t.lr !== undefined) {
    if (typeof t.lr !== 'number' || !(t.lr > 0) || !Number.isFinite(t.lr))
      throw new SpecError(`${where('lr')} must be a finite number > 0, got ${describe(t.lr)}`);
    lr = t.lr;
  }
  return {
    axes,
    runs: integer(t.runs, 1, 10_000, where('runs')),
    seed: integer(t.seed, 0, MAX_SEED, where('seed')),
    steps: t.steps === undefined ? PROTOCOL.steps : integer(t.steps, 1, 1e9, where('steps')),
    fixed: t.fixed === true,
    lr,
    preset,
    ...(preset === 'authors'
      ? {
          iterations:
            t.iterations === undefined
              ? PRESETS.authors.iterations!
              : integer(t.iterations, 1, 1e9, where('iterations')),
        }
      : {}),
  };
}

function laddersPart(t: Record<string, unknown>, file: string): LaddersPart {
  const where = (path: string): string => `${file}: ladders.${path}`;
  unknownKeys(t, ['seed', 'quick', 'only', 'rounds'], `${file}: `, 'ladders.');
  if (t.seed === undefined)
    throw new SpecError(`${where('seed')} is missing (an integer in [0, ${MAX_REGISTRY_SEED}], as verify --seed)`);
  if (t.quick !== undefined && typeof t.quick !== 'boolean')
    throw new SpecError(`${where('quick')} must be true or false, got ${describe(t.quick)}`);
  const list = t.only;
  if (list !== undefined && (!Array.isArray(list) || list.length === 0))
    throw new SpecError(`${where('only')} must be a non-empty list of ladder ids, got ${describe(list)}`);
  const only = (list as unknown[] | undefined)?.map((v, i, all) => {
    if (typeof v !== 'string' || v === '')
      throw new SpecError(`${where(`only[${i}]`)} must be a ladder id, got ${describe(v)}`);
    if (all.indexOf(v) !== i) throw new SpecError(`${where(`only[${i}]`)} repeats "${v}"`);
    return v;
  });
  return {
    seed: integer(t.seed, 0, MAX_REGISTRY_SEED, where('seed')),
    quick: t.quick === true,
    ...(only ? { only } : {}),
    rounds: roundsOf(t.rounds, where('rounds')),
  };
}

/** `rounds`: an integer, or an object of integers by ladder id (ids are checked against the ladders later). */
function roundsOf(v: unknown, where: string): number | Record<string, number> {
  if (v === undefined) return 1;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return integer(v, 1, MAX_ROUNDS, where);
  const entries = Object.entries(v);
  if (entries.length === 0)
    throw new SpecError(`${where} is an empty object (give a count per ladder id, or one count)`);
  return Object.fromEntries(entries.map(([id, n]) => [id, integer(n, 1, MAX_ROUNDS, `${where}.${id}`)]));
}

function formulaPart(t: Record<string, unknown>, file: string): FormulaPart {
  const where = (path: string): string => `${file}: checkFormula.${path}`;
  unknownKeys(t, ['file', 'seed', 'budgetSeconds', 'rounds'], `${file}: `, 'checkFormula.');
  if (typeof t.file !== 'string' || t.file === '')
    throw new SpecError(`${where('file')} must be the candidate file's path, got ${describe(t.file)}`);
  if (t.seed === undefined)
    throw new SpecError(`${where('seed')} is missing (an integer in [0, ${MAX_SEED}], as check-formula --seed)`);
  const D = CHECK_FORMULA_DEFAULTS;
  return {
    file: t.file,
    path: resolve(dirname(file), t.file),
    seed: integer(t.seed, 0, MAX_SEED, where('seed')),
    budgetSeconds:
      t.budgetSeconds === undefined
        ? D.budgetSeconds
        : integer(t.budgetSeconds, D.minBudgetSeconds, D.maxBudgetSeconds, where('budgetSeconds')),
    rounds: t.rounds === undefined ? 1 : integer(t.rounds, 1, MAX_ROUNDS, where('rounds')),
  };
}

function archAxis(list: unknown, where: string): ArchName[] {
  const allowed = ARCHS.map((a) => `"${a}"`).join(' or ');
  if (list === undefined) throw new SpecError(`${where} is missing (a list of ${allowed})`);
  if (!Array.isArray(list)) throw new SpecError(`${where} must be a list of ${allowed}, got ${describe(list)}`);
  if (list.length === 0)
    throw new SpecError(`${where} is an empty list: every axis needs at least one value (the grid would be empty)`);
  list.forEach((v, i) => {
    if (!(ARCHS as readonly unknown[]).includes(v))
      throw new SpecError(`${where}[${i}] must be ${allowed}, got ${describe(v)}`);
    if (list.indexOf(v) !== i) throw new SpecError(`${where}[${i}] repeats "${v}"`);
  });
  return list as ArchName[];
}

/** Theory values stay the decimal strings given (eval reads them exactly at any precision). */
function canonicalTheory(v: number | string): string {
  return typeof v === 'number' ? String(v) : readNumberOrInf(v, true)!;
}

/** Simulation runs in float64: the canonical form is the shortest string of the double ('inf' for ∞). */
function canonicalSim(v: number | string): string {
  const n = typeof v === 'number' ? v : toFloat(readNumberOrInf(v, true)!);
  return n === Infinity ? 'inf' : String(n);
}

function numberAxis(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  file: string,
  canon: (v: number | string) => string,
  allowInf: boolean,
): string[] {
  const where = `${file}: ${path}`;
  const list = obj[key];
  if (list === undefined) throw new SpecError(`${where} is missing (a list of numbers${allowInf ? ' or "inf"' : ''})`);
  if (!Array.isArray(list))
    throw new SpecError(`${where} must be a list of numbers${allowInf ? ' or "inf"' : ''}, got ${describe(list)}`);
  if (list.length === 0)
    throw new SpecError(`${where} is an empty list: every axis needs at least one value (the grid would be empty)`);
  const seen = new Map<string, number>();
  return list.map((v, i) => {
    const ok =
      (typeof v === 'number' && Number.isFinite(v)) ||
      (typeof v === 'string' && readNumberOrInf(v, allowInf) !== undefined);
    if (!ok) throw new SpecError(`${where}[${i}] must be a number${allowInf ? ' or "inf"' : ''}, got ${describe(v)}`);
    const c = canon(v as number | string);
    if (seen.has(c)) throw new SpecError(`${where}[${i}] repeats ${JSON.stringify(v)} (same as [${seen.get(c)}])`);
    seen.set(c, i);
    return c;
  });
}

function assignmentAxis(list: unknown, where: string): string[] {
  if (!Array.isArray(list))
    throw new SpecError(`${where} must be a list of "random" or "balanced", got ${describe(list)}`);
  if (list.length === 0)
    throw new SpecError(`${where} is an empty list: every axis needs at least one value (the grid would be empty)`);
  list.forEach((v, i) => {
    if (v !== 'random' && v !== 'balanced')
      throw new SpecError(`${where}[${i}] must be "random" or "balanced", got ${describe(v)}`);
    if (list.indexOf(v) !== i) throw new SpecError(`${where}[${i}] repeats "${v}"`);
  });
  return list as string[];
}

function integer(v: unknown, lo: number, hi: number, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < lo || v > hi)
    throw new SpecError(`${where} must be an integer in [${lo}, ${hi}], got ${describe(v)}`);
  return v;
}

function object(v: unknown, file: string, path: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new SpecError(`${file}: ${path} must be an object, got ${describe(v)}`);
  return v as Record<string, unknown>;
}

function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string, prefix: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k))
      throw new SpecError(
        `${where}unknown key "${prefix}${k}" (allowed ` +
          `in ${prefix ? prefix.slice(0, -1) : 'the top level'}: ${allowed.join(', ')})`,
      );
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

const firstLine = (m: string): string => m.split('\n')[0]!.slice(0, 120);
