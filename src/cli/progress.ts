// The one progress bar of the commands: one line on stderr, drawn only when stderr is a terminal (quiet
// when piped or in CI), cut to the terminal width, cleared at the end.

export interface Progress {
  update(done: number, total: number, label: string): void;
  end(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, end: () => {} };
  let drawn = false;
  return {
    update(done, total, label) {
      // A pseudo-terminal may report 0 columns: treat it as unknown.
      const cols = stream.columns || 80;
      const barW = 24;
      const filled = total === 0 ? barW : Math.round((barW * done) / total);
      const head = `[${'#'.repeat(filled)}${'-'.repeat(barW - filled)}] ${done}/${total} `;
      const room = Math.max(0, cols - head.length - 1);
      stream.write(`\r\x1b[2K${head}${label.length > room ? label.slice(0, Math.max(0, room - 1)) + '…' : label}`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
