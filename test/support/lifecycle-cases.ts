import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as A from 'apache-arrow';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { formatDay, parseDay, registerCalendar, type CalendarDefinition } from '../../src/calendar/index.js';
import { barSchema, dayFile } from '../../src/storage/index.js';

/**
 * Random lifecycle cases for the properties: a random exchange (calendar definition format), a
 * random dataset on it (gaps, duplicates, bad and off-grid rows, prints outside the session,
 * missing and corrupt day files), a start that may fall inside a session with seconds, and a
 * prefetch latency placed around the timeout and the close. A case is plain JSON, so a shrunk
 * counterexample can be pasted into a regression test as it is.
 */

/** Opening hours from `sinceDay` (an offset into the range). Minutes of the local day. */
export interface HoursSpec {
  readonly sinceDay: number;
  /** Local open clock in minutes; an overnight session opens the evening before its date. */
  readonly open: number;
  readonly length: number;
  readonly overnight: boolean;
  /** A break as minutes after the open [start, end), day sessions only. */
  readonly brk: readonly [number, number] | null;
}

export interface CalSpec {
  readonly tz: string;
  /** First date of the range, YYYY-MM-DD, and the range's length in days. */
  readonly from: string;
  readonly days: number;
  readonly weekdays: readonly number[];
  readonly hours: readonly HoursSpec[];
  /** A holiday by rule on a fixed month-day, with an observance shift. */
  readonly rule: { readonly md: string; readonly observe: 'none' | 'sunday-monday' | 'saturday-friday' } | null;
  readonly closures: readonly number[];
  /** `at` in permille of the session: the early close (or late open) clock is that far into it. */
  readonly earlyCloses: readonly { readonly day: number; readonly at: number }[];
  readonly lateOpens: readonly { readonly day: number; readonly at: number }[];
}

export type DayFault = 'missing' | 'truncated' | 'not-arrow' | 'unsorted' | 'empty';

export interface DataSpec {
  readonly seed: number;
  /** Out of 16: the share of minutes that have a bar. */
  readonly density: number;
  /** Out of 64: the share of minutes with a duplicate row, a bad row (high < low), an off-grid print. */
  readonly dupRate: number;
  readonly badRate: number;
  readonly offGridRate: number;
  /** A symbol outside the run's universe in every file. */
  readonly extraSymbol: boolean;
  /** Faults by session ordinal (taken modulo the number of sessions with data). */
  readonly faults: readonly { readonly session: number; readonly kind: DayFault }[];
  /**
   * A universe symbol with no row at all on one day (an ordinal among the days strictly inside the
   * run's data). Only between two good files: the config check reads the first and last readable
   * day for unknown symbols.
   */
  readonly absent?: { readonly session: number; readonly symbol: number } | null;
  /** The data stops after this many sessions (null: every session in the range has a file). */
  readonly sessionsWithData: number | null;
}

export type StartSpec =
  | { readonly kind: 'date'; readonly day: number }
  /** An instant near an anchor of the session with this ordinal, `sec` seconds after it. */
  | { readonly kind: 'instant'; readonly session: number; readonly anchor: 'open' | 'close' | 'breakStart' | 'breakEnd' | 'inside'; readonly permille: number; readonly sec: number };

export type LatencySpec =
  | { readonly kind: 'zero' }
  | { readonly kind: 'timeout'; readonly delta: number }
  | { readonly kind: 'close'; readonly delta: number }
  | { readonly kind: 'ms'; readonly ms: number };

export interface Case {
  readonly cal: CalSpec;
  readonly symbols: readonly string[];
  readonly data: DataSpec;
  readonly start: StartSpec;
  /** Days from the start date to the end date (clamped to the range). */
  readonly span: number;
  readonly timeoutSeconds: number;
  readonly latency: LatencySpec;
  readonly upkeep: boolean;
  readonly derived: readonly number[];
  readonly bars: 'full' | 'ref';
}

// ---------------------------------------------------------------------------------------------
// The independent model of the calendar (luxon per session, no compiled columns).

export interface OracleSession {
  readonly date: string;
  readonly open: number;
  readonly close: number;
  readonly breakStart: number;
  readonly breakEnd: number;
  readonly early: boolean;
  /** The close of a normal day under these hours (a vendor's prints run to it on an early close). */
  readonly nominalClose: number;
}

const MIN = 60_000;

const noonOffsets = new Map<string, number>();

/** The zone's UTC offset (minutes) at local noon of an epoch day, from luxon, remembered. */
function noonOffset(tz: string, day: number): number {
  const key = `${tz}|${day}`;
  let o = noonOffsets.get(key);
  if (o === undefined) {
    o = DateTime.fromISO(`${formatDay(day)}T12:00`, { zone: tz }).offset;
    noonOffsets.set(key, o);
  }
  return o;
}

/**
 * Epoch ms of a local clock time (minutes, may pass midnight) on an epoch day. The generated
 * times avoid 01:00-03:00, where the zones used change offset: a time before 01:00 has the offset
 * of the previous day's noon, a time after 03:00 that of its own day's noon.
 */
export function localMs(tz: string, day: number, minutes: number): number {
  const d = day + Math.floor(minutes / 1440);
  const m = ((minutes % 1440) + 1440) % 1440;
  const offset = m < 60 ? noonOffset(tz, d - 1) : noonOffset(tz, d);
  return ((d * 1440) + m - offset) * MIN;
}

const clock = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const inside = (length: number, permille: number) => 1 + Math.floor((permille / 1000) * (length - 2));

function hoursOn(c: { readonly hours: readonly HoursSpec[] }, d: number): HoursSpec | undefined {
  let h: HoursSpec | undefined;
  for (const x of c.hours) if (x.sinceDay <= d) h = x;
  return h;
}

function ruleDates(c: CalSpec): Set<number> {
  const out = new Set<number>();
  if (c.rule === null) return out;
  const first = parseDay(c.from), last = first + c.days;
  for (let y = Number(formatDay(first).slice(0, 4)); y <= Number(formatDay(last).slice(0, 4)); y++) {
    const d = parseDay(`${y}-${c.rule.md}`);
    out.add(d);
    const wd = isoWeekday(d);
    if (c.rule.observe === 'sunday-monday' && wd === 7) out.add(d + 1);
    if (c.rule.observe === 'saturday-friday' && wd === 6) out.add(d - 1);
  }
  return out;
}

export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

/** Sessions of the range as the definition says, computed without the compiler. */
export function oracleSessions(c: CalSpec): OracleSession[] {
  const first = parseDay(c.from);
  const closed = new Set([...ruleDates(c), ...c.closures.map((d) => first + d)]);
  const out: OracleSession[] = [];
  for (let d = 0; d <= c.days; d++) {
    const day = first + d;
    const h = hoursOn(c, d);
    if (h === undefined || !c.weekdays.includes(isoWeekday(day)) || closed.has(day)) continue;
    const late = h.overnight ? undefined : lastFor(c.lateOpens, d);
    const openMin = late === undefined ? h.open : h.open + inside(h.length, late);
    const closeClock = (h.open + h.length) % 1440;
    const earlyAt = lastFor(c.earlyCloses, d);
    const earlyClock = earlyAt === undefined ? undefined : (h.open + inside(h.length, earlyAt)) % 1440;
    const early = earlyClock !== undefined && earlyClock < closeClock;
    const open = localMs(c.tz, h.overnight ? day - 1 : day, openMin);
    const close = localMs(c.tz, day, early ? earlyClock : closeClock);
    let breakStart = NaN, breakEnd = NaN;
    if (h.brk !== null) {
      breakStart = localMs(c.tz, day, h.open + h.brk[0]);
      breakEnd = localMs(c.tz, day, h.open + h.brk[1]);
      if (close <= breakStart) { breakStart = NaN; breakEnd = NaN; }
    }
    out.push({ date: formatDay(day), open, close, breakStart, breakEnd, early, nominalClose: localMs(c.tz, day, closeClock) });
  }
  return out;
}

function lastFor(list: readonly { day: number; at: number }[], d: number): number | undefined {
  let at: number | undefined;
  for (const x of list) if (x.day === d) at = x.at;
  return at;
}

/** The calendar definition a case describes, in the product's format. */
export function calendarDefinition(c: CalSpec, name: string): CalendarDefinition {
  const first = parseDay(c.from);
  const hours = c.hours.map((h) => ({
    since: formatDay(first + h.sinceDay),
    open: clock(h.open),
    close: clock(h.open + h.length),
    ...(h.overnight ? { openDayOffset: -1 } : {}),
    ...(h.brk === null ? {} : { breakStart: clock(h.open + h.brk[0]), breakEnd: clock(h.open + h.brk[1]) }),
  }));
  // A definition lists a date once (checkDefinition): the last entry of a day is the one that holds, as in the oracle (lastFor).
  const lastOfDay = <T extends { day: number }>(list: readonly T[]) => list.filter((e, i) => !list.slice(i + 1).some((x) => x.day === e.day));
  const early = lastOfDay(c.earlyCloses).flatMap((e) => {
    const h = hoursOn(c, e.day);
    return h === undefined ? [] : [{ date: formatDay(first + e.day), name: `early ${e.day}`, close: clock(h.open + inside(h.length, e.at)) }];
  });
  const late = lastOfDay(c.lateOpens).flatMap((e) => {
    const h = hoursOn(c, e.day);
    return h === undefined || h.overnight ? [] : [{ date: formatDay(first + e.day), name: `late ${e.day}`, open: clock(h.open + inside(h.length, e.at)) }];
  });
  const observe = c.rule?.observe === 'sunday-monday' ? ' and if sunday then next monday' : c.rule?.observe === 'saturday-friday' ? ' and if saturday then previous friday' : '';
  return {
    name, description: 'random property-test exchange', version: 'prop', timezone: c.tz,
    range: { from: c.from, to: formatDay(first + c.days) },
    weekdays: [...c.weekdays],
    hours,
    holidays: c.rule === null ? [] : [{ name: 'rule holiday', rule: `${c.rule.md}${observe}` }],
    adhocClosures: c.closures.map((d) => ({ date: formatDay(first + d), name: `closed ${d}` })),
    earlyCloses: [],
    adhocEarlyCloses: early,
    adhocLateOpens: late,
  };
}

// ---------------------------------------------------------------------------------------------
// Arbitraries.

/** Zones with and without DST, north and south, with half- and quarter-hour offsets. */
const ZONES = ['America/New_York', 'America/Chicago', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Sydney', 'UTC', 'America/Sao_Paulo'];

/**
 * Local times stay out of 01:00-03:00, where DST changes make a clock time missing or twofold:
 * day sessions run 03:05-21:00, overnight ones 22:00-00:55 (the day before to the day).
 */
const hoursArb = (sinceDay: number): fc.Arbitrary<HoursSpec> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ open: fc.integer({ min: 185, max: 19 * 60 }), length: fc.integer({ min: 15, max: 120 }), brk: fc.option(fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 })), { freq: 3 }) })
      .map(({ open, length, brk }) => {
        let b: [number, number] | null = null;
        if (brk !== null && length >= 10) {
          const s = 1 + Math.floor((brk[0] / 1001) * (length - 3));
          const e = s + 1 + Math.floor((brk[1] / 1001) * (length - s - 2));
          b = [s, e];
        }
        return { sinceDay, open, length, overnight: false, brk: b };
      }) },
    { weight: 1, arbitrary: fc.record({ open: fc.integer({ min: 22 * 60, max: 23 * 60 + 50 }), close: fc.integer({ min: 5, max: 55 }) })
      .map(({ open, close }) => ({ sinceDay, open, length: 1440 - open + close, overnight: true, brk: null })) },
  );

export const calArb: fc.Arbitrary<CalSpec> = fc
  .record({
    tz: fc.constantFrom(...ZONES),
    from: fc.integer({ min: parseDay('2019-03-01'), max: parseDay('2026-11-30') }), // Sao Paulo: no DST after 2019-02
    days: fc.integer({ min: 3, max: 24 }),
    weekdays: fc.oneof({ weight: 3, arbitrary: fc.constant([1, 2, 3, 4, 5]) }, { weight: 1, arbitrary: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }) }),
    change: fc.option(fc.integer({ min: 1, max: 24 }), { freq: 4 }),
    rule: fc.option(fc.record({ at: fc.integer({ min: 0, max: 24 }), observe: fc.constantFrom('none', 'sunday-monday', 'saturday-friday') as fc.Arbitrary<'none' | 'sunday-monday' | 'saturday-friday'> }), { freq: 3 }),
    // Runs start early in the range (see startArb): closures, early closes and late opens too.
    closures: fc.uniqueArray(fc.integer({ min: 0, max: 10 }), { maxLength: 3 }),
    earlyCloses: fc.array(fc.record({ day: fc.integer({ min: 0, max: 10 }), at: fc.integer({ min: 0, max: 999 }) }), { maxLength: 4 }),
    lateOpens: fc.array(fc.record({ day: fc.integer({ min: 0, max: 10 }), at: fc.integer({ min: 0, max: 999 }) }), { maxLength: 2 }),
  })
  .chain((r) => fc.tuple(hoursArb(0), hoursArb(r.change ?? 0)).map(([h0, h1]) => {
    const hours = r.change === null || r.change > r.days ? [h0] : [h0, h1];
    const md = formatDay(r.from + (r.rule?.at ?? 0)).slice(5);
    const spec = { tz: r.tz, from: formatDay(r.from), days: r.days, weekdays: r.weekdays, hours };
    const earlyCloses = r.earlyCloses.filter((e) => e.day <= r.days);
    // A late open at or after the day's early close would be a session that closes before it
    // opens: a broken definition (see lifecycle-regressions.test.ts), not a case for these properties.
    const lateOpens = r.lateOpens.filter((e) => {
      const h = hoursOn(spec, e.day);
      const early = lastFor(earlyCloses, e.day);
      return e.day <= r.days && (h === undefined || early === undefined || inside(h.length, e.at) < inside(h.length, early));
    });
    return {
      ...spec,
      rule: r.rule === null || md === '02-29' ? null : { md, observe: r.rule.observe },
      closures: r.closures.filter((d) => d <= r.days),
      earlyCloses,
      lateOpens,
    };
  }));

const dataArb: fc.Arbitrary<DataSpec> = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  density: fc.oneof(fc.constant(16), fc.integer({ min: 0, max: 16 })),
  dupRate: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 16 }) }),
  badRate: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 8 })),
  offGridRate: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 8 })),
  extraSymbol: fc.boolean(),
  faults: fc.array(fc.record({ session: fc.integer({ min: 0, max: 12 }), kind: fc.constantFrom<DayFault>('missing', 'truncated', 'not-arrow', 'unsorted', 'empty') }), { maxLength: 2 }),
  absent: fc.option(fc.record({ session: fc.integer({ min: 0, max: 4 }), symbol: fc.integer({ min: 0, max: 2 }) }), { freq: 2 }),
  sessionsWithData: fc.option(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constant(0) }), { freq: 2 }),
});

const startArb: fc.Arbitrary<StartSpec> = fc.oneof(
  fc.record({ kind: fc.constant('date' as const), day: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 24 })) }),
  fc.record({
    kind: fc.constant('instant' as const),
    session: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 12 })),
    anchor: fc.constantFrom('open', 'close', 'breakStart', 'breakEnd', 'inside') as fc.Arbitrary<'open' | 'close' | 'breakStart' | 'breakEnd' | 'inside'>,
    permille: fc.integer({ min: 0, max: 999 }),
    sec: fc.oneof(fc.constantFrom(0, 30, -30, 1, -1, 59, 60, -60), fc.integer({ min: -900, max: 900 })),
  }),
);

const latencyArb: fc.Arbitrary<LatencySpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'zero' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('timeout' as const), delta: fc.oneof(fc.constantFrom(0, -1, 1, 60_000, -60_000), fc.integer({ min: -1_800_000, max: 1_800_000 })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('close' as const), delta: fc.oneof(fc.constantFrom(0, -1, 1, -60_000, 60_000), fc.integer({ min: -3_600_000, max: 3_600_000 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ms' as const), ms: fc.integer({ min: 0, max: 3 * 3_600_000 }) }) },
);

export const caseArb: fc.Arbitrary<Case> = fc.record({
  cal: calArb,
  symbols: fc.subarray(['A', 'B', 'C'], { minLength: 1 }),
  data: dataArb,
  start: startArb,
  span: fc.integer({ min: 0, max: 6 }),
  timeoutSeconds: fc.constantFrom(1, 30, 300, 1800),
  latency: latencyArb,
  upkeep: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  derived: fc.subarray([1, 2, 5, 7, 15, 30, 60], { minLength: 1, maxLength: 3 }),
  bars: fc.constantFrom<'full' | 'ref'>('full', 'ref'),
});

// ---------------------------------------------------------------------------------------------
// A case made concrete: the calendar registered, the dataset written, the config built.

export interface Row { readonly symbol: string; readonly ts: number; readonly open: number; readonly high: number; readonly low: number; readonly close: number; readonly volume: number }

export interface DayFile {
  readonly date: string;
  readonly fault: DayFault | null;
  /** The rows written (before a fault), in file order. */
  readonly rows: readonly Row[];
}

export interface Concrete {
  readonly case: Case;
  readonly calendarName: string;
  readonly sessions: readonly OracleSession[];
  readonly files: readonly DayFile[];
  readonly startText: string;
  readonly startInstant: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly latencyMs: number;
  readonly timeoutMs: number;
}

/** A 32-bit mix of the seed and a few integers: the dataset is a function of the case only. */
function mix(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ (x >>> 0), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ Math.floor(x / 4294967296), 0xc2b2ae35) >>> 0;
    h ^= h >>> 13;
  }
  return h >>> 0;
}

const SYMBOL_CODE: Record<string, number> = { A: 1, B: 2, C: 3, Z: 26 };

function dayRows(c: Case, s: OracleSession, symbols: readonly string[]): Row[] {
  const d = c.data;
  const rows: Row[] = [];
  for (const symbol of symbols) {
    const k = SYMBOL_CODE[symbol]!;
    const bar = (ts: number, salt: number): Row => {
      const h = mix(d.seed, k, ts, salt);
      const base = 50 + k * 10 + (h % 1000) / 100;
      const up = ((h >>> 10) % 100) / 100, down = ((h >>> 17) % 100) / 100;
      return { symbol, ts, open: base, high: base + up + 0.01, low: base - down - 0.01, close: base + (up - down) / 2, volume: 1 + ((h >>> 24) % 200) };
    };
    // A print well before the open, so the file always names the symbol (the config check).
    rows.push(bar(s.open - 60 * MIN, 1));
    for (let t = s.open - 3 * MIN; t < s.nominalClose + 3 * MIN; t += MIN) {
      const h = mix(d.seed, k, t, 7);
      if (h % 16 >= d.density) continue;
      if (((h >>> 4) % 64) < d.badRate) { rows.push({ ...bar(t, 2), high: 1, low: 2 }); continue; }
      rows.push(bar(t, 0));
      if (((h >>> 10) % 64) < d.dupRate) rows.push(bar(t, 3));
      if (((h >>> 16) % 64) < d.offGridRate) rows.push(bar(t + 30_000, 4));
    }
  }
  // File order: (ts, symbol), duplicates after their first row (a stable sort).
  return rows.map((r, i) => [r, i] as const).sort((a, b) => a[0].ts - b[0].ts || (a[0].symbol < b[0].symbol ? -1 : a[0].symbol > b[0].symbol ? 1 : 0) || a[1] - b[1]).map(([r]) => r);
}

/** Arrow IPC file bytes for rows as they are, in the order given (duplicates and disorder kept). */
export function encodeRaw(date: string, rows: readonly Row[]): Uint8Array {
  const schema = barSchema('1m', date);
  const names = [...new Set(rows.map((r) => r.symbol))].sort();
  const index = new Map(names.map((s, i) => [s, i]));
  const n = rows.length;
  const ts = BigInt64Array.from(rows, (r) => BigInt(r.ts));
  const dictionary = A.vectorFromArray(names, new A.Utf8());
  const f64 = (pick: (r: Row) => number) => A.makeData({ type: new A.Float64(), length: n, data: Float64Array.from(rows, pick) });
  const children = [
    A.makeData({ type: schema.fields[0]!.type, length: n, data: ts }),
    A.makeData({ type: schema.fields[1]!.type, length: n, data: Int32Array.from(rows, (r) => index.get(r.symbol)!), dictionary }),
    f64((r) => r.open), f64((r) => r.high), f64((r) => r.low), f64((r) => r.close), f64((r) => r.volume),
  ];
  const batch = new A.RecordBatch(schema, A.makeData({ type: new A.Struct(schema.fields), length: n, nullCount: 0, children }));
  return A.tableToIPC(new A.Table(schema, [batch]), 'file');
}

function writeDayFile(root: string, f: DayFile): void {
  if (f.fault === 'missing') return;
  const file = dayFile(root, '1m', f.date);
  mkdirSync(path.dirname(file), { recursive: true });
  if (f.fault === 'empty') { writeFileSync(file, new Uint8Array(0)); return; }
  if (f.fault === 'not-arrow') { writeFileSync(file, 'ts,symbol,open\n1,A,2\n'); return; }
  const bytes = encodeRaw(f.date, f.rows);
  writeFileSync(file, f.fault === 'truncated' ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes);
}

function startOf(c: Case, sessions: readonly OracleSession[]): { text: string; instant: number } {
  const first = parseDay(c.cal.from), last = first + c.cal.days;
  // A date alone starts that date's session whole: at its open when it opens the evening before.
  const dateOnly = (day: number) => {
    const d = formatDay(Math.min(last, first + day));
    const midnight = localMs(c.cal.tz, parseDay(d), 0);
    const session = sessions.find((x) => x.date === d);
    return { text: d, instant: session === undefined ? midnight : Math.min(midnight, session.open) };
  };
  const st = c.start;
  if (st.kind === 'date' || sessions.length === 0) return dateOnly(st.kind === 'date' ? st.day : 0);
  const s = sessions[st.session % sessions.length]!;
  const anchor = {
    open: s.open, close: s.close,
    breakStart: Number.isNaN(s.breakStart) ? s.open : s.breakStart,
    breakEnd: Number.isNaN(s.breakEnd) ? s.close : s.breakEnd,
    inside: s.open + Math.floor(((s.close - s.open) * st.permille) / 1000 / 1000) * 1000,
  }[st.anchor];
  const instant = anchor + st.sec * 1000;
  const local = DateTime.fromMillis(instant, { zone: c.cal.tz });
  const text = local.toFormat("yyyy-MM-dd'T'HH:mm:ss");
  const day = parseDay(text.slice(0, 10));
  // The config's start date must lie in the calendar's range; between 01:00 and 03:00 a local
  // time may be missing or twofold (DST), so such a start is not one instant.
  if (day < first || day > last || (local.hour >= 1 && local.hour < 3)) return dateOnly(st.session);
  return { text, instant };
}

/** Registers the calendar, writes the day files under `root`, and resolves start, end and latency. */
export function concretize(c: Case, root: string, calendarName = 'TPROP'): Concrete {
  registerCalendar(calendarDefinition(c.cal, calendarName));
  const sessions = oracleSessions(c.cal);
  const { text: startText, instant: startInstant } = startOf(c, sessions);
  const startDate = startText.slice(0, 10);
  const first = parseDay(c.cal.from);
  const endDate = formatDay(Math.min(first + c.cal.days, parseDay(startDate) + c.span));
  // Files for the sessions of [start date, end date] (no other day file plays a part in a run),
  // up to where the data stops; a fault replaces a file.
  const window = sessions.filter((s) => s.date >= startDate && s.date <= endDate);
  const withData = c.data.sessionsWithData === null ? window.length : Math.min(window.length, c.data.sessionsWithData);
  const faultAt = new Map<number, DayFault>();
  for (const f of c.data.faults) if (withData > 0) faultAt.set(f.session % withData, f.kind);
  const universe = c.data.extraSymbol ? [...c.symbols, 'Z'] : c.symbols;
  // The dataset's folder exists even when it holds no day (an empty dataset, not a missing root).
  mkdirSync(path.join(root, 'interval=1m'), { recursive: true });
  const files: DayFile[] = [];
  const goodBefore = (i: number) => Array.from({ length: i }, (_, j) => j).some((j) => !faultAt.has(j));
  const goodAfter = (i: number) => Array.from({ length: withData - i - 1 }, (_, j) => i + 1 + j).some((j) => !faultAt.has(j));
  for (let i = 0; i < withData; i++) {
    const s = window[i]!;
    const fault = faultAt.get(i) ?? null;
    const absent = c.data.absent ?? null;
    const gone = absent !== null && withData >= 3 && 1 + (absent.session % (withData - 2)) === i && !faultAt.has(i) && goodBefore(i) && goodAfter(i)
      ? c.symbols[absent.symbol % c.symbols.length]! : null;
    let rows = dayRows(c, s, universe.filter((x) => x !== gone));
    let kind = fault;
    if (fault === 'unsorted') {
      // Two rows of different instants swapped (the middle of the file); a file without two
      // instants cannot be out of order, and is then a good file.
      const j = rows.findIndex((r, k) => k >= rows.length >> 1 && k + 1 < rows.length && rows[k + 1]!.ts !== r.ts);
      if (j >= 0) rows = [...rows.slice(0, j), rows[j + 1]!, rows[j]!, ...rows.slice(j + 2)];
      else kind = null;
    }
    const f = { date: s.date, fault: kind, rows };
    files.push(f);
    writeDayFile(root, f);
  }
  // Latency relative to the first request: the activation of the first session the run visits.
  const timeoutMs = c.timeoutSeconds * 1000;
  const firstSession = sessions.find((s) => s.date >= startDate && s.close > startInstant);
  const request = firstSession === undefined ? startInstant : Math.max(firstSession.open, startInstant);
  const untilClose = firstSession === undefined ? 0 : firstSession.close - request;
  const l = c.latency;
  const latencyMs = Math.max(0, l.kind === 'zero' ? 0 : l.kind === 'ms' ? l.ms : l.kind === 'timeout' ? timeoutMs + l.delta : untilClose + l.delta);
  return { case: c, calendarName, sessions, files, startText, startInstant, startDate, endDate, latencyMs, timeoutMs };
}

/** The run config of a concrete case over the dataset at `root`. */
export function configOf(k: Concrete, root: string, log: string | null = null) {
  const c = k.case;
  return {
    data: root, symbols: [...c.symbols], start: k.startText, end: k.endDate, calendar: k.calendarName,
    data_upkeep: { enabled: c.upkeep, derived_intervals: [...c.derived] },
    prefetch: { latency_ms: k.latencyMs, timeout_seconds: c.timeoutSeconds },
    log: { path: log, bars: c.bars },
  };
}
