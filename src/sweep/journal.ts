// Result files: one JSON object per line, appended and fsynced one at a time, so a run killed at any
// moment (SIGKILL included) keeps every line it finished. Only the last line can be torn; opening
// the file again cuts it off.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { reason, syncDir } from '../io/files.js';

export class JournalError extends Error {
  override name = 'JournalError';
}

interface JournalLine {
  /** 1-based line number in its file. */
  line: number;
  value: Record<string, unknown>;
  text: string;
}

interface ParsedFile {
  lines: JournalLine[];
  /** Bytes after the last newline (a torn line), 0 when the file ends cleanly. */
  tornBytes: number;
  /** Length of the complete part of the file. */
  cleanLength: number;
}

/** Parses complete lines; a complete line that is not a JSON object is an error naming file and line. */
export function parseJournal(content: string, file: string): ParsedFile {
  const end = content.lastIndexOf('\n') + 1;
  const lines: JournalLine[] = [];
  const body = content.slice(0, end);
  let n = 0;
  for (const text of body.split('\n').slice(0, -1)) {
    n++;
    if (text.trim() === '') throw new JournalError(`${file}:${n}: empty line (not written by icl-verify sweep)`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new JournalError(`${file}:${n}: not JSON (${(err as Error).message})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new JournalError(`${file}:${n}: not a JSON object`);
    lines.push({ line: n, value: value as Record<string, unknown>, text });
  }
  return { lines, tornBytes: Buffer.byteLength(content.slice(end)), cleanLength: Buffer.byteLength(body) };
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new JournalError(`cannot read '${file}': ${reason(err)}`);
  }
}

/** An append-only result file, opened for resuming: its torn tail (if any) is cut off first. */
export class Journal {
  private constructor(
    private readonly fd: number,
    readonly file: string,
    readonly existing: JournalLine[],
    readonly repairedBytes: number,
  ) {}

  static open(file: string): Journal {
    let fd: number;
    try {
      fd = openSync(file, 'a+');
    } catch (err) {
      throw new JournalError(`cannot open '${file}' for writing: ${reason(err)}`);
    }
    try {
      const parsed = parseJournal(readFileSync(fd, 'utf8'), file);
      if (parsed.tornBytes > 0) {
        ftruncateSync(fd, parsed.cleanLength);
        fsyncSync(fd);
      }
      if (fstatSync(fd).size === 0) syncDir(file);
      return new Journal(fd, file, parsed.lines, parsed.tornBytes);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** Appends one line and makes it durable before returning. */
  append(value: Record<string, unknown>): void {
    writeSync(this.fd, JSON.stringify(value) + '\n');
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
