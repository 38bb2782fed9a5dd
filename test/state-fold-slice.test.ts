import { describe, expect, it } from 'vitest';
import { ev, type SimEvent } from '../src/events/index.js';
import { evolve, foldSlice, initialState, snapshot, type SessionState } from '../src/state/index.js';
import { OhlcvCells } from '../src/state/ohlcv.js';

/** A state inside a session, so that per-session counters (gaps, timed out) have a row. */
function inSession(): SessionState {
  let s = initialState();
  s = evolve(s, { ...ev.backtestStarted(0, '2025-03-03', '2025-03-04'), seq: 0 } as SimEvent);
  s = evolve(s, { ...ev.sessionActivated(10, { date: '2025-03-03', open: 100, close: 200, earlyClose: false } as never), seq: 1 } as SimEvent);
  return s;
}

/** Events i of a slice of `type`, each built from its index and seq. */
function sliceOf(type: string, times: number[], build: (i: number, seq: number) => SimEvent) {
  return { type, time: Float64Array.from(times), symbols: ['AAA'], sym: new Int32Array(times.length), from: Float64Array.from(times), to: Float64Array.from(times), date: '2025-03-03', length: times.length, materialize: build };
}

function byEvents(s: SessionState, build: (i: number, seq: number) => SimEvent, from: number, to: number, base: number): SessionState {
  for (let i = from; i < to; i++) s = evolve(s, build(i, base + i));
  return s;
}

describe('foldSlice', () => {
  it('folds a run of gap elements from its columns as their events would: count, last seq, last time', () => {
    const times = [1000, 2000, 3000, 4000];
    const gap = (i: number, seq: number) => ({ ...ev.gapDetected(times[i]!, { date: '2025-03-03', symbol: 'AAA', from: times[i]!, to: times[i]!, missing: 1 }), seq }) as SimEvent;
    const folded = foldSlice(inSession(), sliceOf('GapDetected', times, gap), 1, 3, 10);
    const expected = byEvents(inSession(), gap, 1, 3, 10);
    expect(snapshot(folded)).toEqual(snapshot(expected));
    expect([folded.totalGaps, folded.lastSeq, folded.now, folded.sessions.at(-1)!.gaps]).toEqual([2, 12, 3000, 2]);
  });

  it('folds a lazy slice of any other type event by event, with seqs base + i', () => {
    const times = [1000, 2000, 3000];
    const timeout = (i: number, seq: number) => ({ ...ev.prefetchTimeout(times[i]!, '2025-03-03', 500 + i), seq }) as SimEvent;
    const folded = foldSlice(inSession(), sliceOf('PrefetchTimeout', times, timeout), 0, 2, 20);
    expect(snapshot(folded)).toEqual(snapshot(byEvents(inSession(), timeout, 0, 2, 20)));
    expect([folded.lastSeq, folded.now, folded.prefetchReason, folded.sessions.at(-1)!.timedOut]).toEqual([21, 2000, 'no data within 501 ms', true]);
  });
});

describe('OhlcvCells.addCell', () => {
  it('adds nothing from an empty cell and says it was not the first', () => {
    const a = new OhlcvCells(2), b = new OhlcvCells(2);
    expect(a.addCell(0, b, 1)).toBe(false);
    expect(a.count[0]).toBe(0);
    b.add(1, 5, 6, 4, 5.5, 10);
    expect(a.addCell(0, b, 1)).toBe(true);
    expect([a.count[0], a.open[0], a.volume[0]]).toEqual([1, 5, 10]);
  });
});

describe('why a day has no data', () => {
  const at = (e: object, seq: number) => ({ ...e, seq }) as SimEvent;
  it('a prefetch still waiting at the close: the quality says data_after_close and the row says why', () => {
    let s = inSession();
    s = evolve(s, at(ev.prefetchRequested(20, '2025-03-03', 0), 2));
    s = evolve(s, at(ev.qualityReport(190, { date: '2025-03-03', symbol: 'AAA', expected: 1, received: 0 } as never), 3));
    expect(s.quality.at(-1)!.reason).toBe('data_after_close');
    s = evolve(s, at(ev.marketClose(200, '2025-03-03'), 4));
    expect([s.prefetch, s.prefetchReason]).toEqual(['after-close', 'the data became visible only after the close']);
  });
  it('a failed prefetch: prefetch_failed', () => {
    let s = inSession();
    s = evolve(s, at(ev.prefetchRequested(20, '2025-03-03', 0), 2));
    s = evolve(s, at({ type: 'PrefetchFailed', time: 30, date: '2025-03-03', code: 'DATA_CORRUPT', reason: 'x' }, 3));
    s = evolve(s, at(ev.qualityReport(190, { date: '2025-03-03', symbol: 'AAA', expected: 1, received: 0 } as never), 4));
    expect(s.quality.at(-1)!.reason).toBe('prefetch_failed');
  });
});
