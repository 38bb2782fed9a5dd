import { DateTime } from 'luxon';
import { SimError } from '../errors.js';
import { civilFromDays } from './days.js';

/**
 * Local wall time -> UTC for one zone, calling luxon (~15 µs a call) for a few thousand samples
 * instead of once per session open and close: the offset at local noon is sampled weekly, taken
 * as constant between equal samples, and looked up day by day only in weeks where it changes.
 * On a day next to a change the exact luxon conversion is used.
 */
export class ZoneOffsets {
  private readonly weekly = new Map<number, number>();
  private readonly daily = new Map<number, number>();

  constructor(readonly zone: string) {}

  /** Epoch ms of `minutes` after local midnight on epoch day `day`. */
  toUtc(day: number, minutes: number): number {
    const o = this.noonOffset(day);
    if (o === this.noonOffset(day - 1) && o === this.noonOffset(day + 1)) return (day * 1440 + minutes - o) * 60_000;
    return this.exact(day, minutes);
  }

  private exact(day: number, minutes: number): number {
    const [year, month, d] = civilFromDays(day);
    const dt = DateTime.fromObject({ year, month, day: d, hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone: this.zone });
    if (!dt.isValid) throw new SimError('CALENDAR_DEFINITION', `cannot place ${minutes} min on day ${day} in ${this.zone}: ${dt.invalidExplanation}`, { zone: this.zone });
    return dt.toMillis();
  }

  private sample(day: number): number {
    const [year, month, d] = civilFromDays(day);
    return DateTime.fromObject({ year, month, day: d, hour: 12 }, { zone: this.zone }).offset;
  }

  private noonOffset(day: number): number {
    const w = Math.floor(day / 7);
    const a = this.week(w), b = this.week(w + 1);
    if (a === b) return a;
    let o = this.daily.get(day);
    if (o === undefined) {
      o = this.sample(day);
      this.daily.set(day, o);
    }
    return o;
  }

  private week(w: number): number {
    let o = this.weekly.get(w);
    if (o === undefined) {
      o = this.sample(w * 7);
      this.weekly.set(w, o);
    }
    return o;
  }
}
