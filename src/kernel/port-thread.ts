import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker, type WorkerFile } from './worker-options.js';

/**
 * A helper thread that a caller talks to without giving up its own thread: messages on a port
 * the caller reads with `receiveMessageOnPort`, and a shared control array of Int32 slots it can
 * wait on, in which the thread sets `dead` as it exits and `ready` once its modules are loaded.
 * The thread is given `port`, `control` and `data` as its workerData. What the slots and messages
 * mean is each kind's own (the log thread, the read-ahead thread).
 */
export class PortThread {
  private readonly worker: Worker;
  readonly port: MessagePort;
  readonly ctl: Int32Array;
  private broken = false;

  constructor(file: WorkerFile, slots: number, private readonly slot: { readonly dead: number; readonly ready: number }, data: Record<string, unknown> = {}) {
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
    return !this.broken && Atomics.load(this.ctl, this.slot.dead) === 0;
  }

  /** Whether the thread listens (its modules loaded); waits up to `ms` for it. */
  ready(ms = 0): boolean {
    if (ms > 0 && this.usable) Atomics.wait(this.ctl, this.slot.ready, 0, ms);
    return this.usable && Atomics.load(this.ctl, this.slot.ready) === 1;
  }

  /** Stops the thread for good: a stuck one, or (tests) one no longer wanted; otherwise it lives as long as the process, idle. */
  giveUp(): void {
    if (this.broken) return;
    this.broken = true;
    void this.worker.terminate();
  }
}
