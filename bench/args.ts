// The one command-line helper the bench scripts share.

/** The value after `--name` in argv, if present. */
export function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The number after `--name`, or `fallback` when the flag is absent. */
export function numberFlag(argv: string[], name: string, fallback: number): number {
  const v = flag(argv, name);
  return v === undefined ? fallback : Number(v);
}
