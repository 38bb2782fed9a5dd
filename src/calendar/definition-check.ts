import { IANAZone } from 'luxon';
import { showValue, SimError } from '../errors.js';
import type { CalendarDefinition } from './definition.js';
import { parseDay } from './days.js';

// A calendar definition as a user writes it (a JSON file, an object passed to the API) checked
// before it is compiled: every problem is one CALENDAR_DEFINITION naming the key (with its path,
// e.g. `hours[1].breakStart`) and the value, instead of a TypeError, a silently ignored misspelt
// key, or sessions quietly dropped by unsorted hours.

type Shape = 'string' | 'date' | 'clock' | 'year' | 'weekdays' | 'offset' | 'move' | 'strings';
interface Field { readonly shape: Shape; readonly required?: boolean }
type Fields = Readonly<Record<string, Field>>;

const RULE: Fields = { name: { shape: 'string', required: true }, rule: { shape: 'string', required: true }, fromYear: { shape: 'year' }, toYear: { shape: 'year' }, weekdays: { shape: 'weekdays' } };
const HOURS: Fields = { open: { shape: 'clock', required: true }, close: { shape: 'clock', required: true }, openDayOffset: { shape: 'offset' }, breakStart: { shape: 'clock' }, breakEnd: { shape: 'clock' } };
const BASE: Fields = { country: { shape: 'string', required: true }, state: { shape: 'string' }, region: { shape: 'string' }, types: { shape: 'strings' }, exclude: { shape: 'strings' }, fromYear: { shape: 'year' }, toYear: { shape: 'year' } };
const BASE_TYPES = ['public', 'bank', 'school', 'optional', 'observance'];
const LISTS: Readonly<Record<string, Fields>> = {
  hours: { since: { shape: 'date', required: true }, ...HOURS },
  holidays: { ...RULE, ifClosed: { shape: 'move' } },
  earlyCloses: { ...RULE, close: { shape: 'clock', required: true } },
  adhocClosures: { date: { shape: 'date', required: true }, name: { shape: 'string', required: true } },
  adhocEarlyCloses: { date: { shape: 'date', required: true }, name: { shape: 'string', required: true }, close: { shape: 'clock', required: true } },
  adhocLateOpens: { date: { shape: 'date', required: true }, name: { shape: 'string', required: true }, open: { shape: 'clock', required: true }, openDayOffset: { shape: 'offset' } },
  adhocOpens: { date: { shape: 'date', required: true }, name: { shape: 'string', required: true } },
  adhocHours: { date: { shape: 'date', required: true }, name: { shape: 'string', required: true }, ...HOURS },
};
const TOP = ['name', 'description', 'version', 'timezone', 'range', 'weekdays', 'base', ...Object.keys(LISTS), 'sources'];
/** Lists a definition may leave out (none of that kind of day). */
const OPTIONAL_LISTS = new Set(['holidays', 'earlyCloses', 'adhocClosures', 'adhocEarlyCloses', 'adhocLateOpens', 'adhocOpens', 'adhocHours']);

function fail(where: string, key: string, message: string, value: unknown): never {
  throw new SimError('CALENDAR_DEFINITION', `${where}: ${key}: ${message}, got ${showValue(value)}`, { key, value });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Minutes after midnight of 'HH:MM' (up to 47:59, a time on the next day); null when malformed. */
function clockMinutes(v: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(v);
  return m === null || Number(m[1]) > 47 || Number(m[2]) > 59 ? null : Number(m[1]) * 60 + Number(m[2]);
}

function checkValue(where: string, key: string, shape: Shape, v: unknown): void {
  switch (shape) {
    case 'string':
      if (typeof v !== 'string' || v.trim() === '') fail(where, key, 'must be a non-empty string', v);
      return;
    case 'date':
      if (typeof v !== 'string') fail(where, key, "must be a 'YYYY-MM-DD' date", v);
      try { parseDay(v); } catch { fail(where, key, "must be a real 'YYYY-MM-DD' date", v); }
      return;
    case 'clock':
      if (typeof v !== 'string' || clockMinutes(v) === null) fail(where, key, "must be an 'HH:MM' clock time (00:00 to 47:59)", v);
      return;
    case 'year':
      if (!Number.isInteger(v) || (v as number) < 1800 || (v as number) > 2200) fail(where, key, 'must be a year (a whole number)', v);
      return;
    case 'offset':
      if (v !== 0 && v !== -1) fail(where, key, 'must be 0 (opens on the session date) or -1 (opens the evening before)', v);
      return;
    case 'move':
      if (v !== 'next' && v !== 'previous') fail(where, key, "must be 'next' or 'previous'", v);
      return;
    case 'strings':
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== '')) fail(where, key, 'must be a list of non-empty strings', v);
      return;
    case 'weekdays':
      if (!Array.isArray(v) || v.length === 0 || !v.every((d) => Number.isInteger(d) && d >= 1 && d <= 7) || new Set(v).size !== v.length) fail(where, key, 'must be a non-empty list of distinct ISO weekdays (1 = Monday .. 7 = Sunday)', v);
      return;
  }
}

function checkEntry(where: string, key: string, fields: Fields, v: unknown): void {
  if (!isObject(v)) fail(where, key, 'must be an object', v);
  for (const k of Object.keys(v)) if (!Object.hasOwn(fields, k)) fail(where, `${key}.${k}`, `unknown key (known: ${Object.keys(fields).join(', ')})`, v[k]);
  for (const [k, f] of Object.entries(fields)) {
    if (v[k] === undefined) { if (f.required === true) fail(where, `${key}.${k}`, 'is missing', undefined); continue; }
    checkValue(where, `${key}.${k}`, f.shape, v[k]);
  }
}

/** Regular hours: since strictly increasing; each entry's own hours right. */
function checkHours(where: string, hours: readonly Record<string, unknown>[]): void {
  let since = '';
  hours.forEach((h, i) => {
    const key = `hours[${i}]`;
    if ((h.since as string) <= since) fail(where, `${key}.since`, `must come after the previous entry's ${since} (the list is sorted by since, one entry per date)`, h.since);
    since = h.since as string;
    checkSessionHours(where, key, h);
  });
}

/** Open before close (an evening-before open counts a day earlier); a break, whole, inside the session. */
function checkSessionHours(where: string, key: string, h: Record<string, unknown>): void {
  const open = clockMinutes(h.open as string)! + 1440 * ((h.openDayOffset as number | undefined) ?? 0), close = clockMinutes(h.close as string)!;
  if (!(open < close)) fail(where, `${key}.close`, `must be after the open ${String(h.open)}${h.openDayOffset === -1 ? ' of the evening before' : ''}`, h.close);
  if ((h.breakStart === undefined) !== (h.breakEnd === undefined)) fail(where, `${key}.${h.breakStart === undefined ? 'breakStart' : 'breakEnd'}`, 'is missing: a break has both a start and an end', undefined);
  if (h.breakStart === undefined) return;
  const bs = clockMinutes(h.breakStart as string)!, be = clockMinutes(h.breakEnd as string)!;
  if (!(bs < be)) fail(where, `${key}.breakEnd`, `must be after the break's start ${String(h.breakStart)}`, h.breakEnd);
  if (!(open < bs && be < close)) fail(where, `${key}.breakStart`, `the break ${String(h.breakStart)}-${String(h.breakEnd)} must lie inside the session ${String(h.open)}-${String(h.close)}`, h.breakStart);
}

/**
 * Checks a definition written by hand (a file, an API object) and returns it with its optional
 * lists filled in. `where` names it in messages (a file, or 'calendar definition').
 */
export function checkDefinition(raw: unknown, where = 'calendar definition'): CalendarDefinition {
  if (!isObject(raw)) fail(where, '(definition)', 'must be an object', raw);
  for (const k of Object.keys(raw)) if (!TOP.includes(k)) fail(where, k, `unknown key (known: ${TOP.join(', ')})`, raw[k]);
  checkValue(where, 'name', 'string', raw.name);
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(raw.name as string)) fail(where, 'name', 'must be 1-40 letters, digits, _, . or -', raw.name);
  if (raw.description !== undefined && typeof raw.description !== 'string') fail(where, 'description', 'must be a string', raw.description);
  if (raw.version !== undefined) checkValue(where, 'version', 'string', raw.version);
  checkValue(where, 'timezone', 'string', raw.timezone);
  if (!IANAZone.isValidZone(raw.timezone as string)) fail(where, 'timezone', 'must be an IANA time zone name (e.g. Europe/London)', raw.timezone);
  checkEntry(where, 'range', { from: { shape: 'date', required: true }, to: { shape: 'date', required: true } }, raw.range);
  const range = raw.range as { from: string; to: string };
  if (range.to < range.from) fail(where, 'range.to', `must not be before range.from ${range.from}`, range.to);
  checkValue(where, 'weekdays', 'weekdays', raw.weekdays);
  const lists: Record<string, Record<string, unknown>[]> = {};
  for (const [list, fields] of Object.entries(LISTS)) {
    const v = raw[list];
    if (v === undefined && OPTIONAL_LISTS.has(list)) { lists[list] = []; continue; }
    if (!Array.isArray(v)) fail(where, list, 'must be a list', v);
    v.forEach((e, i) => checkEntry(where, `${list}[${i}]`, fields, e));
    lists[list] = v as Record<string, unknown>[];
  }
  if (lists.hours!.length === 0) fail(where, 'hours', 'must hold at least one entry', raw.hours);
  checkHours(where, lists.hours!);
  lists.adhocHours!.forEach((h, i) => checkSessionHours(where, `adhocHours[${i}]`, h));
  for (const list of ['adhocClosures', 'adhocEarlyCloses', 'adhocLateOpens', 'adhocOpens', 'adhocHours']) {
    const seen = new Map<string, number>();
    lists[list]!.forEach((e, i) => {
      const before = seen.get(e.date as string);
      if (before !== undefined) fail(where, `${list}[${i}].date`, `is listed twice (also ${list}[${before}])`, e.date);
      seen.set(e.date as string, i);
    });
  }
  const opens = new Set(lists.adhocOpens!.map((e) => e.date as string));
  lists.adhocClosures!.forEach((e, i) => { if (opens.has(e.date as string)) fail(where, `adhocClosures[${i}].date`, 'is also in adhocOpens', e.date); });
  let base: Record<string, unknown> | undefined;
  if (raw.base !== undefined) {
    checkEntry(where, 'base', BASE, raw.base);
    base = raw.base as Record<string, unknown>;
    for (const t of (base.types as string[] | undefined) ?? []) if (!BASE_TYPES.includes(t)) fail(where, 'base.types', `must name date-holidays types (${BASE_TYPES.join(', ')})`, t);
    if (base.fromYear !== undefined && base.toYear !== undefined && (base.toYear as number) < (base.fromYear as number)) fail(where, 'base.toYear', `must not be before fromYear ${String(base.fromYear)}`, base.toYear);
  }
  for (const list of ['holidays', 'earlyCloses'] as const) {
    lists[list]!.forEach((r, i) => {
      if (r.fromYear !== undefined && r.toYear !== undefined && (r.toYear as number) < (r.fromYear as number)) fail(where, `${list}[${i}].toYear`, `must not be before fromYear ${String(r.fromYear)}`, r.toYear);
    });
  }
  if (raw.sources !== undefined && (!Array.isArray(raw.sources) || !raw.sources.every((s) => typeof s === 'string'))) fail(where, 'sources', 'must be a list of strings', raw.sources);
  return {
    name: raw.name as string,
    description: (raw.description as string | undefined) ?? '',
    version: (raw.version as string | undefined) ?? '1',
    timezone: raw.timezone as string,
    range: { from: range.from, to: range.to },
    weekdays: raw.weekdays as number[],
    hours: lists.hours as never,
    holidays: lists.holidays as never,
    earlyCloses: lists.earlyCloses as never,
    adhocClosures: lists.adhocClosures as never,
    adhocEarlyCloses: lists.adhocEarlyCloses as never,
    adhocLateOpens: lists.adhocLateOpens as never,
    ...(lists.adhocOpens!.length > 0 ? { adhocOpens: lists.adhocOpens as never } : {}),
    ...(lists.adhocHours!.length > 0 ? { adhocHours: lists.adhocHours as never } : {}),
    ...(base === undefined ? {} : { base: base as never }),
    ...(raw.sources === undefined ? {} : { sources: raw.sources as string[] }),
  };
}
