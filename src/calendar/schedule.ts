import { SimError, showValue } from '../errors.js';
import type { DateInput, ExchangeCalendar } from './calendar.js';
import { civilFromDays, isoWeekday } from './days.js';

/**
 * Times in market terms, computed from a calendar: "5 minutes after the open", "15 minutes before
 * the close", "at 11:00 local", on every session or only the first or last session of each week or
 * month. Offsets count trading minutes: a lunch break is stepped over (Hong Kong's open + 180 is
 * 13:30, not 12:30 in the break), and a close is the session's own (an early close's close).
 */
export interface MarketSchedule {
  /** 'open': `minutes` trading minutes after the open; 'close': `minutes` before the close; 'time': the local clock time `time` on the session's date. */
  readonly at: 'open' | 'close' | 'time';
  readonly minutes?: number;
  /** 'HH:MM', exchange-local, for `at: 'time'`. */
  readonly time?: string;
  /** Which sessions: every one (default), or the first or last of each ISO week or calendar month. */
  readonly sessions?: 'every' | 'first-of-week' | 'last-of-week' | 'first-of-month' | 'last-of-month';
}

/** One scheduled instant, with the session it belongs to. */
export interface ScheduledTime {
  readonly date: string;
  readonly time: number;
}

const SESSION_FILTERS = ['every', 'first-of-week', 'last-of-week', 'first-of-month', 'last-of-month'] as const;

function invalid(key: string, message: string, value: unknown): never {
  throw new SimError('CONFIG_INVALID', `schedule.${key}: ${message}, got ${showValue(value)}`, { key: `schedule.${key}`, value });
}

function check(spec: MarketSchedule): void {
  if (spec.at !== 'open' && spec.at !== 'close' && spec.at !== 'time') invalid('at', "must be 'open', 'close' or 'time'", spec.at);
  if (spec.at === 'time') {
    if (typeof spec.time !== 'string' || !/^\d{2}:\d{2}$/.test(spec.time) || Number(spec.time.slice(0, 2)) > 23 || Number(spec.time.slice(3)) > 59) invalid('time', "must be an 'HH:MM' clock time", spec.time);
    if (spec.minutes !== undefined) invalid('minutes', "goes with at 'open' or 'close', not 'time'", spec.minutes);
  } else {
    const m = spec.minutes ?? 0;
    if (!Number.isInteger(m) || m < 0) invalid('minutes', 'must be a whole number of minutes, 0 or more', spec.minutes);
    if (spec.time !== undefined) invalid('time', "goes with at 'time'", spec.time);
  }
  if (spec.sessions !== undefined && !(SESSION_FILTERS as readonly string[]).includes(spec.sessions)) invalid('sessions', `must be one of ${SESSION_FILTERS.join(', ')}`, spec.sessions);
}

/** The week (Monday's epoch day) or month (year * 12 + month) a session date belongs to. */
function periodOf(day: number, filter: MarketSchedule['sessions']): number {
  if (filter === 'first-of-week' || filter === 'last-of-week') return day - (isoWeekday(day) - 1);
  const [y, m] = civilFromDays(day);
  return y * 12 + m;
}

/**
 * `minutes` trading minutes from `from` forwards (sign 1) or backwards (-1) within [open, close),
 * stepping over the break; null when the session has not that many.
 */
function tradingOffset(open: number, close: number, bs: number, be: number, minutes: number, forwards: boolean): number | null {
  const ms = minutes * 60_000;
  const hasBreak = !Number.isNaN(bs) && bs < be && bs < close && be > open;
  if (forwards) {
    if (!hasBreak || open >= bs) {
      const start = hasBreak && open >= bs && open < be ? be : open;
      const t = start + ms;
      return t < close ? t : null;
    }
    const before = bs - open;
    const t = ms < before ? open + ms : be + (ms - before);
    return t < close ? t : null;
  }
  if (!hasBreak || close <= be) {
    const end = hasBreak && close > bs && close <= be ? bs : close;
    const t = end - ms;
    return t >= open ? t : null;
  }
  const after = close - be;
  const t = ms <= after ? close - ms : bs - (ms - after);
  return t >= open ? t : null;
}

/**
 * The instants of a schedule for the sessions dated from..to (inclusive), in order. A session too
 * short for an offset (an early close before open + N) has no instant that day; a clock time is
 * placed on the session's date in the exchange's zone (a time the clock skips that day is an error
 * naming it).
 */
export function marketSchedule(cal: ExchangeCalendar, spec: MarketSchedule, from: DateInput, to: DateInput): ScheduledTime[] {
  check(spec);
  const [first, end] = cal.indexRange(from, to);
  const s = cal.sessions;
  const filter = spec.sessions ?? 'every';
  const out: ScheduledTime[] = [];
  for (let i = first; i < end; i++) {
    const day = s.days[i]!;
    if (filter !== 'every') {
      const mine = periodOf(day, filter);
      // The first of a period: the session before is in another one (or outside the calendar); the last: the one after.
      const neighbour = filter.startsWith('first') ? i - 1 : i + 1;
      if (neighbour >= 0 && neighbour < s.days.length && periodOf(s.days[neighbour]!, filter) === mine) continue;
    }
    const date = cal.at(i).date;
    let t: number | null;
    if (spec.at === 'time') {
      t = cal.parseTime(`${date}T${spec.time!}`, { what: `schedule.time on ${date}`, key: 'schedule.time', code: 'CONFIG_INVALID' });
    } else {
      t = tradingOffset(s.opens[i]!, s.closes[i]!, s.breakStarts[i]!, s.breakEnds[i]!, spec.minutes ?? 0, spec.at === 'open');
    }
    if (t !== null) out.push({ date, time: t });
  }
  return out;
}
