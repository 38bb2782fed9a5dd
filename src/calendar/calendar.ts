import { DateTime } from 'luxon';
import { SimError } from '../errors.js';
import type { CalendarDefinition } from './definition.js';
import { compileCalendar, type CompiledSessions } from './compile.js';
import { formatDay, parseDay } from './days.js';
import { parseExchangeTime, type ParseTimeOptions, type TimeInput } from './exchange-time.js';
import { ZoneOffsets } from './zone-offsets.js';

/** One session, as handed to people and handlers. Times are epoch ms UTC. */
export interface Session {
  readonly date: string;
  readonly day: number;
  readonly open: number;
  readonly close: number;
  readonly breakStart: number | null;
  readonly breakEnd: number | null;
  readonly earlyClose: boolean;
}

/** A session date: 'YYYY-MM-DD', an epoch day, or an instant standing for its exchange-local date (see ExchangeCalendar.day). */
export type DateInput = string | number | Date;

/** Numbers below this are epoch days (the year 29349 and before); above, epoch ms. */
const EPOCH_DAY_LIMIT = 10_000_000;

/** A date outside the range a calendar is known to be right for. */
export class CalendarRangeError extends SimError {
  constructor(calendar: string, value: string, first: string, last: string) {
    super('CALENDAR_OUT_OF_RANGE', `${value} is outside the ${calendar} calendar's range ${first}..${last}`, { calendar, value, first, last });
  }
}

/**
 * A compiled exchange calendar. Every look-up is an array access or a binary search over the
 * sorted session columns; nothing here builds a Date or a luxon DateTime except `format*` and
 * `parseTime` (edge use: config, CLI, API arguments).
 */
export class ExchangeCalendar {
  readonly name: string;
  readonly timezone: string;
  readonly version: string;
  readonly definition: CalendarDefinition;
  readonly sessions: CompiledSessions;
  /** For each day of the range: index of the first session on or after it (length = sessions when none). */
  private readonly atOrAfter: Int32Array;

  constructor(def: CalendarDefinition) {
    this.definition = def;
    this.name = def.name;
    this.timezone = def.timezone;
    this.sessions = compileCalendar(def);
    this.version = this.sessions.version;
    const { days, firstDay, lastDay } = this.sessions;
    this.atOrAfter = new Int32Array(lastDay - firstDay + 1);
    let i = 0;
    for (let d = firstDay; d <= lastDay; d++) {
      while (i < days.length && days[i]! < d) i++;
      this.atOrAfter[d - firstDay] = i;
    }
  }

  get firstDate(): string { return formatDay(this.sessions.firstDay); }
  get lastDate(): string { return formatDay(this.sessions.lastDay); }
  get size(): number { return this.sessions.days.length; }

  /**
   * Epoch day of a date, checked against the range. Accepts 'YYYY-MM-DD', an epoch day, or an
   * instant (a Date, an ISO time string, epoch ms: any number too large to be an epoch day), which
   * stands for its exchange-local date.
   */
  day(date: DateInput): number {
    let d: number;
    if (typeof date === 'number') d = Math.abs(date) < EPOCH_DAY_LIMIT ? date : parseDay(this.localDate(date));
    else if (date instanceof Date) d = parseDay(this.localDate(this.parseTime(date)));
    else d = date.length > 10 ? parseDay(this.localDate(this.parseTime(date, { code: 'BAD_DATE' }))) : parseDay(date);
    if (!Number.isInteger(d) || d < this.sessions.firstDay || d > this.sessions.lastDay) {
      throw new CalendarRangeError(this.name, Number.isInteger(d) ? formatDay(d) : String(date), this.firstDate, this.lastDate);
    }
    return d;
  }

  /** Index of the session on `date`, or -1 when the exchange is closed that day. */
  indexOf(date: DateInput): number {
    const d = this.day(date);
    const i = this.atOrAfter[d - this.sessions.firstDay]!;
    return i < this.sessions.days.length && this.sessions.days[i] === d ? i : -1;
  }

  isSession(date: DateInput): boolean {
    return this.indexOf(date) >= 0;
  }

  /** The session on `date`, or null when there is none. */
  sessionOn(date: DateInput): Session | null {
    const i = this.indexOf(date);
    return i < 0 ? null : this.at(i);
  }

  /** The session at index i of the compiled columns. */
  at(i: number): Session {
    const s = this.sessions;
    if (!(i >= 0 && i < s.days.length)) throw new RangeError(`session index ${i} outside 0..${s.days.length - 1}`);
    const bs = s.breakStarts[i]!, be = s.breakEnds[i]!;
    return {
      date: formatDay(s.days[i]!),
      day: s.days[i]!,
      open: s.opens[i]!,
      close: s.closes[i]!,
      breakStart: Number.isNaN(bs) ? null : bs,
      breakEnd: Number.isNaN(be) ? null : be,
      earlyClose: s.earlyClose[i] === 1,
    };
  }

  /** Index of the first session strictly after `date`; a range error when there is none in range. */
  nextIndex(date: DateInput): number {
    const d = this.day(date);
    const i = d === this.sessions.lastDay ? this.sessions.days.length : this.atOrAfter[d + 1 - this.sessions.firstDay]!;
    if (i >= this.sessions.days.length) throw new CalendarRangeError(this.name, `the session after ${formatDay(d)}`, this.firstDate, this.lastDate);
    return i;
  }

  /** Index of the last session strictly before `date`; a range error when there is none in range. */
  previousIndex(date: DateInput): number {
    const d = this.day(date);
    const i = this.atOrAfter[d - this.sessions.firstDay]! - 1;
    if (i < 0) throw new CalendarRangeError(this.name, `the session before ${formatDay(d)}`, this.firstDate, this.lastDate);
    return i;
  }

  /** Index of the first session on or after `date`, or -1 when none is left in range. */
  indexOnOrAfter(date: DateInput): number {
    const d = this.day(date);
    const i = this.atOrAfter[d - this.sessions.firstDay]!;
    return i < this.sessions.days.length ? i : -1;
  }

  nextSession(date: DateInput): Session {
    return this.at(this.nextIndex(date));
  }

  previousSession(date: DateInput): Session {
    return this.at(this.previousIndex(date));
  }

  /** Sessions with a ≤ date ≤ b, in order. */
  sessionsBetween(a: DateInput, b: DateInput): Session[] {
    const [from, to] = this.indexRange(a, b);
    const out: Session[] = [];
    for (let i = from; i < to; i++) out.push(this.at(i));
    return out;
  }

  /** [first, end) indexes of the sessions with a ≤ date ≤ b. */
  indexRange(a: DateInput, b: DateInput): [number, number] {
    const da = this.day(a), db = this.day(b);
    if (db < da) return [0, 0];
    const from = this.atOrAfter[da - this.sessions.firstDay]!;
    const to = db === this.sessions.lastDay ? this.sessions.days.length : this.atOrAfter[db + 1 - this.sessions.firstDay]!;
    return [from, to];
  }

  isEarlyClose(date: DateInput): boolean {
    const i = this.indexOf(date);
    return i >= 0 && this.sessions.earlyClose[i] === 1;
  }

  /** Trading minutes of the session on `date` (break excluded); 0 when closed. */
  sessionMinutes(date: DateInput): number {
    const i = this.indexOf(date);
    return i < 0 ? 0 : this.minutesAt(i);
  }

  minutesAt(i: number): number {
    const s = this.sessions;
    const open = s.opens[i]!, close = s.closes[i]!;
    // Only the part of the break inside the session counts: an early close inside the break, or a
    // late open after it starts, leaves less of it (2010-12-24 in Hong Kong: 09:30-12:30, break from 12:00).
    const br = Number.isNaN(s.breakStarts[i]!) ? 0 : Math.max(0, Math.min(close, s.breakEnds[i]!) - Math.max(open, s.breakStarts[i]!));
    return (close - open - br) / 60_000;
  }

  /**
   * Index of the session trading at instant t (open ≤ t < close, outside any break), or -1.
   * A binary search over the opens.
   */
  sessionIndexAt(t: number): number {
    const { opens, closes, breakStarts, breakEnds } = this.sessions;
    let lo = 0, hi = opens.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (opens[mid]! <= t) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found < 0 || t >= closes[found]!) return -1;
    if (t >= breakStarts[found]! && t < breakEnds[found]!) return -1;
    return found;
  }

  sessionAt(t: number): Session | null {
    const i = this.sessionIndexAt(t);
    return i < 0 ? null : this.at(i);
  }

  // ---------------------------------------------------------------------------------------------
  // The query API of exchange_calendars, in camelCase. A session is named by its date ('YYYY-MM-DD'
  // or an epoch day); an instant by epoch ms, a Date or an ISO string (an offset-less string is
  // exchange-local time). A minute "trades" when open <= t < close, outside the break.

  /** Sessions with start <= date <= end (exchange_calendars' sessions_in_range). */
  sessionsInRange(start: DateInput, end: DateInput): Session[] {
    return this.sessionsBetween(start, end);
  }

  private sessionIndex(date: DateInput): number {
    const i = this.indexOf(date);
    if (i < 0) throw new SimError('CALENDAR_NOT_SESSION', `${typeof date === 'number' ? formatDay(date) : date} is not a ${this.name} session`, { calendar: this.name, value: date });
    return i;
  }

  /** Epoch ms of the session's open (a CALENDAR_NOT_SESSION error for a date without one). */
  sessionOpen(date: DateInput): number { return this.sessions.opens[this.sessionIndex(date)]!; }
  sessionClose(date: DateInput): number { return this.sessions.closes[this.sessionIndex(date)]!; }
  /** Epoch ms of the session's break start, null when it has no break. */
  breakStart(date: DateInput): number | null { const v = this.sessions.breakStarts[this.sessionIndex(date)]!; return Number.isNaN(v) ? null : v; }
  breakEnd(date: DateInput): number | null { const v = this.sessions.breakEnds[this.sessionIndex(date)]!; return Number.isNaN(v) ? null : v; }

  isLateOpen(date: DateInput): boolean {
    const i = this.indexOf(date);
    return i >= 0 && this.sessions.lateOpen[i] === 1;
  }

  /** Sessions in [start, end] that close early / open late. */
  earlyCloses(start: DateInput, end: DateInput): Session[] {
    const [from, to] = this.indexRange(start, end);
    const out: Session[] = [];
    for (let i = from; i < to; i++) if (this.sessions.earlyClose[i] === 1) out.push(this.at(i));
    return out;
  }

  lateOpens(start: DateInput, end: DateInput): Session[] {
    const [from, to] = this.indexRange(start, end);
    const out: Session[] = [];
    for (let i = from; i < to; i++) if (this.sessions.lateOpen[i] === 1) out.push(this.at(i));
    return out;
  }

  /** An instant from any of the accepted forms, checked to lie within the calendar's sessions' span. */
  private instant(t: TimeInput, what: string): number {
    const ms = this.parseTime(t, { what, code: 'BAD_DATE' });
    const { opens, closes } = this.sessions;
    if (opens.length === 0 || ms < opens[0]! - 7 * 86_400_000 || ms > closes[closes.length - 1]! + 7 * 86_400_000) {
      throw new CalendarRangeError(this.name, new Date(ms).toISOString(), this.firstDate, this.lastDate);
    }
    return ms;
  }

  /** Index of the last session whose open is at or before t (-1: none). */
  private lastOpenAtOrBefore(t: number): number {
    const opens = this.sessions.opens;
    let lo = 0, hi = opens.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (opens[mid]! <= t) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /** The date of the session whose [open, close) holds instant t, a break included; null outside every session. */
  sessionDateOf(t: number): string | null {
    const i = this.lastOpenAtOrBefore(t);
    return i >= 0 && t < this.sessions.closes[i]! ? formatDay(this.sessions.days[i]!) : null;
  }

  /** Whether the exchange trades at t (open <= t < close; in a break only with ignoreBreaks). */
  isOpenOnMinute(t: TimeInput, options: { ignoreBreaks?: boolean } = {}): boolean {
    const ms = this.instant(t, 'isOpenOnMinute');
    const i = this.lastOpenAtOrBefore(ms);
    if (i < 0 || ms >= this.sessions.closes[i]!) return false;
    return options.ignoreBreaks === true || !(ms >= this.sessions.breakStarts[i]! && ms < this.sessions.breakEnds[i]!);
  }

  /**
   * The session of instant t: the one trading at t; otherwise by direction: 'next' the session of
   * the next minute that trades (in a break: the same session), 'previous' the session of the last
   * minute that traded, 'none' a CALENDAR_NOT_SESSION error.
   */
  minuteToSession(t: TimeInput, direction: 'next' | 'previous' | 'none' = 'next'): Session {
    const ms = this.instant(t, 'minuteToSession');
    const i = this.lastOpenAtOrBefore(ms);
    const inSession = i >= 0 && ms < this.sessions.closes[i]!;
    const inBreak = inSession && ms >= this.sessions.breakStarts[i]! && ms < this.sessions.breakEnds[i]!;
    if (inSession && !inBreak) return this.at(i);
    if (direction === 'none') throw new SimError('CALENDAR_NOT_SESSION', `${this.formatLocal(ms)} is not a trading minute of ${this.name}`, { calendar: this.name, value: ms });
    if (inBreak) return this.at(i);
    const j = direction === 'next' ? i + 1 : i;
    if (j < 0 || j >= this.sessions.days.length) throw new CalendarRangeError(this.name, `the session ${direction === 'next' ? 'after' : 'before'} ${this.formatLocal(ms)}`, this.firstDate, this.lastDate);
    return this.at(j);
  }

  /** The first open strictly after t (epoch ms). */
  nextOpen(t: TimeInput): number {
    const i = this.lastOpenAtOrBefore(this.instant(t, 'nextOpen')) + 1;
    if (i >= this.sessions.opens.length) throw new CalendarRangeError(this.name, 'the next open', this.firstDate, this.lastDate);
    return this.sessions.opens[i]!;
  }

  /** The last open strictly before t. */
  previousOpen(t: TimeInput): number {
    const ms = this.instant(t, 'previousOpen');
    let i = this.lastOpenAtOrBefore(ms);
    if (i >= 0 && this.sessions.opens[i] === ms) i--;
    if (i < 0) throw new CalendarRangeError(this.name, 'the previous open', this.firstDate, this.lastDate);
    return this.sessions.opens[i]!;
  }

  /** The first close strictly after t. */
  nextClose(t: TimeInput): number {
    const ms = this.instant(t, 'nextClose');
    const closes = this.sessions.closes;
    let lo = 0, hi = closes.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (closes[mid]! > ms) hi = mid; else lo = mid + 1; }
    if (lo >= closes.length) throw new CalendarRangeError(this.name, 'the next close', this.firstDate, this.lastDate);
    return closes[lo]!;
  }

  /** The last close strictly before t. */
  previousClose(t: TimeInput): number {
    const ms = this.instant(t, 'previousClose');
    const closes = this.sessions.closes;
    let lo = 0, hi = closes.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (closes[mid]! >= ms) hi = mid; else lo = mid + 1; }
    if (lo === 0) throw new CalendarRangeError(this.name, 'the previous close', this.firstDate, this.lastDate);
    return closes[lo - 1]!;
  }

  /**
   * The exchange's offset from UTC at instant t, in minutes: the zone asked at the edges of 16-day
   * blocks (zone-offsets.ts), not per call, for code that places many instants on the exchange's
   * clock (pictures).
   */
  utcOffsetAt(t: number): number {
    return (this.offsets ??= new ZoneOffsets(this.timezone)).offsetAt(t);
  }

  private offsets: ZoneOffsets | null = null;

  /** Exchange-local ISO time with offset, for people: 2025-07-03T13:00:00-04:00. */
  formatLocal(t: number): string {
    return (this.offsets ??= new ZoneOffsets(this.timezone)).formatIso(t);
  }

  /** Exchange-local HH:MM. */
  formatClock(t: number): string {
    return DateTime.fromMillis(t, { zone: this.timezone }).toFormat('HH:mm');
  }

  /** Epoch ms of a time a user wrote; one without an offset is a wall time here (see exchange-time.ts). */
  parseTime(value: TimeInput | unknown, options?: ParseTimeOptions): number {
    return parseExchangeTime(value, this.timezone, options);
  }

  /** Exchange-local calendar date (YYYY-MM-DD) of an instant. */
  localDate(t: number): string {
    return DateTime.fromMillis(t, { zone: this.timezone }).toISODate() ?? '';
  }
}
