import { fstatSync } from 'node:fs';
import { receiveMessageOnPort } from 'node:worker_threads';
import { perProcess, PortThread, workerBeside, type WorkerFile } from '../kernel/index.js';
import { LogBatch, type SymbolTable } from './log-batch.js';
import type { LogCompression } from './log-codecs.js';
import type { BatchMeta } from './log-encode.js';
import type { LogManifest } from './log-format.js';
import { CTL_DONE, CTL_FAILED, CTL_SLOTS, type FromLogThread, type ToLogThread } from './log-protocol.js';
import type { BatchSink } from './log-sink.js';
import type { OutputFile } from './output.js';

/** The worker file of this module's own build: the .js beside it, or the .ts under vitest. */
export function logWorkerFile(here: string = import.meta.url): WorkerFile {
  return workerBeside(here, 'log-worker');
}

/**
 * Batches a run may have at once, filled or being written: the one it fills and three on the
 * thread. More would only hold more memory: a run that gets ahead waits for the thread either way.
 */
const MAX_BATCHES = 4;
/** How often a run waiting for the thread looks whether it died (its exit cannot reach a waiting run as an event). */
const LOOK_MS = 250;
/**
 * A thread that writes nothing for this long is given up, and the log with it (OUTPUT_IO): it
 * died without a word. A batch is half a megabyte at most; even a slow disk writes one sooner.
 */
const STALL_MS = 120_000;
/** How long the first log waits for a thread that is starting (it loads Arrow and the codecs). */
const START_MS = 5_000;

/**
 * The process's log thread: encodes, compresses, seals and writes the batches of one run's event
 * log at a time (a second run writing a log at the same time writes its own). The bytes are
 * BatchEncoder's either way: only where they are made changes.
 */
export class LogThread extends PortThread {
  private streams = 0;
  /** Held by one run's log at a time. */
  busy = false;

  /** `test.exitAfter`: the thread exits on the batch after that many (tests: a thread that dies mid-log). */
  constructor(worker: WorkerFile = logWorkerFile(), test: { readonly exitAfter?: number } = {}) {
    super(worker, CTL_SLOTS, { exitAfter: test.exitAfter ?? -1 });
  }

  /**
   * A sink writing a log's batches to `out` on this thread; null when another run's log has it or
   * it cannot be used (the run then writes its log itself).
   */
  open(out: OutputFile, manifest: LogManifest, compression: LogCompression, symbols: SymbolTable): ThreadSink | null {
    if (this.busy || !this.ready(START_MS)) return null;
    const id = ++this.streams;
    // The thread opens the file itself, and writes only if it is the one the run opened: the run
    // may give a stuck thread up and remove the file, and its descriptor must never reach another.
    const { dev, ino } = fstatSync(out.fd, { bigint: true });
    this.post({ kind: 'open', id, path: out.temp, dev: String(dev), ino: String(ino), manifest, compression });
    this.busy = true;
    return new ThreadSink(this, id, out, symbols);
  }

  post(m: ToLogThread, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(m, transfer);
    if (m.kind === 'batch') this.batches++;
  }

  /** Batches handed to the thread so far (tests, the benchmark). */
  batches = 0;
}

/**
 * A log's batches handed to the log thread: each batch's buffer is transferred, and comes back
 * cleared for the run to fill again. A write the thread could not make is OUTPUT_IO at the run's
 * next hand-over or at its close, with the file removed, as on the run's own thread.
 */
export class ThreadSink implements BatchSink {
  private readonly base: number;
  private sent = 0;
  /** Batch buffers this log has made (the writer's first one included): at most MAX_BATCHES. */
  private allocated = 1;
  private readonly free: ArrayBuffer[] = [];
  private symbolsSent = 0;
  private failure: { message: string; code: string | null } | null = null;
  private released = false;

  constructor(private readonly thread: LogThread, private readonly id: number, private readonly out: OutputFile, private readonly symbols: SymbolTable) {
    // The thread is this log's alone from here: what it did before belongs to earlier logs, all written.
    this.base = Atomics.load(thread.ctl, CTL_DONE);
  }

  put(b: LogBatch, meta: BatchMeta): LogBatch {
    this.check();
    const n = b.n, names = this.symbols.names;
    const symbols = names.length > this.symbolsSent ? names.slice(this.symbolsSent) : [];
    this.symbolsSent = names.length;
    const dataRows: number[] = [], dataTexts: string[] = [];
    const data = b.data;
    for (let k = 0; k < n; k++) {
      const text = data[k];
      if (text === null || text === undefined) continue;
      dataRows.push(k);
      dataTexts.push(text);
      data[k] = null;
    }
    // The texts go in the message: the array is the next batch's.
    this.thread.post({ kind: 'batch', id: this.id, capacity: b.capacity, n, buffer: b.buffer, nonNull: b.nonNullCounts(), dataRows: Int32Array.from(dataRows), dataTexts, symbols, meta }, [b.buffer]);
    this.sent++;
    return this.next(b);
  }

  /** An empty batch: one the thread gave back, a new one while there are fewer than MAX_BATCHES, else the next given back. */
  private next(last: LogBatch): LogBatch {
    this.until(() => this.failure !== null || this.free.length > 0 || this.allocated < MAX_BATCHES);
    this.check();
    const buffer = this.free.pop();
    if (buffer !== undefined) return new LogBatch(last.capacity, buffer, last.data);
    this.allocated++;
    return new LogBatch(last.capacity, undefined, last.data);
  }

  drain(): void {
    this.until(() => this.written());
    // Every batch written, none failed: the log is whole, whatever became of the thread since.
    this.check(this.written());
  }

  private written(): boolean {
    return Atomics.load(this.thread.ctl, CTL_DONE) - this.base >= this.sent;
  }

  /**
   * Waits until `ready` holds, or the thread is gone: dead, or making no progress for STALL_MS
   * (a thread out of memory may stop without a word), when it is given up.
   */
  private until(ready: () => boolean): void {
    const ctl = this.thread.ctl;
    let seen = -1, since = 0;
    for (;;) {
      const done = Atomics.load(ctl, CTL_DONE);
      this.collect();
      if (ready() || !this.thread.usable) return;
      if (done !== seen) { seen = done; since = performance.now(); }
      else if (performance.now() - since > STALL_MS) this.thread.giveUp();
      Atomics.wait(ctl, CTL_DONE, done, LOOK_MS);
    }
  }

  private collect(): void {
    for (let m = receiveMessageOnPort(this.thread.port); m !== undefined; m = receiveMessageOnPort(this.thread.port)) {
      const msg = m.message as FromLogThread;
      if (msg.kind === 'free') { if (msg.id === this.id) this.free.push(msg.buffer); }
      else if (msg.id === this.id && this.failure === null) this.failure = { message: msg.message, code: msg.code };
    }
  }

  /** Throws, with the file removed, when a write failed, or the thread died with batches of this log unwritten (`allWritten` false). */
  private check(allWritten = false): void {
    if (this.failure === null && Atomics.load(this.thread.ctl, CTL_FAILED) === this.id) this.collect();
    if (this.failure === null && (allWritten || this.thread.usable)) return;
    const e = this.failure ?? { message: 'the thread writing it stopped', code: null };
    throw this.out.fail(Object.assign(new Error(e.message), e.code === null ? {} : { code: e.code }));
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    // The next log starts from an idle thread (a dead one is not used again).
    this.until(() => this.written());
    this.thread.busy = false;
  }
}

/**
 * The process's log thread, started on first use; null where there is none: turned off
 * (SESSIONSIM_LOG_THREAD=0), outside Node, or it could not be started.
 */
export const sharedLogThread: () => LogThread | null = perProcess('SESSIONSIM_LOG_THREAD', () => new LogThread());
