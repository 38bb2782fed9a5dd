import { DateTime } from 'luxon';
import { daysFromCivil, formatDay } from '../calendar/days.js';
import { describeWallProblem, WallClock, type WallProblem } from '../calendar/zone-offsets.js';

export type TimestampFormat = 'iso' | 'utc' | 'local' | 'epoch-s' | 'epoch-ms' | 'epoch-ns';
export const TIMESTAMP_FORMATS: readonly TimestampFormat[] = ['iso', 'utc', 'local', 'epoch-s', 'epoch-ms', 'epoch-ns'];

/**
 * Bars are accepted from 1900 up to 2200 (exclusive): an instant outside is surely a wrong
 * `--timestamps` unit (ms read as seconds lands near year 57000), and day files need a 4-digit year.
 */
export const BAR_TIME_RANGE = { from: Date.UTC(1900, 0, 1), to: Date.UTC(2200, 0, 1) } as const;

export function inBarTimeRange(t: number): boolean {
  return t >= BAR_TIME_RANGE.from && t < BAR_TIME_RANGE.to;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

interface WallTime { readonly wallMs: number; readonly offsetMin: number | null }

function parseWall(text: string): WallTime | null {
  const m = ISO.exec(text.trim());
  if (m === null) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const frac = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const day = daysFromCivil(y, mo, d);
  if (formatDay(day) !== `${m[1]}-${m[2]}-${m[3]}`) return null;
  const wallMs = day * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + Math.round(frac * 1000);
  let offsetMin: number | null = null;
  const z = m[8];
  if (z !== undefined) {
    if (z === 'Z') offsetMin = 0;
    else {
      const digits = z.slice(1).replace(':', '');
      offsetMin = (z[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0));
    }
  }
  return { wallMs, offsetMin };
}

/**
 * A local time (`--timestamps local`, no offset) that the exchange's clock skips or passes twice:
 * no instant can be picked for it without guessing (a bar in the fall-back hour could be either
 * one), so the row's reader turns this into an error naming the file, row and value.
 */
export class LocalTimeProblem extends Error {
  constructor(readonly text: string, readonly zone: string, readonly problem: WallProblem) {
    super(`${JSON.stringify(text)} ${describeWallProblem(zone, problem)}`);
  }
}

/**
 * Parses vendor timestamps to epoch ms UTC. Local wall times go through the calendar's WallClock
 * (offsets cached per local date: no luxon per row). Returns NaN for text that is not a timestamp
 * of the chosen format; throws LocalTimeProblem for a local time the clock skips or repeats.
 */
export class TimestampParser {
  private clock: WallClock | null = null;

  constructor(readonly format: TimestampFormat, readonly zone: string) {}

  parse(text: string): number {
    switch (this.format) {
      case 'epoch-s': return this.epoch(text, 1000);
      case 'epoch-ms': return this.epoch(text, 1);
      case 'epoch-ns': {
        const t = text.trim();
        if (!/^-?\d{1,30}$/.test(t)) return NaN;
        return Number(BigInt(t) / 1_000_000n);
      }
      case 'iso': {
        const w = parseWall(text);
        return w === null || w.offsetMin === null ? NaN : w.wallMs - w.offsetMin * 60_000;
      }
      case 'utc': {
        const w = parseWall(text);
        return w === null || (w.offsetMin !== null && w.offsetMin !== 0) ? NaN : w.wallMs;
      }
      case 'local': {
        const w = parseWall(text);
        if (w === null) return NaN;
        if (w.offsetMin !== null) return w.wallMs - w.offsetMin * 60_000;
        this.clock ??= new WallClock(this.zone);
        const t = this.clock.instant(w.wallMs);
        if (Number.isNaN(t)) throw new LocalTimeProblem(text, this.zone, this.clock.problem(w.wallMs)!);
        return t;
      }
    }
  }

  /**
   * A wall time (ms of a clock, no zone: a typed timestamp without a zone) as an instant: UTC with
   * `utc` (which says naive times are UTC), else the exchange's clock, like an offset-less local
   * string; a time the clock skips or repeats throws LocalTimeProblem.
   */
  wall(wallMs: number, text: string): number {
    if (this.format === 'utc') return wallMs;
    this.clock ??= new WallClock(this.zone);
    const whole = Math.floor(wallMs);
    const t = this.clock.instant(whole);
    if (Number.isNaN(t)) throw new LocalTimeProblem(text, this.zone, this.clock.problem(whole)!);
    return t + (wallMs - whole);
  }

  private epoch(text: string, scale: number): number {
    const t = text.trim();
    if (!/^-?\d{1,30}(\.\d{1,30})?$/.test(t)) return NaN;
    return Math.round(Number(t) * scale);
  }
}

/** Exchange-local calendar date of an instant, with the zone offset cached per UTC hour. */
export class LocalDater {
  private readonly cache = new Map<number, number>();

  constructor(readonly zone: string) {}

  date(t: number): string {
    const hour = Math.floor(t / 3_600_000);
    let off = this.cache.get(hour);
    if (off === undefined) {
      off = DateTime.fromMillis(hour * 3_600_000, { zone: this.zone }).offset;
      this.cache.set(hour, off);
    }
    return formatDay(Math.floor((t + off * 60_000) / 86_400_000));
  }
}
