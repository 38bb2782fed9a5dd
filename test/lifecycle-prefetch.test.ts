import { describe, expect, it } from 'vitest';
import { simulate } from '../src/api/simulation.js';
import { demoConfig } from '../src/api/demo.js';
import { runScenario, iso } from './support/lifecycle.js';

const at = (s: string) => Date.parse(s);
const DAYS = ['2025-07-02', '2025-07-03'];

/**
 * The seed's prefetch timeout (DESIGN.md section 5): the initial, blocking wait gives up after
 * `timeout_seconds` with a warning and the system goes on; the prefetch keeps loading, and the
 * data is delivered when it becomes visible (request + latency), earlier bars flagged late. The
 * next-day prefetch does not wait, so it never times out. Data visible only after the close
 * delivers nothing in session, and the day's quality says why.
 */
describe('prefetch: a timeout is a warning, the data still comes', () => {
  it('latency above the timeout: PrefetchTimeout on the first day only, then the data at request + latency, earlier bars late', () => {
    const r = runScenario({ dates: DAYS, symbols: ['AAA', 'BBB'], start: '2025-07-02', end: '2025-07-03', config: { prefetch: { latency_ms: 150_000, timeout_seconds: 30 } } });
    expect(r.of('PrefetchTimeout').map((e) => [e.date, iso(e.time), e.timeoutMs])).toEqual([['2025-07-02', '2025-07-02T13:30:30Z', 30_000]]);
    expect(r.of('PrefetchComplete').map((e) => [e.date, iso(e.time)])).toEqual([['2025-07-02', '2025-07-02T13:32:30Z'], ['2025-07-03', '2025-07-03T13:32:30Z']]);
    const bars = r.of('BarArrived');
    expect(bars.filter((b) => b.late).map((b) => `${b.symbol}@${iso(b.start)}>${iso(b.time)}`)).toEqual([
      'AAA@2025-07-02T13:30:00Z>2025-07-02T13:32:30Z', 'BBB@2025-07-02T13:30:00Z>2025-07-02T13:32:30Z',
      'AAA@2025-07-02T13:31:00Z>2025-07-02T13:32:30Z', 'BBB@2025-07-02T13:31:00Z>2025-07-02T13:32:30Z',
      'AAA@2025-07-03T13:30:00Z>2025-07-03T13:32:30Z', 'BBB@2025-07-03T13:30:00Z>2025-07-03T13:32:30Z',
      'AAA@2025-07-03T13:31:00Z>2025-07-03T13:32:30Z', 'BBB@2025-07-03T13:31:00Z>2025-07-03T13:32:30Z',
    ]);
    expect(bars).toHaveLength((390 + 210) * 2);
    expect(r.of('QualityReport').map((q) => [q.date, q.received, q.late])).toEqual([['2025-07-02', 390, 2], ['2025-07-02', 390, 2], ['2025-07-03', 210, 2], ['2025-07-03', 210, 2]]);
    const rows = r.run.kernel.state.sessions;
    expect(rows.map((s) => [s.date, s.prefetch, s.timedOut, s.bars])).toEqual([['2025-07-02', 'complete', true, 780], ['2025-07-03', 'complete', false, 420]]);
    expect(r.run.kernel.state.quality.map((q) => q.reason)).toEqual(['', '', '', '']);
  });

  it('latency equal to the timeout: the data is there when the wait ends, no timeout', () => {
    const r = runScenario({ dates: ['2025-07-02'], symbols: ['AAA'], start: '2025-07-02', end: '2025-07-02', config: { prefetch: { latency_ms: 30_000, timeout_seconds: 30 } } });
    expect(r.of('PrefetchTimeout')).toEqual([]);
    expect(r.of('PrefetchComplete').map((e) => iso(e.time))).toEqual(['2025-07-02T13:30:30Z']);
    expect(r.of('BarArrived')).toHaveLength(390);
  });

  it('data visible only after the close: nothing delivered in session, the quality and the session row say why', () => {
    const r = runScenario({ dates: DAYS, symbols: ['AAA'], start: '2025-07-02', end: '2025-07-03', config: { prefetch: { latency_ms: 7 * 3_600_000, timeout_seconds: 30 } } });
    expect(r.of('PrefetchTimeout').map((e) => [e.date, iso(e.time)])).toEqual([['2025-07-02', '2025-07-02T13:30:30Z']]);
    expect(r.of('PrefetchComplete')).toEqual([]);
    expect(r.of('PrefetchFailed')).toEqual([]);
    expect(r.of('BarArrived')).toEqual([]);
    // The quality and the gaps still come at each close, before MarketClose.
    expect(r.of('QualityReport').map((q) => [q.date, iso(q.time), q.received, q.missing])).toEqual([['2025-07-02', '2025-07-02T20:00:00Z', 0, 390], ['2025-07-03', '2025-07-03T17:00:00Z', 0, 210]]);
    expect(r.of('GapDetected').map((g) => g.missing)).toEqual([390, 210]);
    const s = r.run.kernel.state;
    expect(s.quality.map((q) => q.reason)).toEqual(['data_after_close', 'data_after_close']);
    expect(s.sessions.map((x) => [x.date, x.prefetch, x.bars])).toEqual([['2025-07-02', 'after-close', 0], ['2025-07-03', 'after-close', 0]]);
    expect(s.endReason).toBe('end-date');
  });

  it('a latency that fits a full day but not an early close: the early-close day alone gets nothing', () => {
    const r = runScenario({ dates: DAYS, symbols: ['AAA'], start: '2025-07-02', end: '2025-07-03', config: { prefetch: { latency_ms: 4 * 3_600_000, timeout_seconds: 30 } } });
    const s = r.run.kernel.state;
    expect(s.sessions.map((x) => [x.date, x.prefetch, x.bars, x.late])).toEqual([['2025-07-02', 'complete', 390, 239], ['2025-07-03', 'after-close', 0, 0]]);
    expect(s.quality.map((q) => [q.date, q.reason])).toEqual([['2025-07-02', ''], ['2025-07-03', 'data_after_close']]);
  });

  it('data visible exactly at the close is delivered at the close (late), before the quality and MarketClose', () => {
    const r = runScenario({ dates: ['2025-07-03'], symbols: ['AAA'], start: '2025-07-03', end: '2025-07-03', config: { prefetch: { latency_ms: 3.5 * 3_600_000, timeout_seconds: 30 } } });
    const close = at('2025-07-03T17:00:00Z');
    expect(r.of('PrefetchComplete').map((e) => e.time)).toEqual([close]);
    const bars = r.of('BarArrived');
    expect(bars).toHaveLength(210);
    expect(bars.every((b) => b.time === close)).toBe(true);
    // Arrival at the ready instant is not late (the 12:59 bar arrives at 13:00 = ready).
    expect(bars.filter((b) => !b.late).map((b) => iso(b.start))).toEqual(['2025-07-03T16:59:00Z']);
    const types = r.events.filter((e) => e.time === close).map((e) => e.type);
    expect(types.lastIndexOf('BarArrived')).toBeLessThan(types.indexOf('QualityReport'));
    expect(r.of('QualityReport')[0]!.received).toBe(210);
  });

  it('a wait that would end after the close gives up at the close', () => {
    const r = runScenario({ dates: ['2025-07-02'], symbols: ['AAA'], start: '2025-07-02T15:59:50', end: '2025-07-02', config: { prefetch: { latency_ms: 60_000, timeout_seconds: 30 } } });
    expect(r.of('PrefetchTimeout').map((e) => [iso(e.time), e.timeoutMs])).toEqual([['2025-07-02T20:00:00Z', 10_000]]);
    expect(r.of('BarArrived')).toEqual([]);
    expect(r.run.kernel.state.quality.map((q) => q.reason)).toEqual(['data_after_close']);
  });

  it("the README's sweep (latency 0 .. 120 s, timeout 30 s): no session is left without bars", () => {
    for (let latency = 0; latency <= 120_000; latency += 30_000) {
      const r = simulate(demoConfig({ symbols: ['SPY'], prefetch: { latency_ms: latency } }));
      const rows = r.sessions.toArray();
      expect(rows.length, `latency ${latency}`).toBe(6);
      expect(rows.filter((s) => s.bars === 0).map((s) => s.date), `latency ${latency}`).toEqual([]);
      expect(r.warnings.some((w) => w.includes('timed out')), `latency ${latency}`).toBe(latency > 30_000);
    }
  });
});
