import type { Worker } from 'node:worker_threads';
import { LogHasher, perProcess, startWorker, THREAD_DEAD, threadAlive, threadListens, workerBeside, type LazySlice, type WorkerFile } from '../kernel/index.js';
import {
  CTL_BYTES, CTL_CONSUMED, CTL_CONSUMED_AT, CTL_EXIT_AT, CTL_MAIN_SLEEPING, CTL_STATE_AT, CTL_STATE_LENGTH, CTL_STOP, CTL_THREAD_SLEEPING, CTL_WRITTEN,
  MSG_RAW, MSG_STATE, MSG_SYMBOLS, RingReader, RingViews, encodeSymbols, rawMessageBytes, sliceMessageBytes, writeBytesMessage, writeSliceMessage, writeWrap,
} from './hash-ring.js';
import { COLUMNAR_KINDS, columnar } from './kinds.js';

/** The worker file of this module's own build: the .js beside it, or the .ts under vitest. */
export function hashWorkerFile(here: string = import.meta.url): WorkerFile {
  return workerBeside(here, 'hash-worker');
}

/** A thread that does not answer for this long is given up (it died without saying so): the run hashes itself from where it got. */
const WAIT_LIMIT_MS = 30_000;
const RING_BYTES = 8 << 20;

/**
 * The process's hash thread and the ring its runs write to, one run at a time (a second run
 * hashing at the same time hashes on its own thread). See hash-ring for the messages.
 */
export class HashThread {
  private readonly worker: Worker;
  readonly views: RingViews;
  readonly ctl: Int32Array;
  private readonly stateBytes: Uint8Array;
  /** Messages put in the ring so far, and where the next goes. */
  private written = 0;
  private at = 0;
  /** Held by one run's hasher at a time. */
  busy = false;
  private broken = false;

  constructor(worker = hashWorkerFile(), ringBytes = RING_BYTES) {
    const ring = new SharedArrayBuffer(ringBytes);
    const control = new SharedArrayBuffer(CTL_BYTES);
    this.views = new RingViews(ring);
    this.ctl = new Int32Array(control);
    this.stateBytes = new Uint8Array(control, CTL_STATE_AT);
    this.worker = startWorker(worker, { workerData: { ring, control } });
    this.worker.unref();
    this.worker.on('error', () => this.giveUp());
    this.worker.on('exit', () => this.giveUp());
  }

  /** Messages put in the ring so far (tests, the benchmark). */
  get messages(): number {
    return this.written;
  }

  get usable(): boolean {
    return !this.broken && threadAlive(this.ctl);
  }

  /** Whether the thread listens; waits up to `ms` for it. */
  ready(ms = 0): boolean {
    return !this.broken && threadListens(this.ctl, ms);
  }

  /** Largest message: a quarter of the ring, so that one always fits once the thread catches up. */
  get maxMessage(): number {
    return this.views.ring.byteLength >> 2;
  }

  /** Where a message of `bytes` goes, once the thread has made room; null when the thread is gone. */
  reserve(bytes: number): number | null {
    const size = this.views.ring.byteLength;
    const started = performance.now();
    for (;;) {
      const consumed = Atomics.load(this.ctl, CTL_CONSUMED);
      const empty = consumed === this.written;
      const readAt = empty ? this.at : Atomics.load(this.ctl, CTL_CONSUMED_AT);
      if (this.at >= readAt) {
        if (this.at + bytes <= size) return this.at;
        if (bytes < readAt) {
          writeWrap(this.views, this.at);
          this.at = 0;
          this.publish(0);
          continue;
        }
      } else if (this.at + bytes < readAt) {
        return this.at;
      }
      if (!this.wait(consumed, started)) return null;
    }
  }

  /** The message written at the reserved place, `bytes` long, is the thread's to hash. */
  publish(bytes: number): void {
    this.at += bytes;
    if (this.at === this.views.ring.byteLength) this.at = 0;
    this.written++;
    Atomics.store(this.ctl, CTL_WRITTEN, this.written);
    if (Atomics.load(this.ctl, CTL_THREAD_SLEEPING) === 1) Atomics.notify(this.ctl, CTL_WRITTEN);
  }

  /** Waits until the thread has hashed every message; false when it is gone. */
  drain(): boolean {
    const started = performance.now();
    for (;;) {
      const consumed = Atomics.load(this.ctl, CTL_CONSUMED);
      if (consumed === this.written) return true;
      if (!this.wait(consumed, started)) return false;
    }
  }

  private wait(consumed: number, started: number): boolean {
    if (!this.usable || performance.now() - started > WAIT_LIMIT_MS) {
      this.giveUp();
      return false;
    }
    Atomics.store(this.ctl, CTL_MAIN_SLEEPING, 1);
    Atomics.wait(this.ctl, CTL_CONSUMED, consumed, 50);
    Atomics.store(this.ctl, CTL_MAIN_SLEEPING, 0);
    return true;
  }

  /** The hash's state after the messages the thread hashed, and where the first it did not starts. */
  published(): { readonly state: Uint8Array | null; readonly consumed: number; readonly at: number } {
    const n = Atomics.load(this.ctl, CTL_STATE_LENGTH);
    const consumed = Atomics.load(this.ctl, CTL_CONSUMED);
    return { state: n === 0 ? null : this.stateBytes.slice(0, n), consumed, at: consumed === 0 ? 0 : Atomics.load(this.ctl, CTL_CONSUMED_AT) };
  }

  /** Tests: the thread exits before its nth message from now. */
  exitAtMessage(n: number): void {
    Atomics.store(this.ctl, CTL_EXIT_AT, this.written + n);
  }

  /**
   * Stops the thread before it publishes again, waiting (a little) for it to exit: what it
   * published last then stays as it is while a run reads it.
   */
  stop(): void {
    Atomics.store(this.ctl, CTL_STOP, 1);
    Atomics.notify(this.ctl, CTL_WRITTEN);
    const started = performance.now();
    while (!this.broken && threadListens(this.ctl) && performance.now() - started < 5000) Atomics.wait(this.ctl, THREAD_DEAD, 0, 50);
    this.giveUp();
  }

  giveUp(): void {
    if (this.broken) return;
    this.broken = true;
    void this.worker.terminate();
  }

  close(): void {
    this.giveUp();
  }
}

/**
 * The process's hash thread, started on first use; null where there is none: turned off
 * (SESSIONSIM_HASH_THREAD=0), outside Node, or it could not start.
 */
export const sharedHashThread: () => HashThread | null = perProcess('SESSIONSIM_HASH_THREAD', () => new HashThread());

const encoder = new TextEncoder();
/** A slice's text fields as JSON bytes, by the object (shared by a day's slices). */
const TEXTS = new WeakMap<object, Uint8Array>();

/**
 * The log hash with its work on the hash thread: the same hash, byte for byte (a property test
 * compares them), computed while the run goes on. The run encodes its event records as before
 * but only copies a columnar slice's columns into the ring; the thread writes their records and
 * hashes everything. Until the thread listens, and after it fails, the run hashes itself: the
 * thread's published state and the messages it had not hashed let the run go on exactly where
 * the thread stopped.
 */
export class ThreadedLogHasher extends LogHasher {
  private thread: HashThread | null = null;
  private symbolIds = new WeakMap<readonly string[], number>();
  private symbolLists = new Map<number, readonly string[]>();
  private nextSymbols = 1;

  constructor(private readonly offered: HashThread) {
    super();
  }

  /** Takes the thread when it is free and listening: it goes on from this stream's state. */
  private activate(): boolean {
    if (this.thread !== null) return true;
    const t = this.offered;
    if (t.busy || !t.ready()) return false;
    const state = super.hashState();
    t.busy = true;
    this.thread = t;
    this.symbolIds = new WeakMap();
    this.symbolLists = new Map();
    this.send(MSG_STATE, state, 0);
    return this.thread !== null;
  }

  protected override emit(bytes: Uint8Array): void {
    if (this.thread === null) return super.emit(bytes);
    const max = this.thread.maxMessage - rawMessageBytes(0);
    for (let i = 0; i < bytes.length && this.thread !== null; i += max) {
      const part = bytes.subarray(i, Math.min(bytes.length, i + max));
      if (!this.send(MSG_RAW, part, 0)) return super.emit(bytes.subarray(i));
    }
  }

  /** One message of bytes; false when the thread is gone (the stream is then hashed here, up to before this message). */
  private send(kind: number, bytes: Uint8Array, word: number): boolean {
    const t = this.thread!;
    const at = t.reserve(rawMessageBytes(bytes.length));
    if (at === null) {
      this.takeBack();
      return false;
    }
    t.publish(writeBytesMessage(t.views, at, kind, bytes, word));
    return true;
  }

  override updateLazy<E extends object>(slice: LazySlice<E>, from: number, to: number, base: number): void {
    const s = columnar(slice);
    if (s === null || from >= to || !this.activate()) return super.updateLazy(slice, from, to, base);
    this.flush();
    if (this.thread === null) return super.updateLazy(slice, from, to, base);
    const kindIndex = COLUMNAR_KINDS.indexOf(s.kind);
    let id = this.symbolIds.get(s.symbols);
    if (id === undefined) {
      id = this.nextSymbols++;
      if (!this.send(MSG_SYMBOLS, encodeSymbols(s.symbols), id)) return super.updateLazy(slice, from, to, base);
      this.symbolIds.set(s.symbols, id);
      this.symbolLists.set(id, s.symbols);
    }
    let text = TEXTS.get(s.text);
    if (text === undefined) TEXTS.set(s.text, (text = encoder.encode(JSON.stringify(s.text))));
    const t = this.thread;
    const per = Math.max(1, Math.floor((t.maxMessage - sliceMessageBytes(s.kind, 0, text.length)) / (sliceMessageBytes(s.kind, 1, text.length) - sliceMessageBytes(s.kind, 0, text.length) + 8)));
    for (let i = from; i < to; i += per) {
      const end = Math.min(to, i + per);
      const at = t.reserve(sliceMessageBytes(s.kind, end - i, text.length));
      if (at === null) {
        this.takeBack();
        return super.updateLazy(slice, i, to, base);
      }
      t.publish(writeSliceMessage(t.views, at, kindIndex, s, i, end, base + i, id, text));
      this.count += end - i;
    }
  }

  /**
   * The thread is gone: the stream goes on here from the state it published, with the messages it
   * had not hashed hashed here first (records encoded here and not sent yet come after them).
   */
  private takeBack(): void {
    const t = this.thread!;
    this.thread = null;
    t.busy = false;
    t.stop();
    const { state, consumed, at } = t.published();
    const local = new LogHasher();
    if (state !== null) local.loadState(state);
    const reader = new RingReader();
    for (const [id, list] of this.symbolLists) reader.knowSymbols(id, list);
    for (let i = consumed, next = at; i < t.messages; i++) next = reader.apply(t.views, next, local);
    this.loadState(local.hashState());
  }

  /**
   * Waits until the thread has hashed everything sent, and takes its state here (the thread goes
   * on with the stream); the stream is here alone if the thread is gone. False when it is not threaded.
   */
  private catchUp(): boolean {
    const t = this.thread;
    if (t === null) return false;
    this.flush();
    if (this.thread === null) return false; // given up while sending the last records
    if (!t.drain()) {
      this.takeBack();
      return false;
    }
    this.loadState(t.published().state!);
    return true;
  }

  /** Waits for the thread, then takes the stream back (the thread is free for another run). */
  private release(): void {
    if (!this.catchUp()) return;
    this.thread!.busy = false;
    this.thread = null;
  }

  override hashState(): Uint8Array {
    this.release();
    return super.hashState();
  }

  override digest(): string {
    this.catchUp();
    return super.digest();
  }

  /** The run has ended: the thread is let go (the hash stays, here). */
  close(): void {
    this.release();
  }
}
