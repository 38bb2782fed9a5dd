import { parentPort, workerData } from 'node:worker_threads';
import { LogHasher, sayListening, sayWhenExiting } from '../kernel/index.js';
import { CTL_CONSUMED, CTL_CONSUMED_AT, CTL_EXIT_AT, CTL_MAIN_SLEEPING, CTL_STOP, CTL_THREAD_SLEEPING, CTL_STATE_AT, CTL_STATE_LENGTH, CTL_WRITTEN, RingReader, RingViews } from './hash-ring.js';

/**
 * The hash thread: hashes, in order, the messages runs of its process put in the ring (see
 * hash-ring), and after each publishes the hash's state and how far it got. It decides nothing a
 * run sees: the bytes hashed are the bytes the run would hash itself.
 */
const { ring, control } = workerData as { ring: SharedArrayBuffer; control: SharedArrayBuffer };
parentPort?.unref();
const views = new RingViews(ring);
const ctl = new Int32Array(control);
const stateBytes = new Uint8Array(control, CTL_STATE_AT);
const reader = new RingReader();
const hasher = new LogHasher();

// A thread that exits says so to a run waiting for it (its 'exit' event cannot reach a run that
// waits synchronously).
sayWhenExiting(ctl, [CTL_CONSUMED]);
sayListening(ctl);

/** Messages between publications at most (a ring of 8 MiB holds about 250 of a day's bar slices). */
const PUBLISH_EVERY = 32;
let at = 0;
let consumed = 0;
for (;;) {
  // A run taking the hash back reads what was published last: never while it is being written.
  if (Atomics.load(ctl, CTL_STOP) === 1) process.exit(0);
  if (Atomics.load(ctl, CTL_WRITTEN) === consumed) {
    // Said before waiting: a run that writes after this wakes the thread; one that wrote before
    // it, the wait sees (it returns at once when the count moved).
    Atomics.store(ctl, CTL_THREAD_SLEEPING, 1);
    Atomics.wait(ctl, CTL_WRITTEN, consumed, 1000);
    Atomics.store(ctl, CTL_THREAD_SLEEPING, 0);
    continue;
  }
  // Tests: a thread that dies with messages in the ring.
  if (consumed + 1 === Atomics.load(ctl, CTL_EXIT_AT)) process.exit(1);
  at = reader.apply(views, at, hasher);
  consumed++;
  // How far it got, with the state there, is published when a run may wait for it (the ring is
  // empty, or the run waits for room) and every so often; each costs a flush and a state copy.
  const idle = Atomics.load(ctl, CTL_WRITTEN) === consumed;
  if (!idle && Atomics.load(ctl, CTL_MAIN_SLEEPING) === 0 && consumed % PUBLISH_EVERY !== 0) continue;
  if (Atomics.load(ctl, CTL_STOP) === 1) process.exit(0);
  const state = hasher.hashState();
  stateBytes.set(state);
  Atomics.store(ctl, CTL_STATE_LENGTH, state.length);
  Atomics.store(ctl, CTL_CONSUMED_AT, at);
  Atomics.store(ctl, CTL_CONSUMED, consumed);
  Atomics.notify(ctl, CTL_CONSUMED);
}
