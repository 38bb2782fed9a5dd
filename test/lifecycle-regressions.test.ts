import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRun } from '../src/api/run.js';
import { registerCalendar, type CalendarDefinition } from '../src/calendar/index.js';
import { isSimError } from '../src/errors.js';
import { columnsFromRows, writeDay } from '../src/storage/index.js';
import type { Case } from './support/lifecycle-cases.js';
import { PROPERTIES } from './support/lifecycle-checks.js';
import { tmpDir } from './support/tmp.js';

/**
 * Every shrunk counterexample the lifecycle properties found, kept with its exact input (as
 * fast-check printed it) and the property it broke, the way proptest-regressions files are kept.
 * A case runs the same check as the property, so it passes exactly when the bug stays fixed.
 */
const dir = tmpDir('sessionsim-regressions-');
let n = 0;

function holds(property: keyof typeof PROPERTIES, c: Case): void {
  const root = path.join(dir, `r${n++}`);
  mkdirSync(root, { recursive: true });
  try {
    PROPERTIES[property](c, root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A plain weekday exchange, 03:05-03:20 New York (the shape most cases shrink to). */
const NY15 = { tz: 'America/New_York', from: '2019-03-01', days: 3, weekdays: [1, 2, 3, 4, 5], hours: [{ sinceDay: 0, open: 185, length: 15, overnight: false, brk: null }], rule: null, closures: [], earlyCloses: [], lateOpens: [] } as const;
const CLEAN = { seed: 0, density: 16, dupRate: 0, badRate: 0, offGridRate: 0, extraSymbol: false, faults: [], sessionsWithData: null } as const;

describe('lifecycle regressions (shrunk counterexamples of the properties)', () => {
  it('(a) an unreadable day file: the PrefetchFailed reason names the file relative to the data root, so the log hash does not depend on where the data lives', () => {
    holds('a', {
      cal: { ...NY15, hours: [{ sinceDay: 0, open: 185, length: 15, overnight: false, brk: null }, { sinceDay: 1, open: 185, length: 15, overnight: false, brk: null }] },
      symbols: ['A'], data: { ...CLEAN, faults: [{ session: 0, kind: 'unsorted' }] },
      start: { kind: 'date', day: 0 }, span: 0, timeoutSeconds: 1800, latency: { kind: 'close', delta: -1 }, upkeep: true, derived: [15], bars: 'full',
    });
  });

  it('(a) a day file that is not Arrow (mid-session start at the open, a lunch break of one minute): reason relative to the data root', () => {
    holds('a', {
      cal: { ...NY15, weekdays: [2, 7], hours: [{ sinceDay: 0, open: 185, length: 15, overnight: false, brk: [1, 2] }] },
      symbols: ['C'], data: { ...CLEAN, density: 0, faults: [{ session: 0, kind: 'not-arrow' }] },
      start: { kind: 'instant', session: 0, anchor: 'open', permille: 0, sec: 0 }, span: 0, timeoutSeconds: 1, latency: { kind: 'zero' }, upkeep: true, derived: [30], bars: 'full',
    });
  });

  it('(c) a latency equal to the timeout: the timeout is a warning, and the day is delivered when its data becomes visible (late), not dropped', () => {
    holds('c', {
      cal: { ...NY15, days: 5, weekdays: [3] },
      symbols: ['C'], data: CLEAN,
      start: { kind: 'date', day: 0 }, span: 5, timeoutSeconds: 1, latency: { kind: 'timeout', delta: 0 }, upkeep: true, derived: [15], bars: 'full',
    });
  });

  it('(c) an overnight session (Sydney, opening the evening before) started at its open with a latency equal to the timeout: its bars are delivered late, not dropped', () => {
    holds('c', {
      cal: { tz: 'Australia/Sydney', from: '2025-05-04', days: 3, weekdays: [1, 2, 3, 4, 5], hours: [{ sinceDay: 0, open: 1320, length: 125, overnight: true, brk: null }, { sinceDay: 3, open: 1320, length: 125, overnight: true, brk: null }], rule: null, closures: [], earlyCloses: [], lateOpens: [] },
      symbols: ['C'], data: CLEAN,
      start: { kind: 'instant', session: 0, anchor: 'open', permille: 0, sec: 0 }, span: 1, timeoutSeconds: 1, latency: { kind: 'timeout', delta: 0 }, upkeep: true, derived: [60], bars: 'full',
    });
  });

  it('(d) a start one second before the close: the last bar (it ends at the close) is not history, it is not known yet', () => {
    holds('d', {
      cal: { ...NY15, weekdays: [5] },
      symbols: ['C'], data: { ...CLEAN, seed: 3, density: 8 },
      start: { kind: 'instant', session: 0, anchor: 'close', permille: 0, sec: -1 }, span: 0, timeoutSeconds: 1, latency: { kind: 'close', delta: -1 }, upkeep: true, derived: [30], bars: 'full',
    });
  });

  it('(d) a start one second after the open (03:05:01): the 03:05 bar ends at 03:06 and must not be history', () => {
    holds('d', {
      cal: { ...NY15, weekdays: [1, 6] },
      symbols: ['C'], data: CLEAN,
      start: { kind: 'instant', session: 0, anchor: 'open', permille: 0, sec: 1 }, span: 0, timeoutSeconds: 1, latency: { kind: 'timeout', delta: -60_000 }, upkeep: true, derived: [15], bars: 'full',
    });
  });

  it('(f) with a break and a late open (Sydney), a latency at the close of the first day: later days are delivered, so their duplicates and out-of-session prints are counted', () => {
    holds('f', {
      cal: { tz: 'Australia/Sydney', from: '2019-03-05', days: 21, weekdays: [1, 2, 3, 4, 5], hours: [{ sinceDay: 0, open: 185, length: 15, overnight: false, brk: null }, { sinceDay: 3, open: 185, length: 15, overnight: false, brk: [1, 2] }], rule: { md: '03-08', observe: 'sunday-monday' }, closures: [6, 4], earlyCloses: [], lateOpens: [{ day: 1, at: 905 }] },
      symbols: ['C'], data: CLEAN,
      start: { kind: 'instant', session: 0, anchor: 'open', permille: 0, sec: 1 }, span: 2, timeoutSeconds: 1, latency: { kind: 'close', delta: 0 }, upkeep: true, derived: [30], bars: 'full',
    });
  });

  it('a calendar whose late open is after its early close on the same day is a CALENDAR_DEFINITION error naming the date, not a kernel CLOCK_BACKWARDS mid-run', () => {
    // Shrunk from property (b): 2026-12-01 opens late at 03:07 and closes early at 03:06.
    const def: CalendarDefinition = {
      name: 'TBROKEN', description: 'late open after the early close', version: 'test', timezone: 'America/New_York',
      range: { from: '2026-11-21', to: '2026-12-01' }, weekdays: [1, 2, 3, 4, 5],
      hours: [{ since: '2026-11-21', open: '03:05', close: '03:25' }],
      holidays: [], adhocClosures: [], earlyCloses: [],
      adhocEarlyCloses: [{ date: '2026-12-01', name: 'early', close: '03:06' }],
      adhocLateOpens: [{ date: '2026-12-01', name: 'late', open: '03:07' }],
    };
    const root = path.join(dir, 'broken');
    writeDay(root, '1m', '2026-12-01', columnsFromRows([{ symbol: 'C', ts: Date.parse('2026-12-01T08:05:00Z'), open: 1, high: 1, low: 1, close: 1, volume: 1 }]));
    let error: unknown = null;
    try {
      registerCalendar(def);
      createRun({ data: root, symbols: ['C'], start: '2026-12-01', end: '2026-12-01', calendar: 'TBROKEN' }).kernel.run();
    } catch (e) {
      error = e;
    }
    expect(isSimError(error) ? [error.code, error.message.includes('2026-12-01')] : error).toEqual(['CALENDAR_DEFINITION', true]);
  });
  it('(c) a date start on a session that opens the evening before starts at its open: its evening bars are live, not lost or history', () => {
    holds('c', {
      cal: { tz: 'Asia/Kathmandu', from: '2020-06-10', days: 7, weekdays: [1, 2, 3, 4, 5], hours: [{ sinceDay: 0, open: 185, length: 15, overnight: false, brk: null }, { sinceDay: 1, open: 1320, length: 125, overnight: true, brk: null }], rule: null, closures: [], earlyCloses: [], lateOpens: [] },
      symbols: ['B'], data: { ...CLEAN, dupRate: 1, absent: null },
      start: { kind: 'date', day: 1 }, span: 0, timeoutSeconds: 1, latency: { kind: 'ms', ms: 300001 }, upkeep: true, derived: [1], bars: 'full',
    });
  });

  it('(e) the same when the first session is a day session and the start date\'s an evening one', () => {
    holds('e', {
      cal: { ...NY15, hours: [{ sinceDay: 0, open: 185, length: 15, overnight: false, brk: null }, { sinceDay: 1, open: 1320, length: 125, overnight: true, brk: null }] },
      symbols: ['B'], data: { ...CLEAN, dupRate: 1, absent: null },
      start: { kind: 'date', day: 3 }, span: 0, timeoutSeconds: 1, latency: { kind: 'timeout', delta: 0 }, upkeep: true, derived: [5], bars: 'full',
    });
  });
});
