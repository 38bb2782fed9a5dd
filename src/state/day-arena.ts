/**
 * Typed arrays that live as long as a trading day's data, recycled when the day is done, so that
 * after the first days a run allocates no column per day (a day of 500 symbols otherwise leaves
 * about 10 MB of delivery plans, row lists and derived bars to the garbage collector, which V8
 * collects early because it is memory outside its heap).
 *
 * Lifetimes are explicit: a day's lease is released by the run's day store when it lets the day
 * go (two days later: nothing of the run refers to a day's columns by then, the state's own
 * columns having been reset at the next session); whatever keeps a slice longer (a results
 * collector) retains its lease, and a retained lease is never recycled.
 */
export interface ArrayAlloc {
  f64(n: number): Float64Array;
  i32(n: number): Int32Array;
  u8(n: number): Uint8Array;
  /** Keeps the lease's arrays (all of them, later ones too) for as long as the caller holds them (it never gives them back). */
  retain(): void;
}

/** Plain allocation: for arrays nobody recycles. */
export const FRESH: ArrayAlloc = {
  f64: (n) => new Float64Array(n),
  i32: (n) => new Int32Array(n),
  u8: (n) => new Uint8Array(n),
  retain: () => {},
};

/** Smallest buffer handed out (smaller arrays are cheap to allocate and not worth a free list). */
const MIN_BYTES = 1 << 12;
/** Free buffers beyond this many bytes are dropped (a pool never holds more than a few days). */
const MAX_FREE_BYTES = 512 * 1024 * 1024;

/** Free buffers by capacity (powers of two), shared by the leases of one run. */
export class ArrayPool {
  private readonly free = new Map<number, ArrayBuffer[]>();
  private freeBytes = 0;
  /** Buffers made new, and buffers handed out again (for tests and the benchmark). */
  created = 0;
  reused = 0;

  take(bytes: number): ArrayBuffer {
    const size = capacityFor(bytes);
    const list = this.free.get(size);
    const b = list?.pop();
    if (b !== undefined) {
      this.freeBytes -= size;
      this.reused++;
      return b;
    }
    this.created++;
    return new ArrayBuffer(size);
  }

  give(b: ArrayBuffer): void {
    if (this.freeBytes + b.byteLength > MAX_FREE_BYTES) return;
    let list = this.free.get(b.byteLength);
    if (list === undefined) this.free.set(b.byteLength, (list = []));
    list.push(b);
    this.freeBytes += b.byteLength;
  }

  lease(): DayLease {
    return new DayLease(this);
  }
}

function capacityFor(bytes: number): number {
  let size = MIN_BYTES;
  while (size < bytes) size *= 2;
  return size;
}

/** One day's arrays: zeroed as new ones are, and given back to the pool together. */
export class DayLease implements ArrayAlloc {
  private readonly buffers: ArrayBuffer[] = [];
  private readonly released: (() => void)[] = [];
  private refs = 1;

  constructor(private readonly pool: ArrayPool) {}

  private buffer(bytes: number): ArrayBuffer {
    if (this.refs <= 0) throw new Error('a released day lease was asked for arrays');
    const b = this.pool.take(bytes);
    this.buffers.push(b);
    return b;
  }

  f64(n: number): Float64Array {
    if (n * 8 < MIN_BYTES) return new Float64Array(n);
    return new Float64Array(this.buffer(n * 8), 0, n).fill(0);
  }

  i32(n: number): Int32Array {
    if (n * 4 < MIN_BYTES) return new Int32Array(n);
    return new Int32Array(this.buffer(n * 4), 0, n).fill(0);
  }

  u8(n: number): Uint8Array {
    if (n < MIN_BYTES) return new Uint8Array(n);
    return new Uint8Array(this.buffer(n), 0, n).fill(0);
  }

  /** Keeps the arrays past the day (never recycled then, unless released as often as retained). */
  retain(): void {
    this.refs++;
  }

  /** Memory the day's columns live in besides the lease's own (a slab shared with the prefetch thread), let go with it. */
  onRelease(free: () => void): void {
    this.released.push(free);
  }

  release(): void {
    if (--this.refs !== 0) return;
    for (const b of this.buffers) this.pool.give(b);
    this.buffers.length = 0;
    for (const free of this.released.splice(0)) free();
  }
}
