import { createHash } from 'node:crypto';
import { xxhash128 } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import {
  BinaryHasher, ClockBackwardsError, HashOnlyLog, Kernel, LOG_HASH_ALGORITHM, LogHasher, MemoryLog, NoLog, StreamHash, canonical,
  combineHandlers, encodedString, hashEvents, isLazySlice, schemaFingerprint,
  type DraftOf, type EventSink, type HandlerTable, type KernelOptions, type LazySlice, type RecordWriter,
} from '../src/kernel/index.js';
import { ev, rankOf, type SimEvent } from '../src/events/index.js';

/**
 * The kernel's contract, case by case: what the event loop promises callers, handlers and sinks,
 * and the bytes the log hash is defined over (written out here independently of the encoder).
 */

type Key = string;
interface Seen { keys: Key[] }
const keyOf = (e: SimEvent): Key => `${e.type}@${e.time}#${e.seq}`;

/** Gaps at the given times as a lazy slice; optionally with a columnar hash writer. */
class Gaps implements LazySlice<SimEvent> {
  readonly lazy = true;
  readonly type = 'GapDetected';
  materialized = 0;
  constructor(private readonly times: readonly number[], readonly withWriter = false) {
    if (withWriter) this.writeRecords = (from, to, base, w) => { for (let i = from; i < to; i++) (w as unknown as BinaryHasher).update(this.build(i, base + i)); };
  }
  get length(): number { return this.times.length; }
  timeAt(i: number): number { return this.times[i]!; }
  materialize(i: number, seq: number): SimEvent { this.materialized++; return this.build(i, seq); }
  private build(i: number, seq: number): SimEvent {
    return { ...ev.gapDetected(this.times[i]!, { date: 'd', symbol: `S${i}`, from: i, to: i, missing: 1 }), seq } as SimEvent;
  }
  writeRecords?: (from: number, to: number, base: number, w: RecordWriter) => void;
}

/** A sink that keeps what it was given, objects and lazy ranges alike. */
class Recorder implements EventSink<SimEvent> {
  keys: Key[] = [];
  ranges: [number, number][] = [];
  closed = 0;
  append(e: SimEvent): void { this.keys.push(keyOf(e)); }
  appendLazy(slice: LazySlice<SimEvent>, from: number, to: number, base: number): void {
    this.ranges.push([from, to]);
    for (let i = from; i < to; i++) this.keys.push(`${slice.type}@${slice.timeAt(i)}#${base + i}`);
  }
  close(): void { this.closed++; }
}

function kernel(opts: Partial<KernelOptions<Seen, SimEvent>> & { columns?: boolean } = {}) {
  const rec = new Recorder();
  const k = new Kernel<Seen, SimEvent>({
    initialState: { keys: [] },
    evolve: (s, e) => { s.keys.push(keyOf(e)); return s; },
    ...(opts.columns === false ? {} : {
      foldLazy: (s: Seen, slice: LazySlice<SimEvent>, from: number, to: number, base: number) => {
        for (let i = from; i < to; i++) s.keys.push(`${slice.type}@${slice.timeAt(i)}#${base + i}`);
        return s;
      },
    }),
    handlers: {},
    rank: rankOf,
    sinks: [rec],
    ...opts,
  });
  return { k, rec };
}

const gap = (t: number) => ev.gapDetected(t, { date: 'd', symbol: 'G', from: t, to: t, missing: 1 });
/** A handler table where DayAdvance starts the given lazy slice. */
const startsSlice = (slice: LazySlice<SimEvent>): HandlerTable<Seen, SimEvent> => ({ DayAdvance: () => [slice] });

describe('the kernel clock and queue', () => {
  it('peek gives the earliest of a slice being worked through and an event scheduled before its next element', () => {
    const { k } = kernel({ handlers: startsSlice(new Gaps([1, 10, 20])) });
    k.schedule(ev.dayAdvance(1, 'a', 'b'));
    k.step(); // the DayAdvance
    k.step(); // the first gap, at 1: the slice's next element is at 10
    expect(k.peek()).toBe(10);
    k.schedule(ev.marketClose(5, 'x'));
    expect(k.peek()).toBe(5);
    expect(k.step()?.type).toBe('MarketClose');
    expect(k.peek()).toBe(10);
  });

  it('an event at the current instant is allowed; before it, at NaN or at an infinity it is refused, naming the type and times', () => {
    const { k } = kernel();
    k.schedule(ev.marketClose(5, 'a'));
    k.step();
    expect(k.now).toBe(5);
    expect(k.schedule(ev.marketClose(5, 'b')).seq).toBe(1);
    for (const t of [4, NaN, Infinity, -Infinity]) {
      let err: unknown;
      try { k.schedule(ev.marketClose(t, 'c')); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(ClockBackwardsError);
      expect((err as ClockBackwardsError).code).toBe('CLOCK_BACKWARDS');
      expect((err as ClockBackwardsError).message).toBe(`cannot schedule MarketClose at ${t}: the clock is already at 5`);
      expect((err as ClockBackwardsError).details).toEqual({ now: 5, time: t, type: 'MarketClose' });
    }
    expect(k.nextSeq).toBe(2);
  });

  it('starts its clock where it is told, refusing anything before', () => {
    const { k } = kernel({ startTime: 100 });
    expect(k.now).toBe(100);
    expect(() => k.schedule(ev.marketClose(99, 'a'))).toThrow(ClockBackwardsError);
    expect(kernel().k.now).toBe(-Infinity);
  });

  it('a handler emitting into the past is refused', () => {
    const { k } = kernel({ handlers: { MarketClose: (_s, e) => [ev.sessionDeactivated(e.time - 1, e.date)] } });
    k.schedule(ev.marketClose(10, 'a'));
    expect(() => k.run()).toThrow(ClockBackwardsError);
  });

  it('a handler\'s drafts of one instant and rank are queued together, in their order, each with its seq', () => {
    const q = (t: number) => ev.qualityReport(t, { date: 'd', symbol: 'Q', expected: 1, received: 1, missing: 0, duplicates: 0, outOfSession: 0, late: 0, pct: 100 });
    // Runs: [gap 3, quality 3] (rank 6 both), [close 3], [gap 4], [gap 3], a lazy slice, [gap 3, gap 3].
    const { k, rec } = kernel({ handlers: { DayAdvance: () => [gap(3), q(3), ev.marketClose(3, 'x'), gap(4), gap(3), new Gaps([3]), gap(3), gap(3)] } });
    k.schedule(ev.dayAdvance(2, 'a', 'b'));
    k.schedule(gap(3)); // seq 1: before everything the handler emits at rank 6
    k.run();
    expect(rec.keys).toEqual([
      'DayAdvance@2#0', 'GapDetected@3#1', 'GapDetected@3#2', 'QualityReport@3#3', 'GapDetected@3#6', 'GapDetected@3#7',
      'GapDetected@3#8', 'GapDetected@3#9', 'MarketClose@3#4', 'GapDetected@4#5',
    ]);
    expect(k.nextSeq).toBe(10);
  });

  it('a lazy slice starting before now is refused, naming the time of its first element', () => {
    const { k } = kernel({ handlers: { MarketClose: () => [new Gaps([4, 9])] } });
    k.schedule(ev.marketClose(5, 'a'));
    expect(() => k.run()).toThrow('cannot schedule GapDetected at 4: the clock is already at 5');
  });

  it('runs without sinks', () => {
    const k = new Kernel<Seen, SimEvent>({ initialState: { keys: [] }, evolve: (s, e) => { s.keys.push(keyOf(e)); return s; }, handlers: startsSlice(new Gaps([2, 3])), rank: rankOf, foldLazy: (s) => s });
    k.schedule(ev.dayAdvance(1, 'a', 'b'));
    k.schedule(ev.marketClose(2, 'x'));
    expect(k.run()).toBe(4);
    expect(k.state.keys).toEqual(['DayAdvance@1#0', 'MarketClose@2#1']);
  });

  it('a lazy slice is one, even with a time of its own, and is never taken into a run of drafts', () => {
    // A slice of one instant may well say which: `time`, like a draft's.
    const slice = Object.assign(new Gaps([3, 3]), { time: 3 });
    const { k, rec } = kernel({ handlers: { DayAdvance: () => [gap(3), slice, gap(3)] } });
    k.schedule(ev.dayAdvance(2, 'a', 'b'));
    k.run();
    expect(rec.keys).toEqual(['DayAdvance@2#0', 'GapDetected@3#1', 'GapDetected@3#2', 'GapDetected@3#3', 'GapDetected@3#4']);
    expect(rec.ranges).toEqual([[0, 1], [1, 2]]);
  });

  it('counts every event it handled, whichever way it handled it', () => {
    const { k, rec } = kernel({ handlers: startsSlice(new Gaps([2, 3, 4, 5])) });
    k.schedule(ev.dayAdvance(1, 'a', 'b'));
    k.schedule(ev.marketClose(4, 'x'));
    expect(k.run()).toBe(6);
    expect(k.handled).toBe(6);
    expect(rec.keys).toEqual(['DayAdvance@1#0', 'GapDetected@2#2', 'GapDetected@3#3', 'GapDetected@4#4', 'MarketClose@4#1', 'GapDetected@5#5']);
    expect(k.state.keys).toEqual(rec.keys);
    expect(k.now).toBe(5);
  });

  it('never hands a sink an empty run of a slice', () => {
    const { k, rec } = kernel({ handlers: startsSlice(new Gaps([2, 2, 3, 3, 9])) });
    k.schedule(ev.dayAdvance(1, 'a', 'b'));
    k.schedule(ev.marketClose(2, 'x'));
    k.schedule(ev.sessionDeactivated(3, 'x'));
    k.schedule(gap(3));
    k.run();
    expect(rec.ranges.length).toBeGreaterThan(0);
    expect(rec.ranges.filter(([from, to]) => !(from < to))).toEqual([]);
  });

  it('orders a slice against events of its own rank at one instant by seq', () => {
    const slice = new Gaps([5, 5, 5]);
    const { k, rec } = kernel({ handlers: { DayAdvance: () => [gap(5), slice, gap(5)] } });
    k.schedule(gap(5)); // seq 0: before the slice's elements
    k.schedule(ev.dayAdvance(4, 'a', 'b')); // seq 1
    k.run();
    expect(rec.keys).toEqual(['DayAdvance@4#1', 'GapDetected@5#0', 'GapDetected@5#2', 'GapDetected@5#3', 'GapDetected@5#4', 'GapDetected@5#5', 'GapDetected@5#6']);
  });

  it('an event of a lower rank queued after a slice goes before its elements at that instant', () => {
    const bar = ev.barArrived(5, { symbol: 'B', start: 4, open: 1, high: 1, low: 1, close: 1, volume: 1, late: false, history: false });
    const { k, rec } = kernel({ handlers: { DayAdvance: () => [new Gaps([3, 5, 5]), bar] } });
    k.schedule(ev.dayAdvance(3, 'a', 'b'));
    k.run();
    expect(rec.keys).toEqual(['DayAdvance@3#0', 'GapDetected@3#1', 'BarArrived@5#4', 'GapDetected@5#2', 'GapDetected@5#3']);
  });

  it('stops a columnar run at `until` and at maxEvents, mid-slice', () => {
    const { k, rec } = kernel({ handlers: startsSlice(new Gaps([2, 3, 4, 5, 6])) });
    k.schedule(ev.dayAdvance(1, 'a', 'b'));
    k.step();
    expect(k.run({ until: 3 })).toBe(2);
    expect(k.now).toBe(3);
    expect(k.run({ maxEvents: 2 })).toBe(2);
    expect(k.now).toBe(5);
    expect(k.peek()).toBe(6);
    expect(k.runUntil(100)).toBe(1);
    expect(rec.keys.length).toBe(6);
  });
});

describe('who gets event objects', () => {
  const run = (opts: Partial<KernelOptions<Seen, SimEvent>> & { columns?: boolean }, slice = new Gaps([2, 3, 4])) => {
    const { k, rec } = kernel({ handlers: startsSlice(slice), ...opts });
    k.schedule(ev.dayAdvance(1, 'a', 'b'));
    k.run();
    return { k, rec, slice };
  };

  it('nobody, when nothing needs them: the slice is folded and logged from its columns', () => {
    const { k, slice } = run({});
    expect(slice.materialized).toBe(0);
    expect(k.state.keys).toEqual(['DayAdvance@1#0', 'GapDetected@2#1', 'GapDetected@3#2', 'GapDetected@4#3']);
  });

  it('a handler of the slice type gets each element, with its seq', () => {
    const got: string[] = [];
    const { slice } = run({ handlers: { ...startsSlice(new Gaps([2, 3, 4])), GapDetected: (_s, e) => { got.push(keyOf(e)); return []; } } });
    expect(slice.materialized).toBe(0);
    expect(got).toEqual(['GapDetected@2#1', 'GapDetected@3#2', 'GapDetected@4#3']);
  });

  it('evolve, when there is no columnar fold', () => {
    const { k, slice } = run({ columns: false });
    expect(slice.materialized).toBe(3);
    expect(k.state.keys).toEqual(['DayAdvance@1#0', 'GapDetected@2#1', 'GapDetected@3#2', 'GapDetected@4#3']);
  });

  it('a sink without a columnar path', () => {
    const log = new MemoryLog<SimEvent>();
    const rec = new Recorder();
    const { slice } = run({ sinks: [log, rec] });
    expect(slice.materialized).toBe(3);
    expect(log.events().map(keyOf)).toEqual(['DayAdvance@1#0', 'GapDetected@2#1', 'GapDetected@3#2', 'GapDetected@4#3']);
    expect(rec.keys).toEqual(log.events().map(keyOf));
  });

  it('step() returns every event as an object', () => {
    const { k } = kernel({ handlers: startsSlice(new Gaps([2, 3])) });
    k.schedule(ev.dayAdvance(1, 'a', 'b'));
    const stepped: string[] = [];
    for (let e = k.step(); e !== undefined; e = k.step()) stepped.push(keyOf(e));
    expect(stepped).toEqual(['DayAdvance@1#0', 'GapDetected@2#1', 'GapDetected@3#2']);
  });

  it('a watcher gets the types it wants, lazy or not, after each was handled', () => {
    const { k } = kernel({ handlers: startsSlice(new Gaps([2, 3])) });
    k.schedule(ev.dayAdvance(1, 'a', 'b'));
    k.schedule(ev.marketClose(3, 'x'));
    const seen: string[] = [];
    k.run({ observe: { wants: (t) => t !== 'DayAdvance', notify: (e) => seen.push(`${keyOf(e)} handled ${k.handled}`) } });
    expect(seen).toEqual(['GapDetected@2#2 handled 2', 'GapDetected@3#3 handled 3', 'MarketClose@3#1 handled 4']);
  });

  it('a watcher that finishes the run ends it after that event; one that throws leaves the run resumable after the event it saw', () => {
    const ended = kernel({ handlers: startsSlice(new Gaps([2, 3, 4, 5, 6])) });
    ended.k.schedule(ev.dayAdvance(1, 'a', 'b'));
    ended.k.step();
    ended.k.step(); // the slice is now being worked through
    let n = 0;
    expect(ended.k.run({ observe: { wants: () => true, notify: () => { if (++n === 2) ended.k.finish(); } } })).toBe(2);
    expect([ended.k.now, ended.k.handled, ended.rec.keys.length, ended.k.peek()]).toEqual([4, 4, 4, Infinity]);
    const { k } = kernel({ handlers: startsSlice(new Gaps([2, 3, 4, 5, 6])) });
    k.schedule(ev.dayAdvance(1, 'a', 'b'));
    k.step();
    k.step();
    k.step();
    k.step(); // at 4, as the run above ended
    expect(() => k.run({ observe: { wants: () => true, notify: () => { throw new Error('watcher'); } } })).toThrow('watcher');
    expect(k.now).toBe(5);
    expect(k.run()).toBe(1);
    expect(k.state.keys).toEqual(['DayAdvance@1#0', 'GapDetected@2#1', 'GapDetected@3#2', 'GapDetected@4#3', 'GapDetected@5#4', 'GapDetected@6#5']);
  });

  it('an empty slice from a handler schedules nothing', () => {
    const { k } = kernel({ handlers: { DayAdvance: () => [new Gaps([]), ev.marketClose(3, 'x')] } });
    k.schedule(ev.dayAdvance(1, 'a', 'b'));
    k.run();
    expect(k.state.keys).toEqual(['DayAdvance@1#0', 'MarketClose@3#1']);
  });
});

describe('drafts and the end of a run', () => {
  it('a frozen draft or one that already has a seq is copied, never changed', () => {
    const { k } = kernel();
    const frozen = Object.freeze(ev.marketClose(1, 'a'));
    const withSeq = { ...ev.marketClose(2, 'b'), seq: 99 };
    expect(k.schedule(frozen).seq).toBe(0);
    expect(k.schedule(withSeq as DraftOf<SimEvent>).seq).toBe(1);
    expect(withSeq.seq).toBe(99);
    const fresh = ev.marketClose(3, 'c');
    expect(k.schedule(fresh)).toBe(fresh); // stamped in place: no copy
    k.run();
    expect(k.state.keys).toEqual(['MarketClose@1#0', 'MarketClose@2#1', 'MarketClose@3#2']);
  });

  it('finishing twice closes the sinks once; after the end nothing runs', () => {
    const { k, rec } = kernel();
    k.schedule(ev.marketClose(1, 'a'));
    k.finish();
    k.finish();
    expect(rec.closed).toBe(1);
    expect(k.done).toBe(true);
    expect(k.step()).toBeUndefined();
    expect(k.run()).toBe(0);
    expect(k.peek()).toBe(Infinity);
  });

  it('a run without a terminal test never finishes by itself', () => {
    const { k, rec } = kernel();
    k.schedule(ev.backtestEnded(1, 'end-date'));
    k.run();
    expect(k.done).toBe(false);
    expect(rec.closed).toBe(0);
  });

  it('handlers of several tables run in the order given, skipping tables without one', () => {
    const order: string[] = [];
    const table = (name: string): HandlerTable<Seen, SimEvent> => ({ MarketClose: (_s, e) => { order.push(name); return [ev.sessionDeactivated(e.time, name)]; } });
    const only = (_s: Seen, e: SimEvent) => [ev.dayAdvance(e.time, 'x', 'y')];
    const combined = combineHandlers<Seen, SimEvent>(table('a'), { MarketClose: undefined, SessionDeactivated: only }, table('b'));
    expect(combined.SessionDeactivated).toBe(only);
    const { k } = kernel({ handlers: combined });
    k.schedule(ev.marketClose(1, 'm'));
    k.run();
    expect(order).toEqual(['a', 'b']);
    expect(k.state.keys).toEqual(['MarketClose@1#0', 'SessionDeactivated@1#1', 'SessionDeactivated@1#2', 'DayAdvance@1#3', 'DayAdvance@1#4']);
  });

  it('knows a lazy slice when it sees one', () => {
    expect([isLazySlice(new Gaps([1])), isLazySlice({ lazy: true }), isLazySlice({ lazy: 'yes' }), isLazySlice(null), isLazySlice('lazy'), isLazySlice(undefined)]).toEqual([true, true, false, false, false, false]);
  });
});

describe('canonical text', () => {
  it('tells apart key lists that join alike (the sorted-order cache is keyed unambiguously)', () => {
    expect(canonical({ 'a\u0000b': 1 })).toBe('{"a\\u0000b":1}');
    expect(canonical({ a: 1, b: 2 })).toBe('{"a":1,"b":2}');
    expect(canonical({ 'x,y': 1 })).toBe('{"x,y":1}');
    expect(canonical({ x: 3, y: 4 })).toBe('{"x":3,"y":4}');
  });
  it('spells every kind of value', () => {
    expect(canonical({ b: [1, -0, NaN, Infinity, -Infinity, 'x'], a: true, c: false, d: null, e: undefined, f: 12n, g: Float64Array.from([0.5, -0]), h: { z: 1, y: undefined } }))
      .toBe('{"a":true,"b":[1,-0,"NaN","Infinity","-Infinity","x"],"c":false,"d":null,"f":12n,"g":[0.5,-0],"h":{"z":1}}');
    expect([canonical(undefined), canonical(null), canonical('q"'), canonical(0), canonical({ u: undefined, v: 1 }), canonical({})]).toEqual(['null', 'null', '"q\\""', '0', '{"v":1}', '{}']);
    expect(() => canonical(() => 1)).toThrow('cannot encode a function');
    expect(() => canonical(Symbol('s'))).toThrow(TypeError);
  });

  it('sorts keys the same way for objects of one key set met again, and tells key sets apart', () => {
    expect(canonical({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonical({ b: 3, a: 4 })).toBe('{"a":4,"b":3}');
    expect(canonical({ ab: 1 })).toBe('{"ab":1}');
    expect(canonical({ a: 1, b: 2 })).toBe('{"a":1,"b":2}');
    expect(canonical({ undefined: 1 })).toBe('{"undefined":1}');
  });
});

/** The documented record bytes, built here without the encoder. */
function leb128(n: number): number[] {
  const out: number[] = [];
  do { let b = n % 128; n = Math.floor(n / 128); if (n > 0) b |= 128; out.push(b); } while (n > 0);
  return out;
}
function fingerprint(text: string): number[] {
  return [...createHash('sha256').update(text).digest().subarray(0, 8)];
}
function recordBytes(schema: string, numbers: number[], bools: boolean[], texts: string[]): number[] {
  const out = fingerprint(schema);
  for (const n of numbers) { const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, n, true); out.push(...b); }
  for (const b of bools) out.push(b ? 1 : 0);
  for (const t of texts) { const u = new TextEncoder().encode(t); out.push(...leb128(u.length), ...u); }
  while (out.length % 8 !== 0) out.push(0);
  return out;
}

describe('the log hash bytes', () => {
  it('a schema fingerprint is sha256 of the type and the sorted keys with their kinds', () => {
    const words = schemaFingerprint('Bar', { z: 'n', a: 's', m: 'b' });
    expect([...new Uint8Array(words.buffer)]).toEqual(fingerprint('"Bar"{"a":s,"m":b,"z":n}'));
    expect([...new Uint8Array(schemaFingerprint(null, { a: 'j' }).buffer)]).toEqual(fingerprint('-{"a":j}'));
  });

  it('string lengths are LEB128 at every width', () => {
    for (const n of [0, 1, 127, 128, 300, 16_383, 16_384, 70_000]) {
      const s = 'x'.repeat(n);
      expect([...encodedString(s).subarray(0, 3)]).toEqual([...leb128(n), ...new TextEncoder().encode(s)].slice(0, 3));
      expect(encodedString(s).length).toBe(leb128(n).length + n);
    }
  });

  it('a record is its fingerprint, numbers, booleans, strings, then other values as canonical text, padded to 8', async () => {
    const rec = { type: 'T', s: 'ab', n2: NaN, b1: false, o: { k: [1, 2] }, n1: -0, b2: true, z: null, u: undefined };
    const h = new BinaryHasher();
    h.update(rec);
    const schema = '"T"{"b1":b,"b2":b,"n1":n,"n2":n,"o":j,"s":s,"z":z}';
    const bytes = recordBytes(schema, [-0, NaN], [false, true], ['ab', '{"k":[1,2]}']);
    expect(h.digest()).toBe(await xxhash128(Uint8Array.from(bytes)));
    expect(h.length).toBe(1);
  });

  it('a type that is not a string is a field like any other', async () => {
    const h = new BinaryHasher();
    h.update({ type: 7, a: 'x' });
    expect(h.digest()).toBe(await xxhash128(Uint8Array.from(recordBytes('-{"a":s,"type":n}', [7], [], ['x']))));
  });

  it('records of one type but other value kinds get their own layout', async () => {
    const h = new BinaryHasher();
    h.update({ type: 'T', a: 1 });
    h.update({ type: 'T', a: 'one' });
    h.update({ type: 'T', a: 1, b: true });
    h.update({ type: 'T', b: true, a: 1 });
    const bytes = [
      ...recordBytes('"T"{"a":n}', [1], [], []), ...recordBytes('"T"{"a":s}', [], [], ['one']),
      ...recordBytes('"T"{"a":n,"b":b}', [1], [true], []), ...recordBytes('"T"{"a":n,"b":b}', [1], [true], []),
    ];
    expect(h.digest()).toBe(await xxhash128(Uint8Array.from(bytes)));
  });

  it('many records pass through the buffer whole, with zero padding even where the buffer held other bytes', async () => {
    const h = new BinaryHasher();
    const all: number[] = [];
    h.update({ type: 'Big', s: 'q'.repeat(1000) });
    all.push(...recordBytes('"Big"{"s":s}', [], [], ['q'.repeat(1000)]));
    h.digest(); // flushed: the buffer is reused from its start
    for (let i = 0; i < 12_000; i++) {
      h.update({ type: 'R', i, f: i % 2 === 0 });
      all.push(...recordBytes('"R"{"f":b,"i":n}', [i], [i % 2 === 0], []));
    }
    expect(h.length).toBe(12_001);
    expect(h.digest()).toBe(await xxhash128(Uint8Array.from(all)));
  });

  it('a lazy slice hashes as its events, with or without a columnar writer; the logs agree', () => {
    const events = Array.from({ length: 5 }, (_, i) => new Gaps([1, 2, 3, 4, 5]).materialize(i, 10 + i));
    const want = hashEvents(events);
    const columnar = new Gaps([1, 2, 3, 4, 5], true);
    for (const slice of [new Gaps([1, 2, 3, 4, 5]), columnar]) {
      const h = new LogHasher();
      h.updateLazy(slice, 0, 2, 10);
      h.updateLazy(slice, 2, 5, 10);
      expect(h.digest()).toBe(want);
      const only = new HashOnlyLog<SimEvent>();
      only.appendLazy(slice, 0, 3, 10);
      only.append(events[3]!);
      only.append(events[4]!);
      expect([only.hash(), only.length]).toEqual([want, 5]);
    }
    expect(columnar.materialized).toBe(0); // hashed by its writer, never built
    const mem = new MemoryLog<SimEvent>();
    for (const e of events) mem.append(e);
    expect([mem.hash(), mem.length, mem.events()]).toEqual([want, 5, events]);
    const none = new NoLog<SimEvent>();
    none.append(events[0]!);
    none.appendLazy(new Gaps([1]), 0, 1, 0);
    expect(none.hash()).toBeNull();
  });

  it('is XXH3-128, and a stream goes on after a digest', async () => {
    expect(LOG_HASH_ALGORITHM).toBe('xxh3-128');
    const s = new StreamHash();
    s.update(Uint8Array.from([1, 2]));
    expect(s.digest()).toBe(await xxhash128(Uint8Array.from([1, 2])));
    s.update(Uint8Array.from([3]));
    expect(s.digest()).toBe(await xxhash128(Uint8Array.from([1, 2, 3])));
  });
});
