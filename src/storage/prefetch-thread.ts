import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { perProcess, startWorker, workerBeside, type WorkerFile } from '../kernel/index.js';
import { SIGNAL_DEAD, SIGNAL_READY, SIGNAL_REPLIES, type ReadReply, type ReadRequest } from './prefetch-protocol.js';

/**
 * The worker file of this module's own build (as the sweep pool finds its worker): the .js beside
 * dist/storage/prefetch-thread.js, the .ts beside the sources when they run directly (vitest).
 */
export function prefetchWorkerFile(here: string = import.meta.url): WorkerFile {
  return workerBeside(here, 'prefetch-worker');
}

/**
 * A read that takes this long is given up (the thread died: a thread that runs out of memory cannot
 * say so while the run waits): the run reads the day itself. A day of 500 symbols takes ~25 ms.
 */
const REPLY_WAIT_MS = 30_000;
/** Replies nobody claimed (a run stopped early, or skipped a day) beyond these are dropped. */
const MAX_UNCLAIMED = 4;

/**
 * The main thread's end of the prefetch thread, shared by every run of the process. A run asks
 * for the next day's file as it takes the current one, and takes the reply when its turn comes,
 * waiting for it if need be: the run stays synchronous, and only the real reading overlaps its
 * work. When the thread cannot answer (it did not start, or it died), `take` gives null and the
 * run reads the day itself, so a run's results never depend on the thread.
 */
export class PrefetchThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(12));
  private nextId = 1;
  /** Asked for and not answered yet. */
  private readonly inFlight = new Set<number>();
  /** Answered and not taken yet, oldest first. */
  private readonly replies = new Map<number, ReadReply>();
  private broken = false;
  /** Replies handed to runs so far: days, or the errors reading them gave (tests). */
  answered = 0;

  constructor(worker: WorkerFile = prefetchWorkerFile()) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = startWorker(worker, { workerData: { port: port2, signal: this.signal }, transferList: [port2] });
    // Never what keeps a process alive; a thread that fails is simply not used again.
    this.worker.unref();
    this.worker.on('error', () => this.giveUp());
    this.worker.on('exit', () => this.giveUp());
  }

  /** Whether the thread can still be asked. */
  get usable(): boolean {
    return !this.broken;
  }

  /** Whether the thread listens (its module loaded); waits up to `ms` for it. */
  ready(ms = 0): boolean {
    if (ms > 0 && !this.broken) Atomics.wait(this.signal, SIGNAL_READY, 0, ms);
    return !this.broken && Atomics.load(this.signal, SIGNAL_READY) === 1;
  }

  /**
   * Asks for a day file; null when the thread is not usable, or not listening yet (a run never
   * waits for a thread to start, nor for one that could not).
   */
  request(file: string, options: ReadRequest['options'], slab: SharedArrayBuffer | null = null, test: { readonly delayMs?: number; readonly exit?: boolean } = {}): number | null {
    if (!this.ready()) return null;
    const id = this.nextId++;
    const request: ReadRequest = { id, file, options, slab, delayMs: test.delayMs ?? 0, ...(test.exit === true ? { exit: true } : {}) };
    this.port.postMessage(request);
    this.inFlight.add(id);
    return id;
  }

  /** The reply to a request, waiting for it; null when the thread cannot give it (read it yourself). */
  take(id: number): ReadReply | null {
    const started = performance.now();
    for (;;) {
      const seen = Atomics.load(this.signal, SIGNAL_REPLIES);
      this.drain();
      const reply = this.replies.get(id);
      if (reply !== undefined) {
        this.replies.delete(id);
        this.answered++;
        return reply;
      }
      if (this.broken || !this.inFlight.has(id)) return null;
      if (Atomics.load(this.signal, SIGNAL_DEAD) === 1 || performance.now() - started > REPLY_WAIT_MS) {
        this.giveUp();
        return null;
      }
      // Woken by the thread's next reply (it counts them after posting), or after a while to
      // check the time limit.
      Atomics.wait(this.signal, SIGNAL_REPLIES, seen, 250);
    }
  }

  /** A request whose reply is no longer wanted: dropped when it comes. */
  forget(id: number): void {
    this.inFlight.delete(id);
    this.replies.delete(id);
  }

  private drain(): void {
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      const reply = m.message as ReadReply;
      if (!this.inFlight.delete(reply.id)) continue;
      this.replies.set(reply.id, reply);
      if (this.replies.size > MAX_UNCLAIMED) this.replies.delete(this.replies.keys().next().value!);
    }
  }

  private giveUp(): void {
    if (this.broken) return;
    this.broken = true;
    this.inFlight.clear();
    this.replies.clear();
    void this.worker.terminate();
    this.port.close();
  }

  /** Stops the thread (tests; a process's thread otherwise lives as long as the process, idle). */
  close(): void {
    this.giveUp();
  }
}

/**
 * The process's prefetch thread, started on first use; null where there is none: turned off
 * (SESSIONSIM_PREFETCH_THREAD=0), outside Node (Deno's notebooks read on the main thread), or it
 * could not be started.
 */
export const sharedPrefetchThread: () => PrefetchThread | null = perProcess('SESSIONSIM_PREFETCH_THREAD', () => new PrefetchThread());
