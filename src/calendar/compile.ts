import { createHash } from 'node:crypto';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { SimError } from '../errors.js';
import type { CalendarDefinition, RuleDefinition } from './definition.js';
import { civilFromDays, isoWeekday, parseClock, parseDay } from './days.js';
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

/** Compiles a definition for its whole range. Luxon runs here only, a few times per session. */
export function compileCalendar(def: CalendarDefinition): CompiledSessions {
  const firstDay = parseDay(def.range.from, 'range.from');
  const lastDay = parseDay(def.range.to, 'range.to');
  if (DateTime.local().setZone(def.timezone).isValid === false) {
    throw new SimError('CALENDAR_DEFINITION', `unknown time zone '${def.timezone}'`, { key: 'timezone', value: def.timezone });
  }
  const firstYear = civilFromDays(firstDay)[0];
  const lastYear = civilFromDays(lastDay)[0];

  const closed = new Set<number>();
  const earlyClose = new Map<number, number>();
  for (const rule of def.holidays) for (const d of ruleDates(rule, firstYear, lastYear)) closed.add(d);
  for (const rule of def.earlyCloses) {
    const close = parseClock(rule.close);
    for (const d of ruleDates(rule, firstYear, lastYear)) earlyClose.set(d, close);
  }
  for (const c of def.adhocClosures) closed.add(parseDay(c.date, c.name));
  for (const c of def.adhocEarlyCloses) earlyClose.set(parseDay(c.date, c.name), parseClock(c.close));
  // A late open is on its session's date unless it says otherwise: a session that usually opens
  // the evening before (CME) opens late on its own date, not on the day before.
  const lateOpen = new Map<number, { offset: number; open: number }>();
  for (const o of def.adhocLateOpens ?? []) lateOpen.set(parseDay(o.date, o.name), { offset: o.openDayOffset ?? 0, open: parseClock(o.open) });

  const hours = def.hours.map((h) => ({
    since: parseDay(h.since, 'hours.since'),
    open: parseClock(h.open),
    close: parseClock(h.close),
    offset: h.openDayOffset ?? 0,
    breakStart: h.breakStart === undefined ? undefined : parseClock(h.breakStart),
    breakEnd: h.breakEnd === undefined ? undefined : parseClock(h.breakEnd),
  }));
  const weekdays = new Set(def.weekdays);
  const zone = new ZoneOffsets(def.timezone);
  const localMs = (_tz: string, day: number, minutes: number) => zone.toUtc(day, minutes);

  const days: number[] = [], opens: number[] = [], closes: number[] = [];
  const bs: number[] = [], be: number[] = [], early: number[] = [];
  let h = -1;
  for (let day = firstDay; day <= lastDay; day++) {
    while (h + 1 < hours.length && hours[h + 1]!.since <= day) h++;
    if (h < 0 || !weekdays.has(isoWeekday(day)) || closed.has(day)) continue;
    const hrs = hours[h]!;
    const closeMin = earlyClose.get(day);
    const isEarly = closeMin !== undefined && closeMin < hrs.close;
    const late = lateOpen.get(day);
    const open = late === undefined ? localMs(def.timezone, day + hrs.offset, hrs.open) : localMs(def.timezone, day + late.offset, late.open);
    const close = localMs(def.timezone, day, isEarly ? closeMin : hrs.close);
    let breakStart = NaN, breakEnd = NaN;
    if (hrs.breakStart !== undefined && hrs.breakEnd !== undefined) {
      breakStart = localMs(def.timezone, day, hrs.breakStart);
      breakEnd = localMs(def.timezone, day, hrs.breakEnd);
      // An early close before the break ends the session at the break.
      if (close <= breakStart) { breakStart = NaN; breakEnd = NaN; }
    }
    checkSession(day, open, close, breakStart, breakEnd, closes.length > 0 ? closes[closes.length - 1]! : -Infinity);
    days.push(day); opens.push(open); closes.push(close); bs.push(breakStart); be.push(breakEnd); early.push(isEarly ? 1 : 0);
  }
  return {
    days: Int32Array.from(days),
    opens: Float64Array.from(opens),
    closes: Float64Array.from(closes),
    breakStarts: Float64Array.from(bs),
    breakEnds: Float64Array.from(be),
    earlyClose: Uint8Array.from(early),
    firstDay,
    lastDay,
    version: calendarVersion(def),
  };
}
