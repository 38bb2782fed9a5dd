/**
 * A run of elements [from, to) of one immutable slice, folded into a table but not copied into
 * it yet: consecutive runs of the same slice merge, and the table copies the run out only when
 * somebody reads it.
 */
export class PendingRun<S> {
  private slice: S | null = null;
  private from = 0;
  private to = 0;

  get length(): number {
    return this.to - this.from;
  }

  /** Extends the run when [from, to) of this slice continues it; false when it does not. */
  extend(slice: S, from: number, to: number): boolean {
    if (this.slice !== slice || from !== this.to) return false;
    this.to = to;
    return true;
  }

  /** Starts a new run (the previous one must have been taken). */
  start(slice: S, from: number, to: number): void {
    this.slice = slice;
    this.from = from;
    this.to = to;
  }

  /** The run, left in place; null when there is none. */
  peek(): { slice: S; from: number; to: number } | null {
    return this.slice === null ? null : { slice: this.slice, from: this.from, to: this.to };
  }

  /** The run, emptied; null when there is none. */
  take(): { slice: S; from: number; to: number } | null {
    const slice = this.slice;
    if (slice === null) return null;
    const run = { slice, from: this.from, to: this.to };
    this.drop();
    return run;
  }

  drop(): void {
    this.slice = null;
    this.from = this.to = 0;
  }
}
