// A one-line progress bar on stderr, drawn only when stderr is a terminal (quiet when piped).
export interface Progress {
  update(done: number, total: number): void;
  end(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, end: () => {} };
  const t0 = performance.now();
  let drawn = false;
  return {
    update(done, total) {
      const width = 30;
      const filled = Math.round((width * done) / Math.max(total, 1));
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${secs}s`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
