import { createHash, type Hash } from 'node:crypto';
import { canonical } from './canonical.js';

/** Where handled events go, in handling order. The on-disk Arrow log implements this too. */
export interface EventSink<E> {
  append(event: E): void;
  /** Called once when the run ends (normally or not); sinks flush and release here. */
  close?(): void;
}

/**
 * Incremental sha256 over the canonical encoding of each event, one per line. The hash of a log
 * depends only on its events and their order, never on batching or object key order.
 */
export class LogHasher {
  private readonly h: Hash = createHash('sha256');
  private count = 0;

  update(event: unknown): void {
    this.h.update(canonical(event));
    this.h.update('\n');
    this.count++;
  }

  get length(): number {
    return this.count;
  }

  /** Hex digest of everything so far; the hasher keeps accepting events. */
  digest(): string {
    return this.h.copy().digest('hex');
  }
}

export function hashEvents(events: Iterable<unknown>): string {
  const h = new LogHasher();
  for (const e of events) h.update(e);
  return h.digest();
}

/** The in-memory event log: every handled event, plus the running content hash. */
export class MemoryLog<E> implements EventSink<E> {
  private readonly list: E[] = [];
  private readonly hasher = new LogHasher();

  append(event: E): void {
    this.list.push(event);
    this.hasher.update(event);
  }

  get length(): number {
    return this.list.length;
  }

  events(): readonly E[] {
    return this.list;
  }

  hash(): string {
    return this.hasher.digest();
  }
}

/** Keeps only the running hash: a run that writes no log still has a comparable log hash. */
export class HashOnlyLog<E> implements EventSink<E> {
  private readonly hasher = new LogHasher();

  append(event: E): void {
    this.hasher.update(event);
  }

  get length(): number {
    return this.hasher.length;
  }

  hash(): string {
    return this.hasher.digest();
  }
}
