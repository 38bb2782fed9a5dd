import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getCalendar } from '../src/calendar/index.js';
import { simulate } from '../src/api/simulation.js';
import { cli } from './support/cli-in-process.js';
import { tmpDir } from './support/tmp.js';

/**
 * A session that opens the evening before its date (CME Globex: the 2019-01-16 session runs from
 * 17:00 Chicago on 2019-01-15): its evening bars are imported under the session's date and
 * delivered live by a run of that date, end to end through the CLI importer.
 */
describe('sessions that open the evening before their date', () => {
  const dir = tmpDir();
  const cmes = getCalendar('CMES');
  const minutes = (from: string, n: number) => Array.from({ length: n }, (_, i) => Date.parse(from) + i * 60_000);
  // Tuesday evening (session 2019-01-16), Wednesday morning and the session's last minutes.
  const evening = minutes('2019-01-15T17:00:00-06:00', 10), morning = minutes('2019-01-16T08:30:00-06:00', 5), last = minutes('2019-01-16T16:55:00-06:00', 5);
  const all = [...evening, ...morning, ...last];

  it('the calendar places them: the session of an evening minute is the next date', () => {
    expect(cmes.sessionDateOf(evening[0]!)).toBe('2019-01-16');
    expect(cmes.minuteToSession(evening[0]!).date).toBe('2019-01-16');
    expect(cmes.sessionDateOf(Date.parse('2019-01-15T16:59:00-06:00'))).toBe('2019-01-15');
  });

  it('the importer files evening bars under their session, and a run of that date delivers every bar live', async () => {
    const csv = path.join(dir, 'ES_1min.csv');
    writeFileSync(csv, 'ts,open,high,low,close,volume\n' + all.map((t, i) => `${new Date(t).toISOString()},${2600 + i},${2601 + i},${2599 + i},${2600.5 + i},${10 + i}`).join('\n') + '\n');
    const data = path.join(dir, 'data');
    const imp = await cli('import', csv, '--data', data, '--calendar', 'CMES', '--json');
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.out).days.map((d: { date: string; rows: number }) => [d.date, d.rows])).toEqual([['2019-01-16', 20]]);
    // With --tz alone rows go by local date: the evening is another day (what used to lose it).
    const byTz = await cli('import', csv, '--data', path.join(dir, 'data-tz'), '--tz', 'America/Chicago', '--json');
    expect(JSON.parse(byTz.out).days.map((d: { date: string; rows: number }) => [d.date, d.rows])).toEqual([['2019-01-15', 10], ['2019-01-16', 10]]);

    const result = simulate({ data, symbols: ['ES'], calendar: 'CMES', start: '2019-01-16', end: '2019-01-16', data_upkeep: { derived_intervals: [5] } });
    const session = result.sessions.toArray()[0]!;
    expect(session).toMatchObject({ date: '2019-01-16', bars: 20, history: 0, late: 0, midSession: false });
    expect(result.bars).toBe(20);
    // The run started at the session's open, the evening before its date.
    expect(session.open).toBe(Date.parse('2019-01-15T17:00:00-06:00'));
  });
});
