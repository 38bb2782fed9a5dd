import { describe, expect, it } from 'vitest';
import { registerCalendar, type CalendarDefinition } from '../src/calendar/index.js';
import { createRun } from '../src/api/run.js';
import type { SimEvent } from '../src/events/index.js';
import type { MemoryLog } from '../src/kernel/index.js';
import { columnsFromRows, writeDay } from '../src/storage/index.js';
import { tmpDir } from './support/tmp.js';

/** A Tokyo-style exchange: 09:00-15:00 with a lunch break 11:30-12:30. */
const TLUNCH: CalendarDefinition = {
  name: 'TLUNCHRUN', description: 'test exchange with a lunch break', version: 'test', timezone: 'Asia/Tokyo',
  range: { from: '2024-01-01', to: '2024-12-31' }, weekdays: [1, 2, 3, 4, 5],
  hours: [{ since: '2024-01-01', open: '09:00', close: '15:00', breakStart: '11:30', breakEnd: '12:30' }],
  holidays: [], adhocClosures: [], earlyCloses: [], adhocEarlyCloses: [],
};

describe('a session with a lunch break', () => {
  it('delivers no bar that starts in the break, counts it out of session, and expects 300 minutes', () => {
    const cal = registerCalendar(TLUNCH);
    const s = cal.sessionOn('2024-10-01')!;
    const root = tmpDir();
    const rows = [];
    for (let t = s.open; t < s.close; t += 60_000) rows.push({ symbol: 'X', ts: t, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    writeDay(root, '1m', '2024-10-01', columnsFromRows(rows));
    const run = createRun({ data: root, symbols: ['X'], start: '2024-10-01', end: '2024-10-01', calendar: 'TLUNCHRUN', data_upkeep: { derived_intervals: [60] } }, { keepEvents: true });
    run.kernel.run();
    const events = (run.log as MemoryLog<SimEvent>).events();
    const bars = events.filter((e) => e.type === 'BarArrived') as Extract<SimEvent, { type: 'BarArrived' }>[];
    expect(bars).toHaveLength(300);
    expect(bars.some((b) => b.start >= s.breakStart! && b.start < s.breakEnd!)).toBe(false);
    const q = events.find((e) => e.type === 'QualityReport') as Extract<SimEvent, { type: 'QualityReport' }>;
    expect([q.expected, q.received, q.missing, q.outOfSession]).toEqual([300, 300, 0, 60]);
    expect(events.filter((e) => e.type === 'GapDetected')).toEqual([]);
    // Hour windows aligned to the open: 09, 10, 11 (half), 12 (half), 13, 14; none is invented.
    const hours = events.filter((e) => e.type === 'DerivedBarCompleted') as Extract<SimEvent, { type: 'DerivedBarCompleted' }>[];
    expect(hours.map((h) => h.count)).toEqual([60, 60, 30, 30, 60, 60]);
  });
});

describe('gaps around a lunch break', () => {
  it('count only expected minutes: bars missing on both sides of the break are one gap of 20', () => {
    const cal = registerCalendar({ ...TLUNCH, name: 'TLUNCHGAP' });
    const s = cal.sessionOn('2024-10-01')!;
    const root = tmpDir();
    const rows = [];
    const missingBefore = s.breakStart! - 10 * 60_000, missingAfter = s.breakEnd! + 10 * 60_000;
    for (let t = s.open; t < s.close; t += 60_000) {
      if ((t >= missingBefore && t < s.breakStart!) || (t >= s.breakEnd! && t < missingAfter)) continue;
      rows.push({ symbol: 'X', ts: t, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    }
    writeDay(root, '1m', '2024-10-01', columnsFromRows(rows));
    const run = createRun({ data: root, symbols: ['X'], start: '2024-10-01', end: '2024-10-01', calendar: 'TLUNCHGAP' }, { keepEvents: true });
    run.kernel.run();
    const events = (run.log as MemoryLog<SimEvent>).events();
    const gaps = events.filter((e) => e.type === 'GapDetected') as Extract<SimEvent, { type: 'GapDetected' }>[];
    expect(gaps.map((g) => [g.from, g.to, g.missing, g.time])).toEqual([[missingBefore, missingAfter - 60_000, 20, missingAfter + 60_000]]);
    const q = events.find((e) => e.type === 'QualityReport') as Extract<SimEvent, { type: 'QualityReport' }>;
    expect([q.expected, q.received, q.missing]).toEqual([300, 280, 20]);
  });
});
