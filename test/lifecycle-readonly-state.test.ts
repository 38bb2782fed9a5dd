import { describe, expect, it } from 'vitest';
import { createSimulation, type SimError } from '../src/index.js';
import type { SessionState } from '../src/state/index.js';
import { makeDataset } from './support/dataset.js';
import { tmpDir } from './support/tmp.js';

const root = tmpDir();
makeDataset(root, { dates: ['2025-07-01', '2025-07-02', '2025-07-03'], symbols: ['AAA', 'BBB'], skip: (_s, ts) => ts % 7 === 0 });
const config = { data: root, symbols: ['AAA', 'BBB'], start: '2025-07-01', end: '2025-07-03', prefetch: { latency_ms: 90_000 } };

type Mutation = (state: SessionState) => void;

/** Every way a callback might try to change the run through the state it is handed. */
const MUTATIONS: [string, Mutation][] = [
  ['a scalar the handlers read (close)', (s) => { s.close = s.open + 60_000; }],
  ['the history cut', (s) => { s.historyUntil = s.close; }],
  ['the readiness instant', (s) => { s.readyAt = 0; }],
  ['the session rows (push)', (s) => { s.sessions.push({ ...s.sessions[0]! }); }],
  ['the session rows (length)', (s) => { s.sessions.length = 0; }],
  ['a session row field', (s) => { s.sessions[0]!.bars = -1; }],
  ['the quality rows', (s) => { s.quality.splice(0); }],
  ['the total', (s) => { s.totalBars = 0; }],
  ['a property deleted', (s) => { delete (s as Partial<SessionState>).date; }],
  ['a property defined', (s) => { Object.defineProperty(s, 'ended', { value: true }); }],
  ['the day bars, reset', (s) => { s.bars.reset(); }],
  ['the day bars, added to', (s) => { s.bars.add('AAA', 0, 1, 1, 1, 1, 1, 0); }],
  ['a symbol\'s bar count', (s) => { (s.bars.get('AAA')! as { count: number }).count = 0; }],
  ['a symbol\'s close column', (s) => { s.bars.get('AAA')!.close[0] = -1; }],
  ['a column filled', (s) => { s.bars.close.fill(0); }],
  ['a column through its buffer', (s) => { new Float64Array(s.bars.close.buffer)[0] = -1; }],
  ['a column through a subarray', (s) => { s.bars.close.subarray(0, 1)[0] = -1; }],
  ['the derived bars, reset', (s) => { s.derived.reset(); }],
  ['the derived columns', (s) => { s.derived.close[0] = -1; }],
  ['the prototype', (s) => { Object.setPrototypeOf(s, null); }],
];

function run(mutate: Mutation | null, swallow = true) {
  const sim = createSimulation(config);
  let attempts = 0, refused = 0;
  const tryIt = (state: Readonly<SessionState>) => {
    if (mutate === null) return;
    attempts++;
    if (!swallow) { mutate(state as SessionState); return; }
    try { mutate(state as SessionState); } catch (e) { if (e instanceof TypeError) refused++; else throw e; }
  };
  sim.on('SessionActivated', (_e, s) => tryIt(s));
  sim.on('PrefetchComplete', (_e, s) => tryIt(s));
  let n = 0;
  sim.onBar((_b, s) => { if (++n % 97 === 0) tryIt(s); });
  sim.on('QualityReport', (_e, s) => tryIt(s));
  sim.runToEnd();
  const r = sim.result();
  return { hash: r.hash, sessions: r.sessions.toArray(), quality: r.quality.toArray(), state: sim.state, attempts, refused, live: sim.live };
}

describe('the state handed to callbacks is read-only: a mutation cannot change the run', () => {
  const clean = run(null);

  it.each(MUTATIONS)('%s: refused with a TypeError, same hash, results and state', (_what, mutate) => {
    const r = run(mutate);
    expect(r.hash).toBe(clean.hash);
    expect(r.sessions).toEqual(clean.sessions);
    expect(r.quality).toEqual(clean.quality);
    expect(r.state).toEqual(clean.state);
    expect(r.attempts).toBeGreaterThan(0);
    expect(r.refused).toBe(r.attempts);
  });

  it('a mutation not caught by the callback stops the run with CALLBACK_FAILED naming the TypeError', () => {
    let err: SimError | null = null;
    try { run(MUTATIONS[0]![1], false); } catch (e) { err = e as SimError; }
    expect(err?.code).toBe('CALLBACK_FAILED');
    expect(err?.message).toMatch(/threw: .*read-only/);
  });

  it('sim.live is read-only too, and sim.state is a detached copy', () => {
    const sim = createSimulation(config);
    sim.runUntil('close');
    expect(() => { (sim.live as SessionState).close = 0; }).toThrow(TypeError);
    const snap = sim.state;
    snap.sessions.length = 0;
    expect(sim.state.sessions).toHaveLength(1);
  });

  it('reading through the view works as on the state: bars of a symbol, columns, rows, iteration', () => {
    const sim = createSimulation(config);
    let checked = false;
    sim.on('MarketClose', (_e, s) => {
      if (checked) return;
      checked = true;
      const aaa = s.bars.get('AAA')!;
      expect(aaa.count).toBeGreaterThan(300);
      expect(aaa.close[aaa.count - 1]).toBeGreaterThan(0);
      expect(Array.from(aaa.start.subarray(0, 2))).toEqual([Date.parse('2025-07-01T13:30:00Z'), Date.parse('2025-07-01T13:31:00Z')]);
      expect([...s.bars.close.slice(0, 1)]).toHaveLength(1);
      expect(s.bars.symbols()).toEqual(['AAA', 'BBB']);
      expect(s.sessions.map((r) => r.date)).toEqual(['2025-07-01']);
      expect({ ...s.sessions[0]! }.date).toBe('2025-07-01');
      expect(JSON.parse(JSON.stringify(s.quality)).length).toBe(2);
      expect(s.derived.count).toBeGreaterThan(0);
    });
    sim.runToEnd();
    expect(checked).toBe(true);
  });
});

describe('replay() hands out read-only state and frozen events, as a live run does', () => {
  it('a replay\'s callbacks and replay.live refuse writes; the replay and its events stay as logged', async () => {
    const { mkdtempSync } = await import('node:fs');
    const path = await import('node:path');
    const { replay } = await import('../src/index.js');
    const log = path.join(mkdtempSync(path.join(root, 'replay-')), 'run.arrow');
    const sim = createSimulation({ ...config, log: { path: log } });
    sim.runToEnd();
    const hash = sim.result().hash;
    const r = replay(log);
    let tries = 0;
    r.on('SessionActivated', (e, s) => {
      tries++;
      expect(() => { (s as SessionState).close = 0; }).toThrow(TypeError);
      expect(() => { (s as SessionState).sessions.push(s.sessions[0]!); }).toThrow(TypeError);
      expect(() => { (e as { close: number }).close = 0; }).toThrow(TypeError);
    });
    r.onBar((b) => { expect(() => { (b as { close: number }).close = -1; }).toThrow(TypeError); });
    r.runToEnd();
    expect(tries).toBeGreaterThan(0);
    expect(() => { (r.live as SessionState).totalBars = 0; }).toThrow(TypeError);
    expect(() => { (r.all[0] as { time: number }).time = 0; }).toThrow(TypeError);
    expect(r.hash).toBe(hash);
    expect(r.state.totalBars).toBe(sim.state.totalBars);
  });

  it('events step() hands out are frozen; a write to an event a live callback gets changes nothing of the run', () => {
    const sim = createSimulation(config);
    const first = sim.step()!;
    expect(() => { (first as { time: number }).time = 0; }).toThrow(TypeError);
    sim.runUntil('close');
    // Not frozen on runToEnd's observed hot path (it would cost ~0.25 µs a bar): the kernel is done with them.
    sim.onBar((b) => { (b as { close: number }).close = -1; (b as { time: number }).time = 0; });
    sim.on('SessionActivated', (e) => { (e as { close: number }).close = 0; });
    const clean = createSimulation(config);
    clean.runToEnd();
    sim.runToEnd();
    expect(sim.result().hash).toBe(clean.result().hash);
    expect(sim.result().sessions.toArray()).toEqual(clean.result().sessions.toArray());
  });
});
