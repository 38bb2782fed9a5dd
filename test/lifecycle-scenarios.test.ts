import { describe, expect, it } from 'vitest';
import { runScenario, iso } from './support/lifecycle.js';

const SYMS = ['AAA', 'BBB'];
const at = (s: string) => Date.parse(s);

describe('a day, event by event (DESIGN.md section 5)', () => {
  it('start before the open: activation at 09:30, bars from 09:31, derived bars, quality, close, end', () => {
    const r = runScenario({ dates: ['2025-07-02'], symbols: SYMS, start: '2025-07-02', end: '2025-07-02' });
    expect(r.outline).toEqual([
      'BacktestStarted@2025-07-02T04:00:00Z',
      'SessionActivated@2025-07-02T13:30:00Z',
      'PrefetchRequested@2025-07-02T13:30:00Z',
      'PrefetchComplete@2025-07-02T13:30:00Z',
      'MarketClose@2025-07-02T20:00:00Z',
      'SessionDeactivated@2025-07-02T20:00:00Z',
      'BacktestEnded@2025-07-02T20:00:00Z',
    ]);
    const bars = r.of('BarArrived');
    expect(bars).toHaveLength(780);
    expect(iso(bars[0]!.time)).toBe('2025-07-02T13:31:00Z');
    expect(bars.slice(0, 2).map((b) => b.symbol)).toEqual(['AAA', 'BBB']);
    expect(iso(bars[bars.length - 1]!.time)).toBe('2025-07-02T20:00:00Z');
    const d5 = r.of('DerivedBarCompleted').filter((d) => d.minutes === 5);
    expect(d5).toHaveLength(78 * 2);
    expect(iso(d5[0]!.time)).toBe('2025-07-02T13:35:00Z');
    expect(r.of('DerivedBarCompleted').filter((d) => d.minutes === 15)).toHaveLength(26 * 2);
    expect(r.of('QualityReport').map((q) => [q.symbol, q.expected, q.received, q.missing, q.pct])).toEqual([['AAA', 390, 390, 0, 100], ['BBB', 390, 390, 0, 100]]);
    // The quality comes at the close, before MarketClose; the last bars of 16:00 before both.
    const types = r.events.filter((e) => e.time === at('2025-07-02T20:00:00Z')).map((e) => e.type);
    expect(types.indexOf('BarArrived')).toBeLessThan(types.indexOf('QualityReport'));
    expect(types.lastIndexOf('QualityReport')).toBeLessThan(types.indexOf('MarketClose'));
    expect(r.run.kernel.state.endReason).toBe('end-date');
  });

  it('mid-session start at 12:45: the morning is history, live bars resume from 12:46', () => {
    const r = runScenario({ dates: ['2025-07-02'], symbols: SYMS, start: '2025-07-02T12:45', end: '2025-07-02' });
    const act = r.of('SessionActivated')[0]!;
    expect(act.midSession).toBe(true);
    expect(iso(act.time)).toBe('2025-07-02T16:45:00Z');
    expect(r.of('PrefetchRequested')[0]!.historyUntil).toBe(at('2025-07-02T16:45:00Z'));
    const bars = r.of('BarArrived');
    const history = bars.filter((b) => b.history);
    expect(history).toHaveLength(195 * 2); // 09:30 .. 12:44
    expect(history.every((b) => b.time === at('2025-07-02T16:45:00Z') && b.start < at('2025-07-02T16:45:00Z'))).toBe(true);
    const live = bars.filter((b) => !b.history);
    expect(iso(live[0]!.time)).toBe('2025-07-02T16:46:00Z');
    expect(iso(live[0]!.start)).toBe('2025-07-02T16:45:00Z');
    expect(live.some((b) => b.late)).toBe(false);
    expect(r.run.kernel.state.bars.get('AAA')!.count).toBe(390);
  });

  it.each([
    ['a holiday', '2025-07-04'],
    ['a weekend', '2025-07-05'],
    ['after the close', '2025-07-03T14:00'],
  ])('start on %s: the run begins at the next session\'s open', (_what, start) => {
    const r = runScenario({ dates: ['2025-07-03', '2025-07-07'], symbols: ['AAA'], start, end: '2025-07-07' });
    expect(r.of('SessionActivated').map((e) => [e.date, iso(e.time), e.midSession])).toEqual([['2025-07-07', '2025-07-07T13:30:00Z', false]]);
  });

  it('a week that crosses a holiday: every session once, the holiday and the weekend skipped', () => {
    const dates = ['2025-07-01', '2025-07-02', '2025-07-03', '2025-07-07', '2025-07-08'];
    const r = runScenario({ dates, symbols: ['AAA'], start: '2025-07-01', end: '2025-07-08' });
    expect(r.of('SessionActivated').map((e) => e.date)).toEqual(dates);
    expect(r.of('SessionDeactivated').map((e) => e.date)).toEqual(dates);
    expect(r.of('DayAdvance').map((e) => `${e.from}->${e.to}`)).toEqual(['2025-07-01->2025-07-02', '2025-07-02->2025-07-03', '2025-07-03->2025-07-07', '2025-07-07->2025-07-08']);
  });

  it('an early-close day: MarketClose at 13:00, the 13:00 print not delivered but counted', () => {
    const r = runScenario({ dates: ['2025-07-03'], symbols: ['AAA'], start: '2025-07-03', end: '2025-07-03', outside: true });
    expect(r.of('SessionActivated')[0]!.earlyClose).toBe(true);
    expect(iso(r.of('MarketClose')[0]!.time)).toBe('2025-07-03T17:00:00Z');
    const bars = r.of('BarArrived');
    expect(bars).toHaveLength(210);
    expect(bars.every((b) => b.start < at('2025-07-03T17:00:00Z'))).toBe(true);
    expect(iso(bars[bars.length - 1]!.time)).toBe('2025-07-03T17:00:00Z');
    const q = r.of('QualityReport')[0]!;
    expect([q.expected, q.received, q.outOfSession]).toEqual([210, 210, 3]);
    const last15 = r.of('DerivedBarCompleted').filter((d) => d.minutes === 15).pop()!;
    expect([iso(last15.start), iso(last15.end)]).toEqual(['2025-07-03T16:45:00Z', '2025-07-03T17:00:00Z']);
  });

  it('the end date\'s close ends the run even when more data follows', () => {
    const r = runScenario({ dates: ['2025-07-01', '2025-07-02', '2025-07-03'], symbols: ['AAA'], start: '2025-07-01', end: '2025-07-02' });
    const last = r.events[r.events.length - 1]!;
    expect([last.type, iso(last.time)]).toEqual(['BacktestEnded', '2025-07-02T20:00:00Z']);
    expect(r.of('DayAdvance')).toHaveLength(1);
    expect(r.run.kernel.peek()).toBe(Infinity);
  });

  it('the data running out ends the run', () => {
    const r = runScenario({ dates: ['2025-07-01', '2025-07-02'], symbols: ['AAA'], start: '2025-07-01', end: '2025-07-31' });
    expect(r.run.kernel.state.endReason).toBe('data-exhausted');
    expect(iso(r.events[r.events.length - 1]!.time)).toBe('2025-07-02T20:00:00Z');
  });

  it('prefetch latency larger than the first bar\'s arrival: early bars come late, in order, at PrefetchComplete', () => {
    const r = runScenario({ dates: ['2025-07-02'], symbols: SYMS, start: '2025-07-02', end: '2025-07-02', config: { prefetch: { latency_ms: 150_000, timeout_seconds: 300 } } });
    const done = r.of('PrefetchComplete')[0]!;
    expect(iso(done.time)).toBe('2025-07-02T13:32:30Z');
    const bars = r.of('BarArrived');
    const late = bars.filter((b) => b.late);
    expect(late.map((b) => `${b.symbol}@${iso(b.start)}`)).toEqual(['AAA@2025-07-02T13:30:00Z', 'BBB@2025-07-02T13:30:00Z', 'AAA@2025-07-02T13:31:00Z', 'BBB@2025-07-02T13:31:00Z']);
    expect(late.every((b) => b.time === done.time)).toBe(true);
    expect(iso(bars[4]!.time)).toBe('2025-07-02T13:33:00Z');
    expect(r.of('QualityReport').map((q) => q.late)).toEqual([2, 2]);
  });

  it('prefetch timeout: a warning on the first day only; the data still comes, earlier bars late', () => {
    const r = runScenario({ dates: ['2025-07-02', '2025-07-03'], symbols: ['AAA'], start: '2025-07-02', end: '2025-07-03', config: { prefetch: { latency_ms: 75_000, timeout_seconds: 30 } } });
    expect(r.of('PrefetchTimeout').map((e) => [e.date, iso(e.time), e.timeoutMs])).toEqual([['2025-07-02', '2025-07-02T13:30:30Z', 30_000]]);
    expect(r.of('PrefetchComplete').map((e) => iso(e.time))).toEqual(['2025-07-02T13:31:15Z', '2025-07-03T13:31:15Z']);
    expect(r.of('BarArrived')).toHaveLength(390 + 210);
    expect(r.of('QualityReport').map((q) => [q.received, q.missing, q.late])).toEqual([[390, 0, 1], [210, 0, 1]]);
    expect(r.of('GapDetected')).toEqual([]);
    expect(r.run.kernel.state.endReason).toBe('end-date');
  });

  it('a missing day file: PrefetchFailed with the reason, and the run goes on', () => {
    const r = runScenario({ dates: ['2025-07-01', '2025-07-02', '2025-07-03'], missing: ['2025-07-02'], symbols: ['AAA'], start: '2025-07-01', end: '2025-07-03' });
    const failed = r.of('PrefetchFailed');
    expect(failed.map((f) => [f.date, f.code])).toEqual([['2025-07-02', 'DATA_MISSING_DAY']]);
    expect(failed[0]!.reason).toContain('date=2025-07-02');
    expect(r.of('SessionActivated').map((e) => e.date)).toEqual(['2025-07-01', '2025-07-02', '2025-07-03']);
    expect(r.of('QualityReport').map((q) => q.received)).toEqual([390, 0, 210]);
  });

  it('upkeep disabled: no derived bars, gaps or quality', () => {
    const r = runScenario({ dates: ['2025-07-02'], symbols: SYMS, start: '2025-07-02', end: '2025-07-02', skip: (_s, ts) => ts % 7 === 0, config: { data_upkeep: { enabled: false } } });
    expect(r.of('BarArrived').length).toBeGreaterThan(0);
    expect(r.events.filter((e) => ['DerivedBarCompleted', 'GapDetected', 'QualityReport'].includes(e.type))).toEqual([]);
  });

  it('a daylight-saving weekend: 09:30 local is 14:30Z on Friday and 13:30Z on Monday', () => {
    const r = runScenario({ dates: ['2025-03-07', '2025-03-10'], symbols: ['AAA'], start: '2025-03-07', end: '2025-03-10' });
    expect(r.of('SessionActivated').map((e) => iso(e.time))).toEqual(['2025-03-07T14:30:00Z', '2025-03-10T13:30:00Z']);
    expect(r.of('MarketClose').map((e) => iso(e.time))).toEqual(['2025-03-07T21:00:00Z', '2025-03-10T20:00:00Z']);
    const monday = r.of('BarArrived').filter((b) => b.time >= at('2025-03-10T00:00:00Z'));
    expect(iso(monday[0]!.time)).toBe('2025-03-10T13:31:00Z');
    expect(monday).toHaveLength(390);
  });

  it('1-second bars: arrival one second after the start, derived minute windows from seconds', () => {
    const r = runScenario({ dates: ['2025-07-03'], symbols: ['AAA'], interval: '1s', start: '2025-07-03', end: '2025-07-03', skip: (_s, ts) => ts % 17_000 === 0 });
    const bars = r.of('BarArrived');
    expect(iso(bars[0]!.time)).toBe('2025-07-03T13:30:01Z');
    const q = r.of('QualityReport')[0]!;
    expect(q.expected).toBe(210 * 60);
    expect(q.received).toBe(bars.length);
    expect(q.received + q.missing).toBe(q.expected);
    const d5 = r.of('DerivedBarCompleted').filter((d) => d.minutes === 5);
    expect(d5).toHaveLength(42);
    expect(d5.reduce((n, d) => n + d.count, 0)).toBe(bars.length);
    expect(r.of('GapDetected').every((g) => g.to - g.from === (g.missing - 1) * 1000)).toBe(true);
  });
});
