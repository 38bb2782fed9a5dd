import type { ExchangeCalendar } from '../../calendar/index.js';

const DAY = 86_400_000;

/**
 * Instants shown on an exchange's wall clock. A plot's time scale in UTC mode labels a Date by its
 * UTC fields, so an instant shifted by the exchange's offset at that instant reads as exchange
 * time (never the machine's zone), DST included.
 */
export class LocalClock {
  constructor(readonly calendar: ExchangeCalendar) {}

  /** The exchange's wall clock at t, as epoch ms read in UTC. */
  wall(t: number): number {
    return t + this.calendar.utcOffsetAt(t) * 60_000;
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
