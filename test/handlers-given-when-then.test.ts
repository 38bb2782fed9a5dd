import { describe, it } from 'vitest';
import { getCalendar } from '../src/calendar/index.js';
import { ev, type SimEvent } from '../src/events/index.js';
import type { Decider } from '../src/kernel/index.js';
import { evolve, initialState, type DayData, type SessionState } from '../src/state/index.js';
import { lifecycleHandlers, type RunContext } from '../src/handlers/index.js';
import { memoryDays } from './support/days.js';
import { specFor, withSeqs } from './support/scenario.js';

const cal = getCalendar('XNYS');
const t = (s: string) => Date.parse(s);
const day: DayData = {
  symbols: ['X'],
  ts: Float64Array.from([t('2025-07-03T13:29:00Z'), t('2025-07-03T13:30:00Z'), t('2025-07-03T13:32:00Z'), t('2025-07-03T17:00:00Z')]),
  sym: Int32Array.from([0, 0, 0, 0]),
  open: Float64Array.from([1, 2, 3, 4]), high: Float64Array.from([1, 2, 3, 4]), low: Float64Array.from([1, 2, 3, 4]), close: Float64Array.from([1, 2, 3, 4]), volume: Float64Array.from([5, 6, 7, 8]),
  duplicates: Int32Array.from([0]),
};
const ctx: RunContext = {
  calendar: cal, intervalMs: 60_000, start: t('2025-07-02T04:00:00Z'), startDate: '2025-07-02', endDate: '2025-07-07', dataEnd: '2025-07-07', symbols: ['X'],
  days: memoryDays((date) => (date === '2025-07-03' ? { ok: true, day } : { ok: false, code: 'DATA_MISSING_DAY', reason: `no file for ${date}` })),
  upkeep: { enabled: true, derivedMinutes: [5] },
  prefetch: { latencyMs: 0, timeoutMs: 30_000 },
};
const handlers = lifecycleHandlers(ctx) as Record<string, Decider<SessionState, SimEvent>>;
const given = specFor<SessionState, SimEvent>({ initialState, evolve, decide: (s, e) => handlers[e.type]?.(s, e) ?? [] });

const open3 = t('2025-07-03T13:30:00Z'), close3 = t('2025-07-03T17:00:00Z');
const activated3 = ev.sessionActivated(open3, { date: '2025-07-03', open: open3, close: close3, earlyClose: true, midSession: false });

describe('handlers, given/when/then', () => {
  it('after the 07-03 session, the next trading day is 07-07 (holiday and weekend skipped)', () => {
    given(withSeqs<SimEvent>([activated3])).when({ ...ev.sessionDeactivated(close3, '2025-07-03'), seq: 9 }).then([ev.dayAdvance(close3, '2025-07-03', '2025-07-07')]);
  });

  it('activation requests the day and schedules the 13:00 close of an early-close day', () => {
    given().when({ ...activated3, seq: 1 }).then([ev.prefetchRequested(open3, '2025-07-03', open3), ev.marketClose(close3, '2025-07-03')]);
  });

  it('a day the loader cannot give fails with its reason', () => {
    const open2 = t('2025-07-02T13:30:00Z');
    const act2 = ev.sessionActivated(open2, { date: '2025-07-02', open: open2, close: t('2025-07-02T20:00:00Z'), earlyClose: false, midSession: false });
    given(withSeqs<SimEvent>([act2])).when({ ...ev.prefetchRequested(open2, '2025-07-02', open2), seq: 1 }).then([ev.prefetchFailed(open2, '2025-07-02', 'DATA_MISSING_DAY', 'no file for 2025-07-02')]);
  });

  it('on PrefetchComplete: in-session bars at their arrival, then derived bars, gaps and quality', () => {
    const req = ev.prefetchRequested(open3, '2025-07-03', open3);
    given(withSeqs<SimEvent>([activated3, req])).when({ ...ev.prefetchComplete(open3, '2025-07-03', 4), seq: 3 }).then([
      ev.barArrived(t('2025-07-03T13:31:00Z'), { symbol: 'X', start: t('2025-07-03T13:30:00Z'), open: 2, high: 2, low: 2, close: 2, volume: 6, late: false, history: false }),
      ev.barArrived(t('2025-07-03T13:33:00Z'), { symbol: 'X', start: t('2025-07-03T13:32:00Z'), open: 3, high: 3, low: 3, close: 3, volume: 7, late: false, history: false }),
      ev.derivedBarCompleted(t('2025-07-03T13:35:00Z'), { symbol: 'X', minutes: 5, start: open3, end: t('2025-07-03T13:35:00Z'), open: 2, high: 3, low: 2, close: 3, volume: 13, count: 2 }),
      ev.gapDetected(t('2025-07-03T13:33:00Z'), { date: '2025-07-03', symbol: 'X', from: t('2025-07-03T13:31:00Z'), to: t('2025-07-03T13:31:00Z'), missing: 1 }),
      ev.gapDetected(close3, { date: '2025-07-03', symbol: 'X', from: t('2025-07-03T13:33:00Z'), to: t('2025-07-03T16:59:00Z'), missing: 207 }),
      ev.qualityReport(close3, { date: '2025-07-03', symbol: 'X', expected: 210, received: 2, missing: 208, duplicates: 0, outOfSession: 2, late: 0, pct: 0.95 }),
    ]);
  });
});
