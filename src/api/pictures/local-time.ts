import { DateTime } from 'luxon';
import type { ExchangeCalendar } from '../../calendar/index.js';

const DAY = 86_400_000;
const QUARTER = 900_000;

/**
 * Instants shown on an exchange's wall clock. A plot's time scale in UTC mode labels a Date by its
 * UTC fields, so an instant shifted by the exchange's offset at that instant reads as exchange
 * time (never the machine's zone), DST included.
 */
export class LocalClock {
  private readonly zone: string;
  constructor(readonly calendar: ExchangeCalendar) {
    this.zone = calendar.timezone;
  }

  /**
   * Offsets by quarter hour of UTC (a picture asks for thousands of instants; luxon's lookup per
   * instant was most of a large picture's time). Zones change offset on a quarter hour of UTC; a
   * quarter whose two ends differ (an old local-mean-time change) is NaN: looked up per instant.
   */
  private readonly offsets = new Map<number, number>();

  /** The exchange's wall clock at t, as epoch ms read in UTC. */
  wall(t: number): number {
    const q = Math.floor(t / QUARTER);
    let off = this.offsets.get(q);
    if (off === undefined) {
      const start = this.offsetAt(q * QUARTER), end = this.offsetAt((q + 1) * QUARTER - 1);
      off = start === end ? start : NaN;
      this.offsets.set(q, off);
    }
    return t + (Number.isNaN(off) ? this.offsetAt(t) : off);
  }

  private offsetAt(t: number): number {
    return DateTime.fromMillis(t, { zone: this.zone }).offset * 60_000;
  }

  /**
   * The time on the exchange's clock from the midnight before a session's open, as a Date from
   * 1970-01-01 UTC: one axis for every session, and a session that opens the evening before
   * (17:00 to 16:00) runs on past 24:00 instead of wrapping to the left.
   */
  sinceOpenDay(t: number, open: number): Date {
    const day = Math.floor(this.wall(open) / DAY) * DAY;
    return new Date(this.wall(t) - day);
  }

  /** HH:MM on the exchange's clock. */
  clock(t: number): string {
    const minutes = Math.floor((((this.wall(t) % DAY) + DAY) % DAY) / 60_000);
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  }
}
