// The one progress bar of the commands: one line on stderr, drawn only when stderr is a terminal, cut
// to the terminal width, cleared at the end. When stderr is not a terminal (piped, CI logs) the bar is
// not drawn, and `finished` writes one plain line per finished piece of work instead, so a long run
// shows it is alive whatever stdout carries.

export interface Progress {
  update(done: number, total: number, label: string): void;
  /** One finished piece of work: a line of its own when stderr is not a terminal (the bar shows it otherwise). */
  finished(line: string): void;
  end(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, finished: (line) => void stream.write(`${line}\n`), end: () => {} };
  let drawn = false;
  return {
    finished: () => {},
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
