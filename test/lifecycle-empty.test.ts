import { rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/api/simulation.js';
import { dayFile } from '../src/storage/index.js';
import { makeDataset } from './support/dataset.js';
import { tmpDir } from './support/tmp.js';

const DAYS = ['2025-07-01', '2025-07-02', '2025-07-03'];

function dataset(prepare?: (root: string) => void): string {
  const root = tmpDir();
  makeDataset(root, { dates: DAYS, symbols: ['AAA'] });
  prepare?.(root);
  return root;
}

/** Nothing silent: a run that delivered nothing says so on its result, and so does one that left days out. */
describe('empty and partly empty runs, in the API', () => {
  it('every day unreadable: empty, with a warning naming each failure', () => {
    const root = dataset((r) => { for (const d of DAYS) writeFileSync(dayFile(r, '1m', d), 'nope'); });
    const r = simulate({ data: root, symbols: ['AAA'], start: DAYS[0]!, end: DAYS[2]! });
    expect(r.empty).toBe(true);
    expect(r.bars).toBe(0);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toBe('the run delivered no bars: all 3 sessions of 2025-07-01..2025-07-03 empty: 2025-07-01, 2025-07-02, 2025-07-03 (prefetch failed: DATA_NOT_ARROW, e.g. interval=1m/date=2025-07-01/bars.arrow: not an Arrow IPC file (no ARROW1 magic))');
    expect(r.sessions.toArray().map((s) => [s.prefetch, s.prefetchReason.slice(0, 14)])).toEqual([['failed', 'DATA_NOT_ARROW'], ['failed', 'DATA_NOT_ARROW'], ['failed', 'DATA_NOT_ARROW']]);
    expect(r.quality.toArray().map((q) => q.reason)).toEqual(['prefetch_failed', 'prefetch_failed', 'prefetch_failed']);
  });

  it('no session in the range: empty, saying the run ran no session', () => {
    const r = simulate({ data: dataset(), symbols: ['AAA'], start: '2025-07-04', end: '2025-07-04' });
    expect([r.empty, r.sessions.length, r.endReason]).toEqual([true, 0, 'end-date']);
    expect(r.warnings[0]).toBe('the run delivered no bars: no session of 2025-07-04..2025-07-04 was run (ended: end-date)');
  });

  it('the data ending before the start: empty, data-exhausted', () => {
    const r = simulate({ data: dataset(), symbols: ['AAA'], start: '2025-07-07', end: '2025-07-08' });
    expect([r.empty, r.endReason]).toEqual([true, 'data-exhausted']);
    expect(r.warnings[0]).toContain('no day file in that range');
  });

  it('a latency beyond every close: empty, the data came after the close', () => {
    const r = simulate({ data: dataset(), symbols: ['AAA'], start: DAYS[0]!, end: DAYS[2]!, prefetch: { latency_ms: 7 * 3_600_000 } });
    expect(r.empty).toBe(true);
    expect(r.warnings[0]).toContain('2025-07-01, 2025-07-02, 2025-07-03 (data visible only after the close');
    expect(r.sessions.toArray().map((s) => s.prefetch)).toEqual(['after-close', 'after-close', 'after-close']);
  });

  it('one day missing of three: not empty, one warning naming it', () => {
    const r = simulate({ data: dataset((root) => rmSync(dayFile(root, '1m', DAYS[1]!))), symbols: ['AAA'], start: DAYS[0]!, end: DAYS[2]! });
    expect(r.empty).toBe(false);
    expect(r.warnings).toEqual(['1 of 3 sessions delivered no bars: 2025-07-02 (prefetch failed: DATA_MISSING_DAY, e.g. interval=1m/date=2025-07-02/bars.arrow: no such day file)']);
  });

  it('a healthy run: no warning', () => {
    const r = simulate({ data: dataset(), symbols: ['AAA'], start: DAYS[0]!, end: DAYS[2]! });
    expect([r.empty, r.warnings]).toEqual([false, []]);
  });

  it('more than five sessions without bars: five named, the rest counted', () => {
    const days = ['2025-07-01', '2025-07-02', '2025-07-03', '2025-07-07', '2025-07-08', '2025-07-09', '2025-07-10'];
    const root = tmpDir();
    makeDataset(root, { dates: days, symbols: ['AAA'] });
    for (const d of days) writeFileSync(dayFile(root, '1m', d), 'x');
    const r = simulate({ data: root, symbols: ['AAA'], start: days[0]!, end: days[6]! });
    expect(r.warnings[0]).toBe('the run delivered no bars: all 7 sessions of 2025-07-01..2025-07-10 empty: 2025-07-01, 2025-07-02, 2025-07-03, 2025-07-07, 2025-07-08 (prefetch failed: DATA_NOT_ARROW, e.g. interval=1m/date=2025-07-01/bars.arrow: not an Arrow IPC file (no ARROW1 magic)); and 2 more');
  });
});
