/**
 * The convention every helper thread (prefetch aside: it answers on a port only) shares with its
 * owner: a control array of Int32 slots in shared memory whose first two say whether the thread
 * listens and whether it has exited. The owner waits on them synchronously (a run cannot wait for
 * a worker's events), so the thread sets them itself, and the slots after them are each kind's own.
 */
export const THREAD_READY = 0; // 1 once the thread's modules are loaded and it listens
export const THREAD_DEAD = 1; // 1 once the thread exits
/** A kind's own slots start here. */
export const THREAD_SLOTS = 2;

/** The owner's side: whether the thread has not exited. */
export function threadAlive(ctl: Int32Array): boolean {
  return Atomics.load(ctl, THREAD_DEAD) === 0;
}

/** The owner's side: whether the thread listens, waiting up to `ms` for it while it is alive. */
export function threadListens(ctl: Int32Array, ms = 0): boolean {
  if (ms > 0 && threadAlive(ctl)) Atomics.wait(ctl, THREAD_READY, 0, ms);
  return threadAlive(ctl) && Atomics.load(ctl, THREAD_READY) === 1;
}

/**
 * The thread's side, as it starts: on exit (`before` first) it says so, waking an owner waiting
 * on either slot or on any of `wake` (its kind's slots an owner waits on).
 */
export function sayWhenExiting(ctl: Int32Array, wake: readonly number[], before: () => void = () => {}): void {
  process.on('exit', () => {
    before();
    Atomics.store(ctl, THREAD_DEAD, 1);
    for (const slot of [THREAD_READY, THREAD_DEAD, ...wake]) Atomics.notify(ctl, slot);
  });
}

/** The thread's side, once it listens. */
export function sayListening(ctl: Int32Array): void {
  Atomics.store(ctl, THREAD_READY, 1);
  Atomics.notify(ctl, THREAD_READY);
}
