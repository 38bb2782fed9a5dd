import { readFileSync } from 'node:fs';
import path from 'node:path';
import { showValue, SimError } from '../errors.js';
import { ExchangeCalendar } from './calendar.js';
import { calendarVersion } from './compile.js';
import type { CalendarDefinition } from './definition.js';
import { checkDefinition } from './definition-check.js';
import { SHIPPED_DEFINITIONS, SHIPPED_NAMES } from './definitions/index.js';

/** The calendars that ship with sessionsim: a log names them, and any process has them. */
// Keyed by the names listed beside them, so that listing the calendars builds none of them.
const SHIPPED = new Map<string, CalendarDefinition>(SHIPPED_NAMES.map((name, i) => [name, SHIPPED_DEFINITIONS[i]!]));
/** Registered in this process (registerCalendar): a log carries their definition. */
const registered = new Map<string, CalendarDefinition>();
/** Compiled calendars by their version (name, version and a digest of the definition). */
const compiled = new Map<string, ExchangeCalendar>();
const shippedCompiled = new Map<string, ExchangeCalendar>();

export function calendarNames(): string[] {
  return [...new Set([...SHIPPED.keys(), ...registered.keys()])].sort();
}

/** Whether a calendar of this name ships with sessionsim (and is not replaced by a registered one). */
export function isShippedCalendar(name: string): boolean {
  const key = name.toUpperCase();
  return SHIPPED.has(key) && !registered.has(key);
}

/** The compiled calendar by name: a registered one, else a shipped one (compiled once per process). */
export function getCalendar(name: string): ExchangeCalendar {
  const key = name.toUpperCase();
  const def = registered.get(key);
  if (def !== undefined) return calendarOf(def);
  let cal = shippedCompiled.get(key);
  if (cal === undefined) {
    const shipped = SHIPPED.get(key);
    if (shipped === undefined) throw new SimError('CALENDAR_UNKNOWN', `unknown calendar '${name}' (known: ${calendarNames().join(', ')})`, { key: 'calendar', value: name });
    cal = new ExchangeCalendar(shipped);
    shippedCompiled.set(key, cal);
  }
  return cal;
}

/** The definition a name stands for in this process (null for a shipped calendar: a log names it). */
export function registeredDefinition(name: string): CalendarDefinition | null {
  return registered.get(name.toUpperCase()) ?? null;
}

/** A calendar compiled from a checked definition, once per process per version. */
export function calendarOf(def: CalendarDefinition): ExchangeCalendar {
  const version = calendarVersion(def);
  let cal = compiled.get(version);
  if (cal === undefined) {
    cal = new ExchangeCalendar(def);
    compiled.set(version, cal);
  }
  return cal;
}

/**
 * Adds a calendar from a definition (checked strictly: see checkDefinition) under its name, in
 * this process. A run's log carries the definition, so replays and sweep workers need no
 * registration of their own.
 */
export function registerCalendar(def: CalendarDefinition): ExchangeCalendar {
  const checked = checkDefinition(def);
  const key = checked.name.toUpperCase();
  registered.set(key, checked);
  return calendarOf(checked);
}

/** Whether a config's or the CLI's calendar value names a definition file rather than a calendar. */
export function isCalendarPath(value: string): boolean {
  return value.endsWith('.json') || value.includes('/') || value.includes('\\');
}

/** Reads and checks a calendar definition file (JSON). */
export function readCalendarFile(file: string): CalendarDefinition {
  const shown = showValue(file, 200);
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SimError('CALENDAR_DEFINITION', `${shown}: cannot read the calendar definition (${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message})`, { file });
  }
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (e) {
    throw new SimError('CALENDAR_DEFINITION', `${shown}: not JSON (${(e as Error).message})`, { file });
  }
  return checkDefinition(raw, path.basename(file) === file ? file : shown);
}

/**
 * A calendar by name, by definition file path, or as a definition object; with the definition a
 * log must carry (null for a shipped calendar, which a log names).
 */
export function resolveCalendar(value: string | CalendarDefinition): { calendar: ExchangeCalendar; definition: CalendarDefinition | null } {
  if (typeof value !== 'string') {
    const def = checkDefinition(value);
    return { calendar: calendarOf(def), definition: def };
  }
  if (isCalendarPath(value)) {
    const def = readCalendarFile(value);
    return { calendar: calendarOf(def), definition: def };
  }
  const calendar = getCalendar(value);
  return { calendar, definition: registeredDefinition(value) };
}
