// Flag parsing shared by every subcommand: `--name value` or `--name=value`, boolean switches,
// positionals. Any misuse becomes a UsageError, which the CLI prints as one line and exits 2.

export class UsageError extends Error {
  override name = 'UsageError';
}

interface FlagSpec {
  /** Flags that take a value. */
  values?: readonly string[];
  /** Flags that take no value. */
  switches?: readonly string[];
  /** How many positionals are allowed (default 0). */
  maxPositionals?: number;
}

export interface ParsedArgs {
  values: Map<string, string>;
  switches: Set<string>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const valueFlags = new Set(spec.values ?? []);
  const switchFlags = new Set(spec.switches ?? []);
  const out: ParsedArgs = { values: new Map(), switches: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      if (arg === '--') continue;
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (switchFlags.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.switches.add(name);
    } else if (valueFlags.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      if (out.values.has(name)) throw new UsageError(`--${name} given twice`);
      out.values.set(name, value);
    } else {
      const known = [...valueFlags, ...switchFlags].map((f) => `--${f}`).join(', ');
      throw new UsageError(`unknown flag --${name} (allowed: ${known || 'none'})`);
    }
  }
  if (out.positionals.length > (spec.maxPositionals ?? 0)) {
    throw new UsageError(`unexpected argument '${out.positionals[spec.maxPositionals ?? 0]}'`);
  }
  return out;
}

/** A required flag's raw value. */
export function required(args: ParsedArgs, name: string, allowed: string): string {
  const v = args.values.get(name);
  if (v === undefined) throw new UsageError(`missing --${name} (${allowed})`);
  return v;
}

/** An integer flag in [lo, hi] (hi = Infinity: no upper bound of its own); `fallback` when absent. */
export function intFlag(args: ParsedArgs, name: string, lo: number, hi: number, fallback: number): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!/^[+-]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < lo || v > hi) {
    throw new UsageError(
      `--${name} must be an integer ${hi === Infinity ? `>= ${lo}` : `in [${lo}, ${hi}]`}, got '${raw}'`,
    );
  }
  return v;
}

/** A comma-separated list of finite numbers, each in [lo, hi]; `fallback` when the flag is absent. */
export function numberListFlag(args: ParsedArgs, name: string, lo: number, hi: number, fallback: number[]): number[] {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  const out = raw.split(',').map((s) => Number(s.trim()));
  if (
    out.length === 0 ||
    out.some((v, i) => raw.split(',')[i]!.trim() === '' || !Number.isFinite(v) || v < lo || v > hi)
  )
    throw new UsageError(`--${name} must be a comma-separated list of numbers in [${lo}, ${hi}], got '${raw}'`);
  return out;
}

/** One of `allowed`, or `fallback` when the flag is absent. */
export function choiceFlag<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`--${name} must be ${allowed.join(' | ')}, got '${raw}'`);
  return raw as T;
}
