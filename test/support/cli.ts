// Runs the built CLI as a user does (`npm test` builds dist/ first).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'icl-verify.js');

export const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

/** Runs the CLI with its stdout piped into a reader that has already gone (`| true`): every write meets EPIPE. */
export const cliIntoClosedPipe = (...args: string[]) =>
  spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" "$@" | true`, 'sh', ...args], { encoding: 'utf8' });
