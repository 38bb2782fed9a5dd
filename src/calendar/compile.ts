import { createHash } from 'node:crypto';
import Holidays from 'date-holidays';
import { IANAZone } from 'luxon';
import { SimError } from '../errors.js';
import type { BaseDefinition, CalendarDefinition, RuleDefinition } from './definition.js';
import { civilFromDays, formatDay, isoWeekday, parseClock, parseDay } from './days.js';
import { ZoneOffsets } from './zone-offsets.js';

/** A calendar compiled to sorted columns, one row per session. */
export interface CompiledSessions {
  /** Session label dates as epoch days, strictly increasing. */
  readonly days: Int32Array;
  readonly opens: Float64Array;
  readonly closes: Float64Array;
  /** NaN where the session has no break. */
  readonly breakStarts: Float64Array;
  readonly breakEnds: Float64Array;
  readonly earlyClose: Uint8Array;
  /** 1 where the session opens after its date's regular open (a late open, or per-date hours that start later). */
  readonly lateOpen: Uint8Array;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly version: string;
}

/** The dates a rule gives in each year of [firstYear, lastYear], weekday filter applied. */
function ruleDates(rule: RuleDefinition, firstYear: number, lastYear: number): number[] {
  // One date-holidays instance per rule: its holidays are keyed by rule text, so two of our rules
  // with the same text (a rule whose close time changed) must not share one.
  const hd = new Holidays();
  if (!hd.setHoliday(rule.rule, { name: rule.name, type: 'public' })) {
    throw new SimError('CALENDAR_DEFINITION', `rule '${rule.rule}' (${rule.name}) is not valid date-holidays grammar`, { key: rule.name, value: rule.rule });
  }
  const out: number[] = [];
  const from = Math.max(firstYear, rule.fromYear ?? firstYear);
  const to = Math.min(lastYear, rule.toYear ?? lastYear);
  for (let year = from; year <= to; year++) out.push(...yearDates(hd, rule, year));
  return out;
}

function yearDates(hd: Holidays, rule: RuleDefinition, year: number): number[] {
  const out: number[] = [];
  for (const h of hd.getHolidays(year)) {
    const day = parseDay(h.date.slice(0, 10), rule.name);
    if (rule.weekdays !== undefined && !rule.weekdays.includes(isoWeekday(day))) continue;
    out.push(day);
  }
  return out;
}


/**
 * A session the run could not live through is a definition error, named by its date, not a
 * CLOCK_BACKWARDS in the middle of a run: a (late) open at or after the (early) close, a break that
 * ends before it starts, a session that opens before the last
 * one closed.
 */
function checkSession(day: number, open: number, close: number, breakStart: number, breakEnd: number, previousClose: number): void {
  const date = () => { const [y, m, d] = civilFromDays(day); return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`; };
  const fail = (why: string) => { throw new SimError('CALENDAR_DEFINITION', `session ${date()}: ${why}`, { key: date() }); };
  if (!(open < close)) fail('opens at or after it closes (a late open after an early close?)');
  // Only the break's own order is checked: a late open after the break starts, or an early close
  // inside it, are real days (the break then lies partly outside the session, which is fine).
  if (!Number.isNaN(breakStart) && !(breakStart < breakEnd)) fail('its break ends before it starts');
  if (open < previousClose) fail('opens before the previous session closes');
}

export function calendarVersion(def: CalendarDefinition): string {
  const digest = createHash('sha256').update(JSON.stringify(def)).digest('hex').slice(0, 12);
  return `${def.name}@${def.version}+${digest}`;
}

/** The base's closing dates in [firstYear, lastYear] (weekends included: the weekday list drops them), checking its excludes name real holidays. */
function baseDates(base: BaseDefinition, firstYear: number, lastYear: number): number[] {
  const hd = new Holidays();
  const unknown = (key: string, value: string) => new SimError('CALENDAR_DEFINITION', `base.${key}: date-holidays has no ${key} ${JSON.stringify(value)}${key === 'country' ? '' : ` in ${base.country}`}`, { key: `base.${key}`, value });
  if (hd.getCountries()[base.country] === undefined) throw unknown('country', base.country);
  if (base.state !== undefined && hd.getStates(base.country)?.[base.state] === undefined) throw unknown('state', base.state);
  if (base.region !== undefined && hd.getRegions(base.country, base.state ?? '')?.[base.region] === undefined) throw unknown('region', base.region);
  hd.init(base.country, base.state ?? '', base.region ?? '', { types: [...(base.types ?? ['public'])] as never, languages: ['en'] });
  const exclude = new Set(base.exclude ?? []), used = new Set<string>();
  const out: number[] = [];
  for (let year = Math.max(firstYear, base.fromYear ?? firstYear); year <= Math.min(lastYear, base.toYear ?? lastYear); year++) {
    for (const h of holidaysOf(hd, year)) {
      if (exclude.has(h.name)) { used.add(h.name); continue; }
      out.push(parseDay(h.date.slice(0, 10), h.name));
    }
  }
  for (const name of exclude) {
    if (!used.has(name)) throw new SimError('CALENDAR_DEFINITION', `base.exclude: ${JSON.stringify(name)} is not the name of a ${base.country} holiday in these years (date-holidays' English names)`, { key: 'base.exclude', value: name });
  }
  return out;
}

function holidaysOf(hd: Holidays, year: number): { date: string; name: string }[] {
  return hd.getHolidays(year, 'en') as { date: string; name: string }[];
}

/** A moving holiday's date: from `day`, the first day (forwards or back) that is a weekday of the calendar and not closed. */
function movedDay(day: number, move: 'next' | 'previous', closed: ReadonlySet<number>, weekdays: ReadonlySet<number>): number {
  const step = move === 'next' ? 1 : -1;
  let d = day;
  while (closed.has(d) || !weekdays.has(isoWeekday(d))) d += step;
  return d;
}

/** A session's hours (regular or one date's own) in minutes after local midnight. */
function sessionHours(h: { open: string; close: string; openDayOffset?: number; breakStart?: string; breakEnd?: string }) {
  return {
    open: parseClock(h.open),
    close: parseClock(h.close),
    offset: h.openDayOffset ?? 0,
    breakStart: h.breakStart === undefined ? undefined : parseClock(h.breakStart),
    breakEnd: h.breakEnd === undefined ? undefined : parseClock(h.breakEnd),
  };
}

/** Compiles a definition for its whole range. Luxon runs here only, a few times per session. */
export function compileCalendar(def: CalendarDefinition): CompiledSessions {
  const firstDay = parseDay(def.range.from, 'range.from');
  const lastDay = parseDay(def.range.to, 'range.to');
  if (!IANAZone.isValidZone(def.timezone)) {
    throw new SimError('CALENDAR_DEFINITION', `unknown time zone '${def.timezone}'`, { key: 'timezone', value: def.timezone });
  }
  const firstYear = civilFromDays(firstDay)[0];
  const lastYear = civilFromDays(lastDay)[0];

  const closed = new Set<number>();
  const earlyClose = new Map<number, number>();
  const weekdays = new Set(def.weekdays);
  if (def.base !== undefined) for (const d of baseDates(def.base, firstYear, lastYear)) closed.add(d);
  for (const rule of def.holidays) if (rule.ifClosed === undefined) for (const d of ruleDates(rule, firstYear, lastYear)) closed.add(d);
  for (const rule of def.earlyCloses) {
    const close = parseClock(rule.close);
    for (const d of ruleDates(rule, firstYear, lastYear)) earlyClose.set(d, close);
  }
  for (const c of def.adhocClosures) closed.add(parseDay(c.date, c.name));
  // Moving holidays last: they move off every other closure (and off each other, in order).
  for (const rule of def.holidays) if (rule.ifClosed !== undefined) for (const d of ruleDates(rule, firstYear, lastYear)) closed.add(movedDay(d, rule.ifClosed, closed, weekdays));
  const opened = new Set((def.adhocOpens ?? []).map((o) => parseDay(o.date, o.name)));
  for (const d of opened) closed.delete(d);
  for (const c of def.adhocEarlyCloses) earlyClose.set(parseDay(c.date, c.name), parseClock(c.close));
  // A late open is on its session's date unless it says otherwise: a session that usually opens
  // the evening before (CME) opens late on its own date, not on the day before.
  const lateOpen = new Map<number, { offset: number; open: number }>();
  for (const o of def.adhocLateOpens ?? []) lateOpen.set(parseDay(o.date, o.name), { offset: o.openDayOffset ?? 0, open: parseClock(o.open) });

  const hours = def.hours.map((h) => ({ since: parseDay(h.since, 'hours.since'), ...sessionHours(h) }));
  const special = new Map((def.adhocHours ?? []).map((h) => [parseDay(h.date, h.name), sessionHours(h)] as const));
  const zone = new ZoneOffsets(def.timezone);
  const localMs = (_tz: string, day: number, minutes: number) => zone.toUtc(day, minutes);

  const days: number[] = [], opens: number[] = [], closes: number[] = [];
  const bs: number[] = [], be: number[] = [], early: number[] = [], lates: number[] = [];
  let h = -1;
  for (let day = firstDay; day <= lastDay; day++) {
    while (h + 1 < hours.length && hours[h + 1]!.since <= day) h++;
    const isSession = opened.has(day) || (weekdays.has(isoWeekday(day)) && !closed.has(day));
    if (h < 0 || !isSession) {
      if (special.has(day)) throw new SimError('CALENDAR_DEFINITION', `adhocHours: ${formatDay(day)} is not a session (add it to adhocOpens for a session on a closed day)`, { key: 'adhocHours', value: formatDay(day) });
      continue;
    }
    const regular = hours[h]!, hrs = special.get(day) ?? regular;
    const closeMin = earlyClose.get(day);
    // Early: before the regular close of its date (a special session's shorter hours count too).
    const isEarly = (closeMin !== undefined && closeMin < hrs.close) || hrs.close < regular.close;
    const late = lateOpen.get(day);
    const open = late === undefined ? localMs(def.timezone, day + hrs.offset, hrs.open) : localMs(def.timezone, day + late.offset, late.open);
    const close = localMs(def.timezone, day, closeMin !== undefined && closeMin < hrs.close ? closeMin : hrs.close);
    const isLate = open > localMs(def.timezone, day + regular.offset, regular.open);
    let breakStart = NaN, breakEnd = NaN;
    if (hrs.breakStart !== undefined && hrs.breakEnd !== undefined) {
      breakStart = localMs(def.timezone, day, hrs.breakStart);
      breakEnd = localMs(def.timezone, day, hrs.breakEnd);
      // An early close before the break ends the session at the break.
      if (close <= breakStart) { breakStart = NaN; breakEnd = NaN; }
    }
    checkSession(day, open, close, breakStart, breakEnd, closes.length > 0 ? closes[closes.length - 1]! : -Infinity);
    days.push(day); opens.push(open); closes.push(close); bs.push(breakStart); be.push(breakEnd); early.push(isEarly ? 1 : 0); lates.push(isLate ? 1 : 0);
  }
  return {
    days: Int32Array.from(days),
    opens: Float64Array.from(opens),
    closes: Float64Array.from(closes),
    breakStarts: Float64Array.from(bs),
    breakEnds: Float64Array.from(be),
    earlyClose: Uint8Array.from(early),
    lateOpen: Uint8Array.from(lates),
    firstDay,
    lastDay,
    version: calendarVersion(def),
  };
}
