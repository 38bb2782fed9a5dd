import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDefinition, registerCalendar, resolveCalendar, type CalendarDefinition } from '../src/calendar/index.js';
import { ExchangeCalendar } from '../src/calendar/calendar.js';
import { XNYS } from '../src/calendar/definitions/xnys.js';
import { resolveConfig } from '../src/api/config.js';
import { readConfigFile } from '../src/api/config-file.js';
import { planSweep, sweep } from '../src/sweep/index.js';
import { simulate } from '../src/api/simulation.js';
import { SimError } from '../src/errors.js';
import { cli } from './support/cli-in-process.js';
import { tmpDir } from './support/tmp.js';

/**
 * Calendars written by users: checked strictly, usable by name, file or object, carried by a
 * run's resolved config (and so by its log and a sweep's runs) so that any process runs, replays
 * and verifies them with nothing registered.
 */

/** New York hours and weekdays, no holidays: a user's own calendar that trades the demo week. */
const OWN: CalendarDefinition = {
  name: 'OWNNY', description: 'a test exchange on New York time', version: '1', timezone: 'America/New_York',
  range: { from: '2013-01-01', to: '2014-12-31' }, weekdays: [1, 2, 3, 4, 5],
  hours: [{ since: '2013-01-01', open: '09:30', close: '16:00' }],
  holidays: [], adhocClosures: [{ date: '2013-10-08', name: 'a day off' }], earlyCloses: [], adhocEarlyCloses: [],
};

function definitionError(raw: unknown): SimError {
  try { checkDefinition(raw, 'my.json'); } catch (e) { return e as SimError; }
  throw new Error('no error');
}

describe('a calendar definition is checked strictly', () => {
  const base = { name: 'T', timezone: 'Asia/Hong_Kong', range: { from: '2010-01-01', to: '2010-12-31' }, weekdays: [1, 2, 3, 4, 5], hours: [{ since: '2010-01-01', open: '09:30', close: '16:00', breakStart: '12:00', breakEnd: '13:30' }] };

  it('accepts a minimal one and fills in its optional lists', () => {
    const d = checkDefinition(base);
    expect([d.holidays, d.earlyCloses, d.adhocClosures, d.adhocEarlyCloses, d.adhocLateOpens, d.version, d.description]).toEqual([[], [], [], [], [], '1', '']);
    expect(checkDefinition(OWN)).toEqual({ ...OWN, adhocLateOpens: [] });
    // The shipped definition passes the same checks, unchanged.
    expect(checkDefinition(XNYS)).toEqual({ adhocLateOpens: [], ...JSON.parse(JSON.stringify(XNYS)) });
  });

  it.each([
    ['a misspelt top-level key', { ...base, holidyas: [] }, 'holidyas', []],
    ['a misspelt key in an entry', { ...base, hours: [{ ...base.hours[0], brakStart: '12:00' }] }, 'hours[0].brakStart', '12:00'],
    ['a list that is missing', { ...base, hours: undefined }, 'hours', undefined],
    ['a list that is not a list', { ...base, holidays: 'none' }, 'holidays', 'none'],
    ['an entry without its name', { ...base, adhocClosures: [{ date: '2010-05-03' }] }, 'adhocClosures[0].name', undefined],
    ['an impossible date', { ...base, adhocClosures: [{ date: '2010-02-30', name: 'x' }] }, 'adhocClosures[0].date', '2010-02-30'],
    ['a clock that is not HH:MM', { ...base, adhocEarlyCloses: [{ date: '2010-12-24', name: 'x', close: '12.30' }] }, 'adhocEarlyCloses[0].close', '12.30'],
    ['an unknown time zone', { ...base, timezone: 'Asia/Hongkong2' }, 'timezone', 'Asia/Hongkong2'],
    ['hours out of order', { ...base, hours: [base.hours[0], { since: '2009-06-01', open: '10:00', close: '16:00' }] }, 'hours[1].since', '2009-06-01'],
    ['two hours entries for one date', { ...base, hours: [base.hours[0], { since: '2010-01-01', open: '10:00', close: '16:00' }] }, 'hours[1].since', '2010-01-01'],
    ['a close before the open', { ...base, hours: [{ since: '2010-01-01', open: '16:00', close: '09:30' }] }, 'hours[0].close', '09:30'],
    ['a break that ends before it starts', { ...base, hours: [{ ...base.hours[0], breakStart: '13:30', breakEnd: '12:00' }] }, 'hours[0].breakEnd', '12:00'],
    ['a break outside the session', { ...base, hours: [{ ...base.hours[0], breakStart: '15:30', breakEnd: '16:30' }] }, 'hours[0].breakStart', '15:30'],
    ['half a break', { ...base, hours: [{ since: '2010-01-01', open: '09:30', close: '16:00', breakStart: '12:00' }] }, 'hours[0].breakEnd', undefined],
    ['weekdays out of range', { ...base, weekdays: [0, 1] }, 'weekdays', [0, 1]],
    ['a rule whose years run backwards', { ...base, holidays: [{ name: 'x', rule: '01-01', fromYear: 2012, toYear: 2010 }] }, 'holidays[0].toYear', 2010],
    ['a range that ends before it starts', { ...base, range: { from: '2011-01-01', to: '2010-01-01' } }, 'range.to', '2010-01-01'],
  ])('%s is CALENDAR_DEFINITION naming the key and the value', (_what, raw, key, value) => {
    const e = definitionError(raw);
    expect(e).toBeInstanceOf(SimError);
    expect(e.code).toBe('CALENDAR_DEFINITION');
    expect(e.details).toMatchObject({ key });
    expect(e.details.value).toEqual(value);
    expect(e.message).toContain('my.json');
    expect(e.message).toContain(key);
  });

  it('an evening-before open (open after the close on the clock) is fine', () => {
    expect(() => checkDefinition({ ...base, timezone: 'America/Chicago', hours: [{ since: '2010-01-01', open: '17:00', close: '16:00', openDayOffset: -1 }] })).not.toThrow();
  });

  it('registerCalendar checks what it registers', () => {
    expect(() => registerCalendar({ ...OWN, name: 'BADREG', hours: [{ since: '2013-01-01', open: '16:00', close: '09:30' }] })).toThrow(/hours\[0\]\.close/);
  });
});

describe('a session with a break, an early close or a late open', () => {
  it('counts only the part of the break inside the session (an early close inside the break)', () => {
    // Hong Kong in 2010: 09:30-12:00 and 13:30-16:00; Christmas Eve closed at 12:30, inside the break.
    const cal = new ExchangeCalendar(checkDefinition({
      name: 'HK2010', timezone: 'Asia/Hong_Kong', range: { from: '2010-12-20', to: '2010-12-31' }, weekdays: [1, 2, 3, 4, 5],
      hours: [{ since: '2010-01-01', open: '09:30', close: '16:00', breakStart: '12:00', breakEnd: '13:30' }],
      adhocEarlyCloses: [{ date: '2010-12-24', name: 'Christmas Eve', close: '12:30' }],
      adhocLateOpens: [{ date: '2010-12-23', name: 'late', open: '12:30' }],
    }));
    expect(cal.sessionMinutes('2010-12-22')).toBe(150 + 150);
    expect(cal.sessionMinutes('2010-12-24')).toBe(150);
    // A late open inside the break: the session trades from the break's end.
    expect(cal.sessionMinutes('2010-12-23')).toBe(150);
  });

  it('a late open of a session that opens the evening before is on the session date', () => {
    const cal = new ExchangeCalendar(checkDefinition({
      name: 'EVE', timezone: 'America/Chicago', range: { from: '2019-01-01', to: '2019-01-31' }, weekdays: [1, 2, 3, 4, 5],
      hours: [{ since: '2019-01-01', open: '17:00', close: '16:00', openDayOffset: -1 }],
      adhocLateOpens: [{ date: '2019-01-22', name: 'opens late after a holiday', open: '08:30' }],
    }));
    const s = cal.sessionOn('2019-01-22')!;
    expect(new Date(s.open).toISOString()).toBe('2019-01-22T14:30:00.000Z');
    expect(new Date(cal.sessionOn('2019-01-23')!.open).toISOString()).toBe('2019-01-22T23:00:00.000Z');
    expect(cal.sessionMinutes('2019-01-22')).toBe(450);
  });
});

describe('user calendars are first-class', () => {
  const dir = tmpDir();
  const demo = path.resolve('demo/data');

  it('a config names a definition file (relative to the config); the log carries it; replay and verify need nothing registered', async () => {
    mkdirSync(path.join(dir, 'cals'), { recursive: true });
    writeFileSync(path.join(dir, 'cals', 'own.json'), JSON.stringify(OWN));
    const cfg = path.join(dir, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ data: demo, symbols: ['SPY'], calendar: 'cals/own.json', start: '2013-10-07', end: '2013-10-09', log: { path: 'own.arrow' } }));
    const resolved = resolveConfig(readConfigFile(cfg)).config;
    expect(resolved.calendar).toBe('OWNNY');
    expect(resolved.calendar_definition).toMatchObject({ name: 'OWNNY', adhocClosures: [{ date: '2013-10-08', name: 'a day off' }] });
    const run = await cli('run', cfg, '--json');
    expect(run.code).toBe(0);
    // 2013-10-08 is closed in this calendar (it is a session in New York).
    expect(JSON.parse(run.out).sessions.map((s: { date: string }) => s.date)).toEqual(['2013-10-07', '2013-10-09']);
    // A new process, in which nothing is registered and the definition file is gone from view.
    const bin = path.resolve('bin/sessionsim.js');
    const verify = spawnSync(process.execPath, [bin, 'replay', path.join(dir, 'own.arrow'), '--verify', '--json'], { cwd: path.join(dir, 'cals', '..', '..'), encoding: 'utf8' });
    expect({ status: verify.status, err: verify.stderr }).toEqual({ status: 0, err: '' });
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
    const csv = path.join(dir, 'own-sessions.csv');
    const exp = spawnSync(process.execPath, [bin, 'export', path.join(dir, 'own.arrow'), '--sessions', csv], { encoding: 'utf8' });
    expect({ status: exp.status, err: exp.stderr }).toEqual({ status: 0, err: '' });
    expect(readFileSync(csv, 'utf8').trim().split('\n').map((l) => l.split(',')[0])).toEqual(['date', '2013-10-07', '2013-10-09']);
  });

  it('a definition object in a config, and a registered calendar, become the resolved config\'s definition; a shipped one does not', () => {
    const inline = resolveConfig({ data: demo, symbols: ['SPY'], calendar: OWN, start: '2013-10-07', end: '2013-10-09' }).config;
    expect([inline.calendar, inline.calendar_definition?.name]).toEqual(['OWNNY', 'OWNNY']);
    registerCalendar({ ...OWN, name: 'OWNREG' });
    const reg = resolveConfig({ data: demo, symbols: ['SPY'], calendar: 'ownreg', start: '2013-10-07', end: '2013-10-09' }).config;
    expect(reg.calendar_definition?.name).toBe('OWNREG');
    const shipped = resolveConfig({ data: demo, symbols: ['SPY'], start: '2013-10-07', end: '2013-10-09' }).config;
    expect(shipped.calendar).toBe('XNYS');
    expect('calendar_definition' in shipped).toBe(false);
    // What a log or a sweep worker resolves again: the same calendar, from the definition alone.
    expect(resolveConfig(reg).config).toEqual(reg);
    expect(() => resolveConfig({ ...reg, calendar: 'OTHER' })).toThrow(/config\.calendar: must be the name of calendar_definition/);
  });

  it('a sweep\'s runs carry a registered calendar\'s definition to their workers', () => {
    registerCalendar({ ...OWN, name: 'OWNSWEEP' });
    const runs = planSweep({ base: { data: demo, symbols: ['SPY'], calendar: 'OWNSWEEP', start: '2013-10-07', end: '2013-10-09' }, axes: { 'prefetch.latency_ms': [0, 5] } } as never);
    expect(runs).toHaveLength(2);
    for (const r of runs) expect((r.config as { calendar_definition?: CalendarDefinition }).calendar_definition?.name).toBe('OWNSWEEP');
  });

  it('a sweep on worker threads runs a registered calendar the workers never saw registered', async () => {
    registerCalendar({ ...OWN, name: 'OWNPOOL' });
    const spec = { base: { data: demo, symbols: ['SPY'], calendar: 'OWNPOOL', start: '2013-10-07', end: '2013-10-09' }, axes: { 'prefetch.latency_ms': [0, 60_000] } };
    const r = await sweep(spec as never, { workers: 2 });
    expect(r.rows.map((x) => x.status)).toEqual(['done', 'done']);
    for (const row of r.rows) expect(row.hash).toBe(simulate(planSweep(spec as never)[row.run]!.config).hash);
  }, 60_000);

  it('the calendar command takes a definition file, prints breaks, and lists the calendars', async () => {
    const file = path.join(dir, 'hk.json');
    writeFileSync(file, JSON.stringify({ name: 'HKT', timezone: 'Asia/Hong_Kong', range: { from: '2019-01-01', to: '2019-12-31' }, weekdays: [1, 2, 3, 4, 5], hours: [{ since: '2012-03-05', open: '09:30', close: '16:00', breakStart: '12:00', breakEnd: '13:00' }], adhocClosures: [{ date: '2019-01-01', name: "New Year's Day" }] }));
    const csv = await cli('calendar', file, '--from', '2019-01-01', '--to', '2019-01-02', '--csv');
    expect(csv.code).toBe(0);
    expect(csv.out).toBe('session,open_utc,close_utc,break_start_utc,break_end_utc\n2019-01-02,2019-01-02T01:30:00Z,2019-01-02T08:00:00Z,2019-01-02T04:00:00Z,2019-01-02T05:00:00Z\n');
    const json = await cli('calendar', file, '--from', '2019-01-02', '--to', '2019-01-02', '--json');
    expect(JSON.parse(json.out)).toEqual([expect.objectContaining({ session: '2019-01-02', break_start: '2019-01-02T12:00:00+08:00', break_end: '2019-01-02T13:00:00+08:00', minutes: 330 })]);
    const list = await cli('calendar', '--list');
    expect(list.out).toMatch(/^XNYS\tAmerica\/New_York\t1990-01-01\.\.2035-12-31\tXNYS@/m);
    const bad = await cli('calendar', path.join(dir, 'missing.json'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/CALENDAR_DEFINITION.*missing\.json.*no such file/);
  });

  it('resolveCalendar compiles a definition once per version', () => {
    expect(resolveCalendar(OWN).calendar).toBe(resolveCalendar({ ...OWN }).calendar);
    expect(resolveCalendar({ ...OWN, version: '2' }).calendar).not.toBe(resolveCalendar(OWN).calendar);
  });
});

describe('the definition format: a base, moving holidays, days open despite a rule, per-date hours', () => {
  const london = { name: 'LSEBASE', timezone: 'Europe/London', range: { from: '2022-01-01', to: '2022-12-31' }, weekdays: [1, 2, 3, 4, 5], hours: [{ since: '2022-01-01', open: '08:00', close: '16:30' }] };
  const closedDays = (cal: ExchangeCalendar, from: string, to: string) => {
    const out: string[] = [];
    for (let d = cal.day(from); d <= cal.day(to); d++) if ([1, 2, 3, 4, 5].includes(((d + 3) % 7 + 7) % 7 + 1) && !cal.isSession(d)) out.push(new Date(d * 86_400_000).toISOString().slice(0, 10));
    return out;
  };

  it('a country base from date-holidays closes its holidays, minus the ones excluded by name', () => {
    const cal = new ExchangeCalendar(checkDefinition({ ...london, base: { country: 'GB', state: 'ENG' } }));
    expect(closedDays(cal, '2022-01-01', '2022-12-31')).toEqual(['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27']);
    const trades = new ExchangeCalendar(checkDefinition({ ...london, name: 'LSEX', base: { country: 'GB', state: 'ENG', exclude: ["Queen Elizabeth's Funeral Day"] } }));
    expect(trades.isSession('2022-09-19')).toBe(true);
  });

  it('a base exclusion that names no holiday, or an unknown country, is CALENDAR_DEFINITION', () => {
    expect(() => new ExchangeCalendar(checkDefinition({ ...london, name: 'LSEY', base: { country: 'GB', state: 'ENG', exclude: ['Boxing day'] } }))).toThrow(/base\.exclude: "Boxing day" is not the name of a GB holiday/);
    expect(() => new ExchangeCalendar(checkDefinition({ ...london, name: 'LSEZ', base: { country: 'XX' } }))).toThrow(/base\.country: date-holidays has no country "XX"/);
    expect(() => checkDefinition({ ...london, base: { country: 'GB', types: ['holiday'] } })).toThrow(/base\.types/);
  });

  it('a holiday that lands on another closure moves to the next day that would be a session', () => {
    // Easter Monday 2021 is April 5, the day Ching Ming is observed that year: Ching Ming moves to April 6.
    const def = { name: 'MOVE', timezone: 'Asia/Hong_Kong', range: { from: '2021-01-01', to: '2022-12-31' }, weekdays: [1, 2, 3, 4, 5], hours: [{ since: '2021-01-01', open: '09:30', close: '16:00' }],
      holidays: [{ name: 'Easter Monday', rule: 'easter 1' }, { name: 'Ching Ming', rule: '04-05', ifClosed: 'next' }, { name: 'Made up', rule: '04-06', ifClosed: 'next', fromYear: 2021, toYear: 2021 }] };
    const cal = new ExchangeCalendar(checkDefinition(def));
    // 2021: Easter Monday 04-05, Ching Ming moved to 04-06, the made-up 04-06 holiday then to 04-07.
    expect(closedDays(cal, '2021-04-01', '2021-04-09')).toEqual(['2021-04-05', '2021-04-06', '2021-04-07']);
    // 2022: Ching Ming on Tuesday 04-05 stays; Easter Monday is 04-18.
    expect(closedDays(cal, '2022-04-01', '2022-04-20')).toEqual(['2022-04-05', '2022-04-18']);
  });

  it('a session despite the rules (a Saturday, a holiday), and per-date hours with their break', () => {
    const cal = new ExchangeCalendar(checkDefinition({
      name: 'SPECIAL', timezone: 'Asia/Kolkata', range: { from: '2020-01-01', to: '2020-12-31' }, weekdays: [1, 2, 3, 4, 5], hours: [{ since: '2020-01-01', open: '09:15', close: '15:30' }],
      holidays: [{ name: 'Republic Day', rule: '01-26' }], adhocClosures: [{ date: '2020-11-16', name: 'Diwali Balipratipada' }],
      adhocOpens: [{ date: '2020-02-01', name: 'Budget day (a Saturday)' }, { date: '2020-11-14', name: 'Muhurat trading (a Saturday)' }],
      adhocHours: [{ date: '2020-11-14', name: 'Muhurat trading', open: '18:15', close: '19:15' }, { date: '2020-03-02', name: 'a drill', open: '09:15', close: '12:30', breakStart: '10:00', breakEnd: '11:30' }],
    }));
    expect(cal.isSession('2020-02-01')).toBe(true);
    expect(new Date(cal.sessionOn('2020-02-01')!.close).toISOString()).toBe('2020-02-01T10:00:00.000Z');
    const muhurat = cal.sessionOn('2020-11-14')!;
    expect([new Date(muhurat.open).toISOString(), new Date(muhurat.close).toISOString(), muhurat.earlyClose]).toEqual(['2020-11-14T12:45:00.000Z', '2020-11-14T13:45:00.000Z', false]);
    const drill = cal.sessionOn('2020-03-02')!;
    expect([drill.earlyClose, cal.sessionMinutes('2020-03-02')]).toEqual([true, 105]);
    expect(cal.isSession('2020-11-16')).toBe(false);
  });

  it('per-date hours on a day that is not a session, or a day both closed and open, are definition errors', () => {
    const base = { name: 'BADSPECIAL', timezone: 'Asia/Kolkata', range: { from: '2020-01-01', to: '2020-12-31' }, weekdays: [1, 2, 3, 4, 5], hours: [{ since: '2020-01-01', open: '09:15', close: '15:30' }] };
    expect(() => new ExchangeCalendar(checkDefinition({ ...base, adhocHours: [{ date: '2020-02-01', name: 'x', open: '09:15', close: '15:30' }] }))).toThrow(/adhocHours: 2020-02-01 is not a session/);
    expect(() => checkDefinition({ ...base, adhocOpens: [{ date: '2020-02-01', name: 'x' }], adhocClosures: [{ date: '2020-02-01', name: 'y' }] })).toThrow(/adhocClosures\[0\]\.date: is also in adhocOpens/);
    expect(() => checkDefinition({ ...base, adhocClosures: [{ date: '2020-02-03', name: 'x' }, { date: '2020-02-03', name: 'y' }] })).toThrow(/adhocClosures\[1\]\.date: is listed twice/);
    expect(() => checkDefinition({ ...base, holidays: [{ name: 'x', rule: '01-26', ifClosed: 'later' }] })).toThrow(/holidays\[0\]\.ifClosed/);
  });
});
