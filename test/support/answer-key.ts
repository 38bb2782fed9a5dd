import { readFileSync } from 'node:fs';
import path from 'node:path';
import { daysFromCivil, formatDay, isoWeekday, type ExchangeCalendar } from '../../src/calendar/index.js';

/**
 * An exchange_calendars answer key (test/fixtures/calendar/world/<mic>_sessions_to_2019.csv:
 * session, open_utc, close_utc, break_start_utc, break_end_utc) against a compiled calendar: every
 * difference from the key's first session to its last, as lines naming the date and what differs.
 */
export function keyDifferences(cal: ExchangeCalendar, file: string, opts: { from?: string; to?: string } = {}): string[] {
  const rows = readFileSync(path.resolve('test/fixtures/calendar/world', file), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const from = opts.from ?? rows[0]![0]!, to = opts.to ?? rows[rows.length - 1]![0]!;
  const key = new Map(rows.filter((r) => r[0]! >= from && r[0]! <= to).map((r) => [r[0]!, r]));
  const iso = (t: number | null) => (t === null ? '' : new Date(t).toISOString().replace('.000Z', 'Z'));
  const out: string[] = [];
  const ours = cal.sessionsBetween(from, to);
  const seen = new Set<string>();
  for (const s of ours) {
    seen.add(s.date);
    const k = key.get(s.date);
    if (k === undefined) { out.push(`${s.date}: a session here, not in the key`); continue; }
    const mine = [iso(s.open), iso(s.close), iso(s.breakStart), iso(s.breakEnd)];
    const names = ['open', 'close', 'break_start', 'break_end'];
    for (let i = 0; i < 4; i++) if (mine[i] !== (k[i + 1] ?? '')) out.push(`${s.date}: ${names[i]} ${mine[i] || '(none)'}, key ${k[i + 1] || '(none)'}`);
  }
  for (const d of key.keys()) if (!seen.has(d)) out.push(`${d}: a session in the key, not here`);
  return out.sort();
}

/** An instant as an ISO UTC string without milliseconds (null stays null). */
export const isoUtc = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString().replace('.000Z', 'Z'));

/** Every Monday-Friday of a year that is not a session of the calendar, as dates. */
export function weekdayClosures(cal: ExchangeCalendar, year: number): string[] {
  const out: string[] = [];
  for (let d = daysFromCivil(year, 1, 1); d <= daysFromCivil(year, 12, 31); d++) if (isoWeekday(d) <= 5 && !cal.isSession(d)) out.push(formatDay(d));
  return out;
}

/** A session's times in UTC and whether it closes early; null when the date is no session. */
export function sessionHours(cal: ExchangeCalendar, date: string): { open: string | null; close: string | null; breakStart: string | null; breakEnd: string | null; early: boolean } | null {
  const s = cal.sessionOn(date);
  return s === null ? null : { open: isoUtc(s.open), close: isoUtc(s.close), breakStart: isoUtc(s.breakStart), breakEnd: isoUtc(s.breakEnd), early: s.earlyClose };
}
