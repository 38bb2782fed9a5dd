import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Kernel, type DraftOf, type EventSink, type HandlerTable, type LazySlice, type RunOptions } from '../src/kernel/index.js';
import { ev, rankOf, type SimEvent } from '../src/events/index.js';

/**
 * The kernel against a reference written here: every event (lazy elements included) kept as an
 * object in a list, the smallest (time, rank, seq) handled next. However the kernel is run (step by
 * step, run(), until, maxEvents, watched), with or without a columnar fold and with columnar and
 * object sinks, it must handle the same events in the same order, with the same seqs, clock,
 * counts and peeks; fold lazy elements with foldLazy when there is one; build an object of a lazy
 * element only when someone needs it, and hand a columnar sink one range per run of a slice.
 */

type LazyType = 'GapDetected' | 'QualityReport';

/** A lazy slice that refuses any element outside it (a kernel must never ask for one). */
class Strict implements LazySlice<SimEvent> {
  readonly lazy = true;
  materialized = 0;
  constructor(readonly type: LazyType, private readonly times: readonly number[]) {}
  get length(): number { return this.times.length; }
  private check(i: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < this.times.length)) throw new RangeError(`element ${i} of ${this.times.length}`);
  }
  timeAt(i: number): number { this.check(i); return this.times[i]!; }
  materialize(i: number, seq: number): SimEvent { this.check(i); this.materialized++; return { ...draftOf(this.type, this.times[i]!, i), seq } as SimEvent; }
}

function draftOf(type: LazyType, time: number, i: number): DraftOf<SimEvent> {
  return type === 'GapDetected'
    ? ev.gapDetected(time, { date: 'd', symbol: `S${i}`, from: i, to: i, missing: 1 })
    : ev.qualityReport(time, { date: 'd', symbol: `S${i}`, expected: 1, received: i, missing: 0, duplicates: 0, outOfSession: 0, late: 0, pct: 100 });
}

const keyOf = (e: { type: string; time: number; seq: number }): string => `${e.type}@${e.time}#${e.seq}`;

/** What a DayAdvance emits (plan `to`): drafts at now + dt, lazy slices at now + offsets. */
type Item = { lazy: false; type: 'GapDetected' | 'QualityReport' | 'MarketClose' | 'BarArrived' | 'PrefetchComplete'; dt: number } | { lazy: true; type: LazyType; offsets: number[] };

interface Case {
  controls: DraftOf<SimEvent>[];
  plans: Item[][];
}

/** The handlers both the kernel and the reference run; `slices` collects the lazy slices made. */
function handlersFor(c: Case, slices: Strict[]): HandlerTable<unknown, SimEvent> {
  return {
    DayAdvance: (_s, e) => (c.plans[Number(e.to)] ?? []).map((item) => {
      if (!item.lazy) {
        const t = e.time + item.dt;
        switch (item.type) {
          case 'MarketClose': return ev.marketClose(t, 'p');
          // Ranked before the lazy types: queued after a slice, due at one of its instants.
          case 'BarArrived': return ev.barArrived(t, { symbol: 'B', start: t, open: 1, high: 1, low: 1, close: 1, volume: 1, late: false, history: false });
          case 'PrefetchComplete': return ev.prefetchComplete(t, 'p', 1);
          default: return draftOf(item.type, t, 99);
        }
      }
      let t = e.time;
      const s = new Strict(item.type, item.offsets.map((d) => (t += d)));
      slices.push(s);
      return s;
    }),
    // A handler for the quality type: its lazy elements need objects; some emit at their instant.
    QualityReport: (_s, e) => (e.received % 3 === 0 ? [ev.marketClose(e.time, `q${e.seq}`)] : []),
    PrefetchComplete: (_s, e) => Array.from({ length: e.rows }, (_, i) => ev.sessionDeactivated(e.time + i, 'x')),
  };
}

/** The reference: every pending event as an object, the smallest key next. */
function reference(c: Case): { order: string[]; times: number[]; lazyOf: (string | null)[] } {
  const slices: Strict[] = [];
  const handlers = handlersFor(c, slices) as Record<string, ((s: unknown, e: SimEvent) => readonly unknown[]) | undefined>;
  let seq = 0;
  type P = { e: SimEvent; lazy: string | null };
  const pending: P[] = [];
  let sliceNo = 0;
  const add = (items: readonly unknown[]) => {
    for (const x of items) {
      if (x instanceof Strict) {
        const id = `L${sliceNo++}`;
        for (let i = 0; i < x.length; i++) pending.push({ e: { ...draftOf(x.type, x.timeAt(i), i), seq: seq++ } as SimEvent, lazy: id });
      } else pending.push({ e: { ...(x as object), seq: seq++ } as SimEvent, lazy: null });
    }
  };
  add(c.controls);
  const order: string[] = [], times: number[] = [], lazyOf: (string | null)[] = [];
  while (pending.length > 0) {
    let best = 0;
    for (let i = 1; i < pending.length; i++) {
      const a = pending[i]!.e, b = pending[best]!.e;
      if ((a.time - b.time || rankOf(a.type) - rankOf(b.type) || a.seq - b.seq) < 0) best = i;
    }
    const [p] = pending.splice(best, 1);
    order.push(keyOf(p!.e)); times.push(p!.e.time); lazyOf.push(p!.lazy);
    if (p!.e.type === 'BacktestEnded') break;
    const h = handlers[p!.e.type];
    if (h !== undefined) add(h(null, p!.e));
  }
  return { order, times, lazyOf };
}

/** A sink with a columnar path: what it was given, and each range. */
class Columns implements EventSink<SimEvent> {
  keys: string[] = [];
  ranges: string[] = [];
  closed = 0;
  append(e: SimEvent): void { this.keys.push(keyOf(e)); }
  appendLazy(slice: LazySlice<SimEvent>, from: number, to: number, base: number): void {
    expect(from).toBeLessThan(to);
    this.ranges.push(`${base + from}-${base + to}`);
    for (let i = from; i < to; i++) this.keys.push(keyOf({ type: slice.type, time: slice.timeAt(i), seq: base + i }));
  }
  close(): void { this.closed++; }
}

/** A sink that needs objects. */
class Objects implements EventSink<SimEvent> {
  keys: string[] = [];
  append(e: SimEvent): void { this.keys.push(keyOf(e)); }
}

interface Config { fold: boolean; objects: boolean }

function build(c: Case, cfg: Config) {
  const slices: Strict[] = [];
  const columns = new Columns();
  const objects = new Objects();
  const folded: string[] = []; // lazy elements as folded: 'f' by foldLazy, 'e' by evolve
  const k = new Kernel<{ keys: string[] }, SimEvent>({
    initialState: { keys: [] },
    evolve: (s, e) => { s.keys.push(keyOf(e)); folded.push(`e${keyOf(e)}`); return s; },
    ...(cfg.fold ? {
      foldLazy: (s: { keys: string[] }, slice: LazySlice<SimEvent>, from: number, to: number, base: number) => {
        for (let i = from; i < to; i++) { const key = keyOf({ type: slice.type, time: slice.timeAt(i), seq: base + i }); s.keys.push(key); folded.push(`f${key}`); }
        return s;
      },
    } : {}),
    handlers: handlersFor(c, slices),
    rank: rankOf,
    sinks: cfg.objects ? [columns, objects] : [columns],
    isTerminal: (e) => e.type === 'BacktestEnded',
  });
  for (const d of c.controls) k.schedule(d);
  return { k, slices, columns, objects, folded };
}

type Mode = 'step' | 'run' | 'pieces' | 'watchPieces' | 'watchGaps' | 'watchCloses';

/** The ranges a columnar sink gets in one run() of everything, from the reference order. */
function expectedRanges(ref: ReturnType<typeof reference>, seqs: number[], breaks: ReadonlySet<number>, single: (id: string) => boolean): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < ref.order.length) {
    const id = ref.lazyOf[i];
    if (id === null || id === undefined) { i++; continue; }
    let j = i + 1;
    while (j < ref.order.length && ref.lazyOf[j] === id && seqs[j] === seqs[j - 1]! + 1 && !breaks.has(j)) j++;
    // A slice taken from the queue hands its first element alone, then drains the rest at once;
    // one still being worked through when a run() starts drains at once.
    const continued = breaks.has(i) && i > 0 && ref.lazyOf[i - 1] === id;
    if (single(id)) for (let m = i; m < j; m++) out.push(`${seqs[m]}-${seqs[m]! + 1}`);
    else if (continued || j - i === 1) out.push(`${seqs[i]}-${seqs[j - 1]! + 1}`);
    else out.push(`${seqs[i]}-${seqs[i]! + 1}`, `${seqs[i]! + 1}-${seqs[j - 1]! + 1}`);
    i = j;
  }
  return out;
}

function runIn(mode: Mode, c: Case, cfg: Config, cut: number, chunk: number) {
  const ref = reference(c);
  const b = build(c, cfg);
  const { k } = b;
  const n = ref.order.length;
  const seen: string[] = [];
  const breaks = new Set<number>();
  const watch = (wanted: string): RunOptions<SimEvent> => ({
    observe: {
      wants: (t) => t === wanted,
      notify: (e) => {
        // Right after it was handled: clock, count and state are at this event.
        expect(k.now).toBe(e.time);
        expect(k.handled).toBe(ref.order.indexOf(keyOf(e)) + 1);
        expect(k.state.keys.at(-1)).toBe(keyOf(e));
        seen.push(keyOf(e));
      },
    },
  });
  if (mode === 'step') {
    for (let i = 0; i < n; i++) {
      expect(k.peek()).toBe(ref.times[i]);
      const e = k.step();
      expect(e && keyOf(e)).toBe(ref.order[i]);
      expect([k.now, k.handled]).toEqual([ref.times[i], i + 1]);
    }
    expect(k.step()).toBeUndefined();
  } else if (mode === 'pieces' || mode === 'watchPieces') {
    const upTo = ref.times.filter((t) => t <= cut).length;
    const watching = mode === 'watchPieces' ? watch('GapDetected') : {};
    // The reference handles in time order: the events at or before the cut are a prefix.
    expect(mode === 'pieces' ? k.runUntil(cut) : k.run({ until: cut, ...watching })).toBe(upTo);
    expect(k.peek()).toBe(upTo < n ? ref.times[upTo] : Infinity);
    if (upTo > 0) expect(k.now).toBe(ref.times[upTo - 1]);
    let done = upTo;
    breaks.add(upTo);
    while (done < n) {
      const got = k.run({ maxEvents: chunk, ...watching });
      expect(got).toBe(Math.min(chunk, n - done));
      done += got;
      breaks.add(done);
      expect(k.handled).toBe(done);
      expect(k.now).toBe(ref.times[done - 1]);
      expect(k.peek()).toBe(done < n ? ref.times[done] : Infinity);
    }
    expect(k.run({ maxEvents: chunk, ...watching })).toBe(0);
  } else {
    const opts = mode === 'run' ? {} : watch(mode === 'watchGaps' ? 'GapDetected' : 'MarketClose');
    expect(k.run(opts)).toBe(n);
    expect(k.peek()).toBe(Infinity);
  }
  const order = ref.order;
  expect(b.columns.keys).toEqual(order);
  expect(k.state.keys).toEqual(order);
  expect(k.handled).toBe(n);
  if (n > 0) expect(k.now).toBe(ref.times[n - 1]);
  if (cfg.objects) expect(b.objects.keys).toEqual(order);
  const ended = order.at(-1)?.startsWith('BacktestEnded@') === true;
  expect([k.done, b.columns.closed]).toEqual(ended ? [true, 1] : [false, 0]);
  if (mode === 'watchGaps' || mode === 'watchPieces' || mode === 'watchCloses') {
    const type = mode === 'watchCloses' ? 'MarketClose@' : 'GapDetected@';
    expect(seen).toEqual(order.filter((x) => x.startsWith(type)));
  }

  // Lazy elements: folded by foldLazy when there is one (else evolve), built only when needed.
  const lazyKeys = order.filter((_, i) => ref.lazyOf[i] !== null);
  expect(b.folded.filter((x) => lazyKeys.includes(x.slice(1)))).toEqual(lazyKeys.map((x) => `${cfg.fold ? 'f' : 'e'}${x}`));
  const built = b.slices.reduce((m, s) => m + s.materialized, 0);
  const needed = order.filter((x, i) => ref.lazyOf[i] !== null && (mode === 'step' || !cfg.fold || cfg.objects || x.startsWith('QualityReport@') || ((mode === 'watchGaps' || mode === 'watchPieces') && x.startsWith('GapDetected@')))).length;
  expect(built).toBe(needed);

  // One range per run of a slice, unless its elements are needed as objects one by one.
  const seqs = order.map((x) => Number(x.split('#')[1]));
  const single = (id: string): boolean => {
    const first = ref.lazyOf.indexOf(id);
    return mode === 'step' || !cfg.fold || cfg.objects || order[first]!.startsWith('QualityReport@') || ((mode === 'watchGaps' || mode === 'watchPieces') && order[first]!.startsWith('GapDetected@'));
  };
  expect(b.columns.ranges).toEqual(expectedRanges(ref, seqs, breaks, single));
}

const TYPES = ['GapDetected', 'QualityReport', 'MarketClose', 'BarArrived', 'PrefetchComplete'] as const;
const itemArb: fc.Arbitrary<Item> = fc.oneof(
  fc.record({ lazy: fc.constant(false as const), type: fc.constantFrom(...TYPES), dt: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ lazy: fc.constant(true as const), type: fc.constantFrom<LazyType>('GapDetected', 'GapDetected', 'QualityReport'), offsets: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 12 }) }),
);
const controlArb = (plans: number): fc.Arbitrary<DraftOf<SimEvent>> => fc
  .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 9 }), fc.nat())
  .map(([t, kind, x]): DraftOf<SimEvent> => {
    switch (kind) {
      case 0: case 1: case 2: return ev.dayAdvance(t, 'a', String(x % Math.max(plans, 1)));
      case 3: return draftOf('GapDetected', t, x % 5);
      case 4: return draftOf('QualityReport', t, x % 5);
      case 5: return ev.marketClose(t, 'c');
      case 6: return ev.prefetchComplete(t, 'p', x % 3);
      case 7: return ev.sessionDeactivated(t, 's');
      case 8: return x % 4 === 0 ? ev.backtestEnded(t, 'end-date') : ev.marketClose(t, 'c');
      default: return ev.barArrived(t, { symbol: 'B', start: t, open: 1, high: 1, low: 1, close: 1, volume: 1, late: false, history: false });
    }
  });
const caseArb: fc.Arbitrary<Case & { cut: number; chunk: number }> = fc.array(fc.array(itemArb, { maxLength: 5 }), { minLength: 1, maxLength: 4 }).chain((plans) =>
  fc.record({
    plans: fc.constant(plans),
    controls: fc.array(controlArb(plans.length), { maxLength: 14 }),
    cut: fc.integer({ min: -1, max: 30 }),
    chunk: fc.integer({ min: 1, max: 6 }),
  }));

const MODES: readonly Mode[] = ['step', 'run', 'pieces', 'watchPieces', 'watchGaps', 'watchCloses'];
const CONFIGS: readonly Config[] = [{ fold: true, objects: false }, { fold: false, objects: false }, { fold: true, objects: true }];

describe('the kernel against a reference queue of objects', () => {
  it('handles every event in (time, rank, seq) order however it is run, building objects and ranges only as needed', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const cfg of CONFIGS) for (const mode of MODES) runIn(mode, c, cfg, c.cut, c.chunk);
      }),
      { numRuns: 60 },
    );
  });
});
