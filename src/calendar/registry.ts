import { SimError } from '../errors.js';
import { ExchangeCalendar } from './calendar.js';
import type { CalendarDefinition } from './definition.js';
import { XNYS } from './definitions/xnys.js';

const definitions = new Map<string, CalendarDefinition>([['XNYS', XNYS]]);
const compiled = new Map<string, ExchangeCalendar>();

export function calendarNames(): string[] {
  return [...definitions.keys()].sort();
}

/** The compiled calendar by name (compiled once per process). */
export function getCalendar(name: string): ExchangeCalendar {
  const key = name.toUpperCase();
  let cal = compiled.get(key);
  if (cal === undefined) {
    const def = definitions.get(key);
    if (def === undefined) throw new SimError('CALENDAR_UNKNOWN', `unknown calendar '${name}' (known: ${calendarNames().join(', ')})`, { key: 'calendar', value: name });
    cal = new ExchangeCalendar(def);
    compiled.set(key, cal);
  }
  return cal;
}

/** Adds a calendar from a definition (for other exchanges and tests). */
export function registerCalendar(def: CalendarDefinition): ExchangeCalendar {
  const key = def.name.toUpperCase();
  definitions.set(key, def);
  compiled.delete(key);
  return getCalendar(key);
}
