import { fstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { receiveMessageOnPort } from 'node:worker_threads';
import { perProcess, PortThread, workerBeside, type WorkerFile } from '../kernel/index.js';
import { CTL_CANCEL, CTL_HUNGRY, CTL_POSTED, CTL_SLOTS, CTL_TAKEN, type FromReadAhead, type ReadBatch } from './read-ahead-protocol.js';

/** The worker file of this module's own build: the .js beside it, or the .ts under vitest. */
export function readAheadWorkerFile(here: string = import.meta.url): WorkerFile {
  return workerBeside(here, 'read-ahead-worker');
}

/**
 * Logs smaller than this are read on the reader's own thread: the thread's start (loading Arrow
 * and the codecs, about a third of a second) is more than reading them costs.
 */
const READ_AHEAD_FROM_BYTES = 32 << 20;
/** How often a reader waiting for the thread looks whether it died (its exit cannot reach a waiting reader as an event). */
const LOOK_MS = 250;
/** A thread that hands over nothing for this long is given up: the reader reads on itself from where it got. */
const STALL_MS = 60_000;

/**
 * The process's read-ahead thread: reads one log at a time ahead of its reader (a second log
 * read at the same time is read by its own reader). Only where the work is done changes: the
 * reader decodes the same checked bytes and the same decompressed buffers either way.
 */
export class ReadAheadThread extends PortThread {
  private streams = 0;
  /** Held by one reader at a time. */
  busy = false;
  /** Batches handed over so far (tests, the benchmark). */
  batches = 0;

  /** `test.exitAfter`: the thread exits after handing over that many batches (tests: a thread that dies mid-log). */
  constructor(worker: WorkerFile = readAheadWorkerFile(), test: { readonly exitAfter?: number } = {}) {
    super(worker, CTL_SLOTS, { exitAfter: test.exitAfter ?? -1 });
  }

  /**
   * The batches of the log open at `fd` (named `path`, `size` bytes) from byte `from` on (where a
   * batch ends), read on this thread; null when another reader has it or it does not listen yet.
   */
  open(path: string, fd: number, size: number, from: number): ReadAhead | null {
    if (this.busy || !this.ready()) return null;
    // The thread opens the file itself, and reads it only if it is the one the reader opened.
    const { dev, ino } = fstatSync(fd, { bigint: true });
    const id = ++this.streams;
    Atomics.store(this.ctl, CTL_TAKEN, 0);
    this.port.postMessage({ kind: 'open', id, path, dev: String(dev), ino: String(ino), size, from });
    this.busy = true;
    return new ReadAhead(this, id);
  }

}

/** One log's batches as the thread hands them over, in order. */
export class ReadAhead {
  private open = true;

  constructor(private readonly thread: ReadAheadThread, readonly id: number) {}

  /**
   * The next batch, waiting for it; null once the thread reads no further (the log's end, damage,
   * a cut, a replaced file, or the thread is gone or stuck): the reader reads on from the end of
   * the last batch taken.
   */
  take(): ReadBatch | null {
    const { ctl, port } = this.thread;
    let since = performance.now();
    while (this.open) {
      const seen = Atomics.load(ctl, CTL_POSTED);
      const m = receiveMessageOnPort(port)?.message as FromReadAhead | undefined;
      if (m !== undefined) {
        // A message of a stream let go earlier is dropped (with the buffers it holds).
        if (m.id !== this.id) continue;
        Atomics.store(ctl, CTL_HUNGRY, 0);
        if (m.kind === 'stop') break;
        Atomics.add(ctl, CTL_TAKEN, 1);
        Atomics.notify(ctl, CTL_TAKEN);
        this.thread.batches++;
        return m;
      }
      if (!this.thread.usable) break;
      // Nothing to take: the next batch comes as it was read, for this thread to decompress.
      Atomics.store(ctl, CTL_HUNGRY, 1);
      if (Atomics.wait(ctl, CTL_POSTED, seen, LOOK_MS) === 'timed-out') {
        if (performance.now() - since > STALL_MS) {
          this.thread.giveUp();
          break;
        }
      } else {
        since = performance.now();
      }
    }
    this.close();
    return null;
  }

  /** The reader is done with the thread: it stops reading this log, and is free for another. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    Atomics.store(this.thread.ctl, CTL_HUNGRY, 0);
    Atomics.store(this.thread.ctl, CTL_CANCEL, this.id);
    Atomics.notify(this.thread.ctl, CTL_TAKEN);
    this.thread.busy = false;
  }
}

/**
 * The process's read-ahead thread, started on first use; null where there is none: turned off
 * (SESSIONSIM_READ_THREAD=0), outside Node, or it could not start.
 */
export const sharedReadAhead: () => ReadAheadThread | null = perProcess('SESSIONSIM_READ_THREAD', () => new ReadAheadThread());

/**
 * The read-ahead thread for a log of `size` bytes: where there is a second core for it and the
 * log is large enough to pay for its start; SESSIONSIM_READ_THREAD=1 for logs of any size (tests),
 * =0 never.
 */
export function readAheadFor(size: number): ReadAheadThread | null {
  const env = process.env.SESSIONSIM_READ_THREAD;
  if (env === '0' || (env !== '1' && (size < READ_AHEAD_FROM_BYTES || availableParallelism() < 2))) return null;
  return sharedReadAhead();
}
