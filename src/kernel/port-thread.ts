import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { threadAlive, threadListens } from './thread-control.js';
import { startWorker, type WorkerFile } from './worker-options.js';

/**
 * A helper thread that a caller talks to without giving up its own thread: messages on a port
 * the caller reads with `receiveMessageOnPort`, and a shared control array of `slots` Int32 slots
 * it can wait on, starting with thread-control's two. The thread is given `port`, `control` and
 * `data` as its workerData. What its other slots and the messages mean is each kind's own (the
 * log thread, the read-ahead thread).
 */
export class PortThread {
  private readonly worker: Worker;
  readonly port: MessagePort;
  readonly ctl: Int32Array;
  private broken = false;

  constructor(file: WorkerFile, slots: number, data: Record<string, unknown> = {}) {
    this.ctl = new Int32Array(new SharedArrayBuffer(slots * 4));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = startWorker(file, { workerData: { ...data, port: port2, control: this.ctl.buffer }, transferList: [port2] });
    // Never what keeps a process alive.
    this.worker.unref();
    this.port.unref();
    this.worker.on('error', () => { this.broken = true; });
    this.worker.on('exit', () => { this.broken = true; });
  }

  get usable(): boolean {
    return !this.broken && threadAlive(this.ctl);
  }

  /** Whether the thread listens (its modules loaded); waits up to `ms` for it. */
  ready(ms = 0): boolean {
    return !this.broken && threadListens(this.ctl, ms);
  }

  /** Stops the thread for good: a stuck one, or (tests) one no longer wanted; otherwise it lives as long as the process, idle. */
  giveUp(): void {
    if (this.broken) return;
    this.broken = true;
    void this.worker.terminate();
  }
}
