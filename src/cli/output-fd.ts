import { writeSync } from 'node:fs';
import { SimError } from '../index.js';

/** Thrown by a write once the reader has gone (`sessionsim replay LOG | head -1`). */
export class ReaderGone extends Error {}

/**
 * Standard output written synchronously to its file descriptor. A reader that stops early closes
 * the pipe; a stream would report that (EPIPE) only after the command had printed everything, as
 * an unhandled 'error' with a stack trace. Here the next write throws ReaderGone at once, and the
 * CLI ends quietly, as any Unix tool does.
 */
export class FdWriter {
  readonly isTTY: boolean;

  /** quietWhenGone: drop writes once the reader has gone instead of throwing (standard error: a progress line must not stop a run). */
  constructor(private readonly fd: number, isTTY = false, private readonly quietWhenGone = false) {
    this.isTTY = isTTY;
  }

  private gone = false;

  write(chunk: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown): boolean {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    while (buf.length > 0 && !this.gone) {
      try {
        const n = writeSync(this.fd, buf);
        buf = buf.subarray(n);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') { sleep(1); continue; } // a non-blocking pipe that is full: wait for the reader
        if (code === 'EPIPE') {
          this.gone = true;
          if (!this.quietWhenGone) throw new ReaderGone();
        } else if (!this.quietWhenGone) {
          throw new SimError('OUTPUT_IO', `cannot write to ${this.fd === 1 ? 'standard output' : `file descriptor ${this.fd}`}: ${code ?? (e as Error).message}`, { value: code });
        } else {
          this.gone = true;
        }
        continue;
      }
    }
    const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    if (typeof done === 'function') (done as () => void)();
    return true;
  }
}

const cell = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(cell, 0, 0, ms);
}

/**
 * Lines gathered into writes of about 64 KiB: `sessionsim replay` prints a line per event, and a
 * write per line was two fifths of its time. A terminal gets each line as it comes.
 */
export class BatchedLines {
  private parts: string[] = [];
  private size = 0;
  private readonly limit: number;

  constructor(private readonly out: NodeJS.WritableStream) {
    this.limit = (out as { isTTY?: boolean }).isTTY === true ? 0 : 65_536;
  }

  push(line: string): void {
    this.parts.push(line);
    this.size += line.length;
    if (this.size >= this.limit) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.out.write(text);
  }

  /**
   * Writes what `read` pushed, then what it had pushed when it threw: the lines before damage in
   * a log come out before its error. A reader gone by then does not hide the error.
   */
  static around(out: NodeJS.WritableStream, read: (lines: BatchedLines) => void): void {
    const lines = new BatchedLines(out);
    try {
      read(lines);
    } catch (e) {
      try { lines.flush(); } catch { /* the reader has gone: the error is what remains to say */ }
      throw e;
    }
    lines.flush();
  }
}
