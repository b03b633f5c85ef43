// Streaming tabular output in the formats analysis tools read: CSV (with '#' comment lines naming
// the columns' meaning, read by pandas.read_csv(comment='#') and numpy.genfromtxt), JSON lines, one
// JSON array, or a fixed-width table for the terminal. Rows are buffered into chunks and written with
// back-pressure, so a table of any length streams in bounded memory.

export type TableFormat = 'csv' | 'jsonl' | 'json' | 'table';
export const TABLE_FORMATS: readonly TableFormat[] = ['csv', 'jsonl', 'json', 'table'];

/** A cell: a number (written as its shortest round-trip decimal), a string, or null (empty / JSON null). */
export type Cell = number | string | null;

interface Sink {
  write(chunk: string | Uint8Array): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

const CHUNK = 1 << 16;
const TABLE_WIDTH = 24;

const csvCell = (v: Cell): string => {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

/** The head of a CSV table: a '# ' line per comment, then the column names. */
export const csvHeader = (columns: readonly string[], comments: readonly string[] = []): string =>
  comments.map((c) => `# ${c}\n`).join('') + columns.map(csvCell).join(',') + '\n';

/**
 * A table writer: `row(cells)` appends one row (awaiting when the buffer is full and the sink is
 * slow), `end()` flushes. `comments` are lines of meaning (CSV: '# ' lines before the header; table:
 * the same; JSON forms carry no comments).
 */
export class TableWriter {
  private buf = '';
  private rows = 0;
  constructor(
    private readonly out: Sink,
    readonly format: TableFormat,
    private readonly columns: readonly string[],
    comments: readonly string[] = [],
  ) {
    if (format === 'csv') this.buf = csvHeader(columns, comments);
    else if (format === 'table')
      this.buf = comments.map((c) => `# ${c}\n`).join('') + columns.map((c) => c.padEnd(TABLE_WIDTH)).join(' ') + '\n';
    else if (format === 'json') this.buf = '[';
  }

  /** Appends one row; resolves at once unless the chunk was flushed into a full sink. */
  row(cells: readonly Cell[]): Promise<void> | undefined {
    let line: string;
    switch (this.format) {
      case 'csv':
        line = cells.length === 0 ? '\n' : csvCell(cells[0]!);
        for (let i = 1; i < cells.length; i++) line += ',' + csvCell(cells[i]!);
        line += '\n';
        break;
      case 'table':
        line = cells.map((v) => (v === null ? '' : String(v)).padEnd(TABLE_WIDTH)).join(' ') + '\n';
        break;
      default: {
        const obj: Record<string, Cell> = {};
        this.columns.forEach((c, i) => (obj[c] = jsonCell(cells[i] ?? null)));
        line = JSON.stringify(obj);
        line = this.format === 'json' ? `${this.rows === 0 ? '\n' : ',\n'}${line}` : `${line}\n`;
      }
    }
    this.rows++;
    this.buf += line;
    if (this.buf.length >= CHUNK) return this.flush();
    return undefined;
  }

  /** Appends pre-formatted text or UTF-8 bytes (whole rows in this writer's format, e.g. CSV chunks). */
  raw(text: string | Uint8Array, rows: number): Promise<void> | undefined {
    this.rows += rows;
    if (typeof text !== 'string') {
      // Bytes go out as they are, after what the buffer holds (the header lines).
      const before = this.buf === '' ? true : this.out.write(this.buf);
      this.buf = '';
      if (this.out.write(text) && before) return undefined;
      return new Promise((resolve) => this.out.once('drain', resolve));
    }
    this.buf += text;
    if (this.buf.length >= CHUNK) return this.flush();
    return undefined;
  }

  private flush(): Promise<void> | undefined {
    const chunk = this.buf;
    this.buf = '';
    if (this.out.write(chunk)) return undefined;
    return new Promise((resolve) => this.out.once('drain', resolve));
  }

  async end(): Promise<void> {
    if (this.format === 'json') this.buf += this.rows === 0 ? ']\n' : '\n]\n';
    await this.flush();
  }
}

/** JSON cannot hold ±Infinity or NaN: they are written as the strings "Infinity", "-Infinity", "NaN", as --json does elsewhere. */
const jsonCell = (v: Cell): Cell => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
