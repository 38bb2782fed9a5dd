/** Where a long job is: `done` of `total` units, and how far in as a fraction (finer than done/total when known). */
export interface ProgressPoint {
  readonly done: number;
  readonly total: number;
  /** 0..1; default done/total. */
  readonly fraction?: number;
  /** What else to show after the count (bars and bars/s, failed runs, workers). */
  readonly detail: string;
}

/** How often a terminal bar is redrawn at most, and how often a plain line is written between forced ones. */
const TTY_EVERY_MS = 100;
const PLAIN_EVERY_MS = 10_000;

/**
 * Progress for people, on standard error: on a terminal one bar redrawn in place (callers update
 * it at least once a second); elsewhere (a file, a pipe, CI) a plain line at each forced update
 * (a session or run done) and a heartbeat line every 10 s between them, so a log stays readable.
 * Times are the wall clock's: they never reach the event log.
 */
export class Progress {
  private lastDraw: number;
  /** A bar is on screen without its newline. */
  private open = false;
  private readonly tty: boolean;

  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean }, private readonly unit: string, private readonly startedAt: number) {
    this.tty = out.isTTY === true;
    this.lastDraw = startedAt;
  }

  update(p: ProgressPoint, now: number, force = false): void {
    if (!force && now - this.lastDraw < (this.tty ? TTY_EVERY_MS : PLAIN_EVERY_MS)) return;
    this.lastDraw = now;
    const elapsed = Math.max(now - this.startedAt, 0);
    const fraction = Math.min(Math.max(p.fraction ?? (p.total === 0 ? 1 : p.done / p.total), 0), 1);
    const eta = fraction >= 1 ? '0:00' : fraction <= 0 ? '?' : clock((elapsed * (1 - fraction)) / fraction, Math.ceil);
    const times = `elapsed ${clock(elapsed)}  eta ${eta}`;
    if (this.tty) {
      const width = 24, filled = Math.round(fraction * width);
      // \x1b[K clears what a longer earlier line left to the right.
      this.out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total} ${this.unit}  ${p.detail}  ${times}\x1b[K`);
      this.open = true;
    } else {
      this.out.write(`${this.unit} ${p.done}/${p.total}  ${p.detail}  ${times}\n`);
    }
  }

  /** A line of its own (a notice) that must not run into the bar; the next update redraws the bar below it. */
  note(line: string): void {
    this.out.write(`${this.open ? '\n' : ''}${line}\n`);
    this.open = false;
    if (this.tty) this.lastDraw = -Infinity;
  }

  /** Ends the bar's line (a terminal); the summary starts on a line of its own. */
  finish(): void {
    if (this.open) this.out.write('\n');
    this.open = false;
  }
}

/** A rate for people: whole units a second, with thousands separators. */
export function perSecond(n: number, ms: number): string {
  return Math.round(n / Math.max(ms / 1000, 1e-3)).toLocaleString('en-US');
}

/** m:ss, or h:mm:ss from an hour. */
export function clock(ms: number, round: (x: number) => number = Math.floor): string {
  const s = round(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
