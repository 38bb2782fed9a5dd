import { describe, expect, it } from 'vitest';
import { Kernel, NoLog, type LazySlice } from '../src/kernel/index.js';

/** A drain never goes past `maxEvents`, counting the events handled before it in the same run. */

interface E { readonly type: string; readonly time: number; readonly seq: number }

/** n events of type Tick at times 1..n, as columns. */
function ticks(n: number): LazySlice<E> {
  return { lazy: true, type: 'Tick', length: n, timeAt: (i) => i + 1, materialize: (i, seq) => ({ type: 'Tick', time: i + 1, seq }) };
}

function kernel(): Kernel<number, E> {
  const k = new Kernel<number, E>({
    initialState: 0,
    evolve: (s) => s + 1,
    // Folded from columns: one per element.
    foldLazy: (s, _slice, from, to) => s + (to - from),
    handlers: { Start: () => [ticks(20)] },
    rank: (t) => (t === 'Start' ? 0 : 1),
    sinks: [new NoLog<E>()],
    startTime: 0,
  });
  k.schedule({ type: 'Start', time: 0 } as Omit<E, 'seq'>);
  return k;
}

describe('maxEvents with a drain after other events', () => {
  it('counts the event before the drain', () => {
    for (const max of [1, 2, 5, 21, 100]) {
      const k = kernel();
      expect(k.run({ maxEvents: max })).toBe(Math.min(max, 21));
      expect([k.handled, k.state]).toEqual([Math.min(max, 21), Math.min(max, 21)]);
    }
  });

  it('goes on where it stopped, in runs of any size', () => {
    const k = kernel();
    let total = 0;
    for (const max of [3, 1, 7, 4, 100]) total += k.run({ maxEvents: max });
    expect([total, k.handled, k.state, k.now]).toEqual([21, 21, 21, 20]);
  });
});
