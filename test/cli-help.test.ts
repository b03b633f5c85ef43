// `icl-verify <command> --help`: every command documents every flag its parser accepts.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/main.js';
import { cli } from './support/cli.js';

/** The flags a command accepts, as its own unknown-flag error lists them. */
function acceptedFlags(command: string): string[] {
  const r = cli(command, '--no-such-flag', 'x');
  const allowed = /\(allowed: ([^)]*)\)/.exec(r.stderr);
  if (!allowed) throw new Error(`${command}: no allowed-flags list in '${r.stderr.trim()}'`);
  return allowed[1]!.split(', ');
}

describe('per-command help', () => {
  for (const command of Object.keys(COMMANDS)) {
    it(`${command} --help names every flag it accepts and exits 0`, () => {
      const r = cli(command, '--help');
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.startsWith(`usage: icl-verify ${command}`)).toBe(true);
      const flags = acceptedFlags(command);
      expect(flags.length).toBeGreaterThan(0);
      for (const flag of flags)
        expect(r.stdout, `${command} --help omits ${flag}`).toMatch(new RegExp(`${flag}(?![a-z-])`));
    });
  }

  it('help CMD is CMD --help; -h works after other flags; the overview points at it', () => {
    expect(cli('help', 'merge').stdout).toBe(cli('merge', '--help').stdout);
    expect(cli('eval', '--alpha', '2', '-h').stdout).toMatch(/^usage: icl-verify eval/);
    expect(cli('--help').stdout).toMatch(/<command> --help/);
  });
});
