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
  /**
   * The same arrays, not zeroed when recycled: for a caller that writes every element before it
   * reads one (a day's plan, row lists, copies of columns). Zeroing them was 2-4% of a run.
   */
  f64ToFill(n: number): Float64Array;
  i32ToFill(n: number): Int32Array;
  u8ToFill(n: number): Uint8Array;
  /** Keeps the lease's arrays (all of them, later ones too) for as long as the caller holds them (it never gives them back). */
  retain(): void;
}

/** Plain allocation: for arrays nobody recycles. */
export const FRESH: ArrayAlloc = {
  f64: (n) => new Float64Array(n),
  i32: (n) => new Int32Array(n),
  u8: (n) => new Uint8Array(n),
  f64ToFill: (n) => new Float64Array(n),
  i32ToFill: (n) => new Int32Array(n),
  u8ToFill: (n) => new Uint8Array(n),
  retain: () => {},
};

/** Smallest buffer handed out (smaller arrays are cheap to allocate and not worth a free list). */
const MIN_BYTES = 1 << 12;
/** Free buffers beyond this many bytes are dropped (a pool never holds more than a few days). */
const MAX_FREE_BYTES = 512 * 1024 * 1024;

/** Free buffers by capacity (powers of two), shared by the leases of one run. */
export class ArrayPool {
  private readonly free = new Map<number, ArrayBuffer[]>();
  /**
   * The fewest buffers each free list held since the last trim: that many were not needed for a
   * whole day, and go at the next trim (buffers for columns a run stopped reading itself once the
   * prefetch thread took over, a day of more symbols than the days after it).
   */
  private readonly idle = new Map<number, number>();
  private freeBytes = 0;
  /** Buffers made new, and buffers handed out again (for tests and the benchmark). */
  created = 0;
  reused = 0;
  /** Buffers let go by trim (tests, the benchmark). */
  trimmed = 0;

  take(bytes: number): ArrayBuffer {
    const size = capacityFor(bytes);
    const list = this.free.get(size);
    const b = list?.pop();
    if (b !== undefined) {
      this.freeBytes -= size;
      this.reused++;
      if (list!.length < this.idle.get(size)!) this.idle.set(size, list!.length);
      return b;
    }
    this.created++;
    return new ArrayBuffer(size);
  }

  give(b: ArrayBuffer): void {
    if (this.freeBytes + b.byteLength > MAX_FREE_BYTES) return;
    let list = this.free.get(b.byteLength);
    if (list === undefined) {
      this.free.set(b.byteLength, (list = []));
      this.idle.set(b.byteLength, 0);
    }
    list.push(b);
    this.freeBytes += b.byteLength;
  }

  /** Lets go of the buffers no take needed since the last trim (called once a day). */
  trim(): void {
    for (const [size, list] of this.free) {
      const drop = this.idle.get(size)!;
      list.length -= drop;
      this.freeBytes -= drop * size;
      this.trimmed += drop;
      this.idle.set(size, list.length);
    }
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

/**
 * Arrays carved out of memory a subclass finds (`place`: a buffer and a byte offset, 8-byte
 * aligned), zeroed as new ones are (the `ToFill` ones are not); where it finds none, new arrays
 * of their own.
 */
export abstract class CarvedArrays implements ArrayAlloc {
  protected abstract place(bytes: number): readonly [ArrayBufferLike, number] | null;
  abstract retain(): void;

  f64(n: number): Float64Array {
    return this.f64ToFill(n).fill(0);
  }

  i32(n: number): Int32Array {
    return this.i32ToFill(n).fill(0);
  }

  u8(n: number): Uint8Array {
    return this.u8ToFill(n).fill(0);
  }

  f64ToFill(n: number): Float64Array {
    const p = this.place(n * 8);
    return p === null ? new Float64Array(n) : new Float64Array(p[0], p[1], n);
  }

  i32ToFill(n: number): Int32Array {
    const p = this.place(n * 4);
    return p === null ? new Int32Array(n) : new Int32Array(p[0], p[1], n);
  }

  u8ToFill(n: number): Uint8Array {
    const p = this.place(n);
    return p === null ? new Uint8Array(n) : new Uint8Array(p[0], p[1], n);
  }
}

/** One day's arrays, from the pool's buffers, given back to the pool together. */
export class DayLease extends CarvedArrays {
  private readonly buffers: ArrayBuffer[] = [];
  private readonly released: (() => void)[] = [];
  private refs = 1;

  constructor(private readonly pool: ArrayPool) {
    super();
  }

  /** A pool buffer of its own for each array but small ones. */
  protected place(bytes: number): readonly [ArrayBuffer, number] | null {
    if (bytes < MIN_BYTES) return null;
    if (this.refs <= 0) throw new Error('a released day lease was asked for arrays');
    const b = this.pool.take(bytes);
    this.buffers.push(b);
    return [b, 0];
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
