import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ClockBackwardsError, Kernel, MemoryLog, canonical, hashEvents } from '../src/kernel/index.js';
import { canonicalTagged } from '../src/kernel/hashing/canonical.js';
import { tagNonFinite, untagNonFinite } from '../src/storage/log-format.js';
import type { DraftOf, HandlerTable } from '../src/kernel/index.js';
import { ev, rankOf, type SimEvent } from '../src/events/index.js';
import { specFor, withSeqs } from './support/scenario.js';

type Handled = { time: number; rank: number; seq: number };
interface CountState { readonly handled: number }

const RUNS = { numRuns: 1000 };

/** Random control events drawn from the whole catalogue (payloads are irrelevant to ordering). */
const draftArb: fc.Arbitrary<DraftOf<SimEvent>> = fc
  .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }))
  .map(([time, kind, spawn]): DraftOf<SimEvent> => {
    switch (kind) {
      case 0: return ev.marketClose(time, `d${spawn}`);
      case 1: return ev.sessionActivated(time, { date: `d${spawn}`, open: time, close: time + 1, earlyClose: false, midSession: false });
      case 2: return ev.prefetchComplete(time, `d${spawn}`, spawn);
      case 3: return ev.dayAdvance(time, `d${spawn}`, `e${spawn}`);
      case 4: return ev.sessionDeactivated(time, `d${spawn}`);
      case 5: return ev.gapDetected(time, { date: 'd', symbol: `S${spawn}`, from: time, to: time, missing: spawn });
      default: return ev.prefetchRequested(time, `d${spawn}`, time);
    }
  });

/** A handler that, for PrefetchComplete with rows = k > 0, schedules k follow-ups at now + 0..k. */
const spawning: HandlerTable<CountState, SimEvent> = {
  // Not drawn by draftArb: the ordering test schedules it to emit n bars of one instant (n from its date).
  BacktestStarted: (_s, e) =>
    Array.from({ length: Number(e.startDate.slice(1)) }, (_, j) => ev.barArrived(e.time, { symbol: `S${j}`, start: 0, open: 1, high: 1, low: 1, close: 1, volume: j, late: false, history: false })),
  PrefetchComplete: (_s, e) =>
    Array.from({ length: e.rows }, (_, i) =>
      i % 2 === 0 ? ev.marketClose(e.time + i, `spawned${e.seq}`) : ev.prefetchComplete(e.time + i, `spawned${e.seq}`, 0),
    ),
};

function makeKernel(log = new MemoryLog<SimEvent>()) {
  const k = new Kernel<CountState, SimEvent>({
    initialState: { handled: 0 },
    evolve: (s) => ({ handled: s.handled + 1 }),
    handlers: spawning,
    rank: rankOf,
    sinks: [log],
  });
  return { k, log };
}

const keyOf = (e: SimEvent): Handled => ({ time: e.time, rank: rankOf(e.type), seq: e.seq });
const byKey = (a: Handled, b: Handled) => a.time - b.time || a.rank - b.rank || a.seq - b.seq;

describe('kernel ordering', () => {
  it('handles events in (time, rank, seq) order, including events scheduled while handling', () => {
    fc.assert(
      fc.property(fc.array(draftArb, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 5 }), (drafts, sliceSizes) => {
        const { k, log } = makeKernel();
        for (const d of drafts) k.schedule(d);
        // A few runs of bars at one instant, emitted by a handler: each becomes one slice entry.
        sliceSizes.forEach((n, i) => k.schedule(ev.backtestStarted(i * 7, `d${n}`, 'end')));
        k.run();
        const handled = log.events().map(keyOf);
        expect(handled).toEqual([...handled].sort(byKey));
        // Every scheduled event was handled exactly once.
        expect(new Set(log.events().map((e) => e.seq)).size).toBe(k.nextSeq);
        expect(log.length).toBe(k.nextSeq);
      }),
      RUNS,
    );
  });

  it('gives the same log hash for two runs of the same input', () => {
    fc.assert(
      fc.property(fc.array(draftArb, { maxLength: 40 }), (drafts) => {
        const a = makeKernel();
        const b = makeKernel();
        for (const d of drafts) a.k.schedule(d);
        for (const d of drafts) b.k.schedule(d);
        a.k.run();
        b.k.run();
        expect(a.log.hash()).toBe(b.log.hash());
        expect(a.log.hash()).toBe(hashEvents(a.log.events()));
      }),
      RUNS,
    );
  });

  it('refuses to schedule in the past with a typed error and changes nothing', () => {
    fc.assert(
      fc.property(fc.array(draftArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 100 }), (drafts, back) => {
        const { k, log } = makeKernel();
        for (const d of drafts) k.schedule(d);
        k.step();
        const now = k.now;
        const seqBefore = k.nextSeq;
        const peekBefore = k.peek();
        let caught: unknown;
        try {
          k.schedule(ev.marketClose(now - back, 'late'));
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(ClockBackwardsError);
        expect((caught as ClockBackwardsError).code).toBe('CLOCK_BACKWARDS');
        expect((caught as ClockBackwardsError).now).toBe(now);
        expect((caught as ClockBackwardsError).time).toBe(now - back);
        expect(k.nextSeq).toBe(seqBefore);
        expect(k.peek()).toBe(peekBefore);
        expect(log.length).toBe(1);
      }),
      RUNS,
    );
  });

  it('runUntil(t) handles exactly the events with time <= t', () => {
    fc.assert(
      fc.property(fc.array(draftArb, { maxLength: 40 }), fc.integer({ min: -1, max: 60 }), (drafts, t) => {
        const full = makeKernel();
        for (const d of drafts) full.k.schedule(d);
        full.k.run();
        const part = makeKernel();
        for (const d of drafts) part.k.schedule(d);
        part.k.runUntil(t);
        const expected = full.log.events().filter((e) => e.time <= t);
        expect(part.log.events()).toEqual(expected);
        expect(part.k.peek()).toBeGreaterThan(t);
      }),
      RUNS,
    );
  });
});

describe('kernel loop', () => {
  it('peek is Infinity on an empty queue and step returns undefined', () => {
    const { k } = makeKernel();
    expect(k.peek()).toBe(Infinity);
    expect(k.step()).toBeUndefined();
  });

  it('run({ maxEvents }) ends the run after that many events; step() goes on', () => {
    const { k, log } = makeKernel();
    k.schedule(ev.marketClose(1, 'a'));
    k.schedule(ev.marketClose(2, 'b'));
    k.schedule(ev.marketClose(3, 'c'));
    expect(k.run({ maxEvents: 1 })).toBe(1);
    expect(k.state.handled).toBe(1);
    expect(k.step()?.time).toBe(2);
    expect(k.run()).toBe(1);
    expect(log.events().map((e) => e.time)).toEqual([1, 2, 3]);
  });

  it('a terminal event finishes the run and closes the sinks', () => {
    let closed = 0;
    const k = new Kernel<CountState, SimEvent>({
      initialState: { handled: 0 },
      evolve: (s) => ({ handled: s.handled + 1 }),
      handlers: {},
      rank: rankOf,
      sinks: [{ append: () => undefined, close: () => void closed++ }],
      isTerminal: (e) => e.type === 'BacktestEnded',
    });
    k.schedule(ev.backtestEnded(5, 'end-date'));
    k.schedule(ev.marketClose(6, 'after'));
    k.run();
    expect(k.done).toBe(true);
    expect(k.state.handled).toBe(1);
    expect(k.peek()).toBe(Infinity);
    expect(closed).toBe(1);
  });

  it('ranks order events at one instant: MarketClose after every bar of that instant', () => {
    const log = new MemoryLog<SimEvent>();
    const k = new Kernel<CountState, SimEvent>({ initialState: { handled: 0 }, evolve: (s) => s, handlers: {}, rank: rankOf, sinks: [log] });
    k.schedule(ev.marketClose(10, 'd'));
    k.schedule(ev.barArrived(10, { symbol: 'A', start: 9, open: 1, high: 1, low: 1, close: 1, volume: 1, late: false, history: false }));
    k.schedule(ev.backtestStarted(10, 'd', 'd'));
    k.run();
    expect(log.events().map((e) => e.type)).toEqual(['BacktestStarted', 'BarArrived', 'MarketClose']);
  });
});

describe('canonical encoding', () => {
  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.double())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonical(reversed)).toBe(canonical(obj));
      }),
      RUNS,
    );
  });
  it('distinguishes -0, NaN and infinities', () => {
    expect(new Set([canonical(0), canonical(-0), canonical(NaN), canonical(Infinity), canonical(-Infinity)]).size).toBe(5);
  });
  it('tagged (the log\'s data and snapshots) is the canonical text of the tagged copy, and reads back as the value', () => {
    const leaf = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0), fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt());
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('object'), fc.float64Array({ maxLength: 4 })),
      list: fc.array(tie('any'), { maxLength: 4 }),
      // A key "__proto__" the tagged copy loses (its assignment sets the prototype); the text keeps it.
      object: fc.dictionary(fc.string().filter((k) => k !== '__proto__'), tie('any'), { maxKeys: 4 }),
    })).any;
    fc.assert(fc.property(value, (v) => { expect(canonicalTagged(v)).toBe(canonical(tagNonFinite(v))); }), RUNS);
    const plain = { a: NaN, b: [Infinity, -Infinity, 1.5, -0], c: { d: 'x', e: null } };
    expect(JSON.parse(canonicalTagged(plain), untagNonFinite)).toEqual(plain);
  });
});

describe('scenario helper', () => {
  const given = specFor<CountState, SimEvent>({
    initialState: () => ({ handled: 0 }),
    evolve: (s) => ({ handled: s.handled + 1 }),
    decide: (s, e) => (e.type === 'MarketClose' ? [ev.sessionDeactivated(e.time, `${e.date}:${s.handled}`)] : []),
  });
  it('given(events).when(event).then(expected)', () => {
    given(withSeqs<SimEvent>([ev.marketClose(1, 'x')])).when(withSeqs<SimEvent>([ev.marketClose(2, 'y')], 1)[0]!).then([ev.sessionDeactivated(2, 'y:2')]);
  });
});

describe('binary log hash', () => {
  it('does not depend on key order, and tells different values apart', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.double(), fc.constant(null))), fc.string(), (obj, extra) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(hashEvents([reversed])).toBe(hashEvents([obj]));
        const key = `${extra}_x`;
        if (!Object.prototype.hasOwnProperty.call(obj, key)) expect(hashEvents([{ ...obj, [key]: 1 }])).not.toBe(hashEvents([obj]));
      }),
      RUNS,
    );
    expect(hashEvents([{ a: 1 }, { a: 2 }])).not.toBe(hashEvents([{ a: 2 }, { a: 1 }]));
    expect(hashEvents([{ a: '1' }])).not.toBe(hashEvents([{ a: 1 }]));
  });
});
