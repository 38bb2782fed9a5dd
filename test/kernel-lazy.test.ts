import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashOnlyLog, Kernel, type DraftOf, type HandlerTable, type LazySlice } from '../src/kernel/index.js';
import { ev, rankOf, type SimEvent } from '../src/events/index.js';

// Lazy slices through every way of running the kernel: the columnar drain (run), step by step
// (objects), in pieces (until, maxEvents), and watched (observe). All must handle the same events
// in the same (time, rank, seq) order, fold the same state and give the same log hash.

type Key = [number, number, number];
interface KeyState { keys: Key[] }

/** Gaps at nondecreasing times, as a lazy slice without a columnar hash writer. */
class GapRun implements LazySlice<SimEvent> {
  readonly lazy = true;
  readonly type = 'GapDetected';
  constructor(private readonly times: readonly number[]) {}
  get length(): number { return this.times.length; }
  timeAt(i: number): number { return this.times[i]!; }
  materialize(i: number, seq: number): SimEvent {
    return { ...ev.gapDetected(this.times[i]!, { date: 'd', symbol: `S${i % 3}`, from: i, to: i, missing: 1 }), seq } as SimEvent;
  }
}

const controlArb: fc.Arbitrary<DraftOf<SimEvent>> = fc
  .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 }))
  .map(([time, kind, n]): DraftOf<SimEvent> => {
    switch (kind) {
      case 0: return ev.marketClose(time, `d${n}`);
      case 1: return ev.dayAdvance(time, `d${n}`, `e${n}`);
      case 2: return ev.prefetchComplete(time, `d${n}`, n);
      default: return ev.sessionDeactivated(time, `d${n}`);
    }
  });

/** A DayAdvance spawns a run of gaps from its instant on; a PrefetchComplete spawns control events. */
function handlers(steps: readonly number[]): HandlerTable<KeyState, SimEvent> {
  return {
    DayAdvance: (_s, e) => {
      let t = e.time + 1; // after the DayAdvance: a gap ranks before it at one instant
      return [new GapRun(steps.map((d) => (t += d)))];
    },
    PrefetchComplete: (_s, e) => Array.from({ length: e.rows }, (_, i) => ev.marketClose(e.time + i, `x${e.seq}`)),
  };
}

function build(drafts: readonly DraftOf<SimEvent>[], steps: readonly number[]) {
  const log = new HashOnlyLog<SimEvent>();
  const k = new Kernel<KeyState, SimEvent>({
    initialState: { keys: [] },
    evolve: (s, e) => { s.keys.push([e.time, rankOf(e.type), e.seq]); return s; },
    foldLazy: (s, slice, from, to, base) => {
      for (let i = from; i < to; i++) s.keys.push([slice.timeAt(i), rankOf(slice.type as SimEvent['type']), base + i]);
      return s;
    },
    handlers: handlers(steps),
    rank: rankOf,
    sinks: [log],
  });
  for (const d of drafts) k.schedule(d);
  return { k, log };
}

const caseArb = fc.record({
  drafts: fc.array(controlArb, { maxLength: 25 }),
  steps: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }),
  cut: fc.integer({ min: -1, max: 60 }),
  chunk: fc.integer({ min: 1, max: 7 }),
});

const byKey = (a: Key, b: Key) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

describe('kernel: lazy slices however the kernel is run', () => {
  it('drain, step, until, maxEvents and observe handle the same events in order, with the same state and hash', () => {
    fc.assert(
      fc.property(caseArb, ({ drafts, steps, cut, chunk }) => {
        const ref = build(drafts, steps);
        const stepped: SimEvent[] = [];
        for (let e = ref.k.step(); e !== undefined; e = ref.k.step()) stepped.push(e);
        const keys = ref.k.state.keys;
        expect(keys).toEqual([...keys].sort(byKey));

        const drained = build(drafts, steps);
        drained.k.run();
        expect(drained.k.state.keys).toEqual(keys);
        expect(drained.log.hash()).toBe(ref.log.hash());

        const pieces = build(drafts, steps);
        pieces.k.run({ until: cut });
        expect(pieces.k.state.keys).toEqual(keys.filter((x) => x[0] <= cut));
        while (pieces.k.run({ maxEvents: chunk }) > 0);
        expect(pieces.k.state.keys).toEqual(keys);
        expect(pieces.log.hash()).toBe(ref.log.hash());

        const watched = build(drafts, steps);
        const seen: SimEvent[] = [];
        watched.k.run({ observe: { wants: (t) => t === 'GapDetected', notify: (e) => { expect(watched.k.state.keys.at(-1)![2]).toBe(e.seq); seen.push(e); } } });
        expect(seen).toEqual(stepped.filter((e) => e.type === 'GapDetected'));
        expect(watched.k.state.keys).toEqual(keys);
        expect(watched.log.hash()).toBe(ref.log.hash());
      }),
      { numRuns: 300 },
    );
  });
});
