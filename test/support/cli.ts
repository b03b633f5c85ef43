// Runs the built CLI as a user does (`npm test` builds dist/ first): the one way the tests start it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'icl-verify.js');

export interface CliOptions {
  /** Working directory of the process (default: the test's). */
  cwd?: string;
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
  /** A planted fault (ICL_VERIFY_FAULT); '' runs clean. */
  fault?: string;
  /** Kills the process after this many ms, so a hang fails one test instead of the suite. */
  timeoutMs?: number;
}

export function cliWith(options: CliOptions, ...args: string[]) {
  const extra = { ...options.env, ...(options.fault === undefined ? {} : { ICL_VERIFY_FAULT: options.fault }) };
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    cwd: options.cwd,
    timeout: options.timeoutMs,
    env: Object.keys(extra).length === 0 ? undefined : { ...process.env, ...extra },
  });
}

export const cli = (...args: string[]) => cliWith({}, ...args);

/** The CLI run in a scratch directory, as the sweep tests use it. */
export const cliIn = (cwd: string, args: string[]) => cliWith({ cwd }, ...args);

/** Runs the CLI with its stdout piped into a reader that has already gone (`| true`): every write meets EPIPE. */
export const cliIntoClosedPipe = (...args: string[]) =>
  spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" "$@" | true`, 'sh', ...args], { encoding: 'utf8' });

type Flag = 'alpha' | 'kappa' | 'tau' | 'rho' | 'lambda';

/** A parameter point (values or grid specs such as 'log:0.1:10:5') as the CLI's flags, in the docs' order. */
export const pointFlags = (p: Record<Flag, number | string>): string[] =>
  (['alpha', 'kappa', 'tau', 'rho', 'lambda'] as const).flatMap((k) => [`--${k}`, String(p[k])]);
