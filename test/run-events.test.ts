import { describe, expect, it } from 'vitest';
import { createSimulation, demoConfig, loadStrategy, type SimError } from '../src/index.js';

/** Runs in slices of `size` events (the CLI's progress loop); returns the run's hash and how many slices. */
function sliced(make: () => ReturnType<typeof createSimulation>, size: number): { hash: string | null; slices: number; events: number } {
  const sim = make();
  let slices = 0, events = 0;
  for (let n = sim.runEvents(size); n > 0; n = sim.runEvents(size)) {
    expect(n).toBeLessThanOrEqual(size);
    slices++;
    events += n;
  }
  expect(sim.done).toBe(true);
  return { hash: sim.hash, slices, events };
}

describe('runEvents: a run in slices is the same run', () => {
  it('the demo week gives runToEnd\'s hash and events in slices of any size, with and without a listener', () => {
    const whole = createSimulation(demoConfig());
    const handled = whole.runToEnd();
    for (const size of [1, 7, 1000, 1 << 20]) {
      const r = sliced(() => createSimulation(demoConfig()), size);
      expect([size, r.hash, r.events]).toEqual([size, whole.hash, handled]);
      if (size < handled) expect(r.slices).toBe(Math.ceil(handled / size));
      let closes = 0;
      const observed = sliced(() => { const s = createSimulation(demoConfig()); s.on('SessionDeactivated', () => closes++); return s; }, size);
      expect([observed.hash, closes]).toEqual([whole.hash, 6]);
    }
  });

  it('a strategy trading on bars (the broker deciding per instant) gives the same orders and hash in slices', async () => {
    const loaded = await loadStrategy('examples/ma-crossover.mjs');
    const make = () => createSimulation(demoConfig(), { strategy: loaded.make(), strategySource: loaded.source });
    const whole = make();
    whole.runToEnd();
    expect(whole.result().strategy!.summary.fills).toBeGreaterThan(0);
    for (const size of [3, 500]) {
      const r = make();
      while (r.runEvents(size) > 0);
      expect([size, r.hash, r.result().strategy!.summary]).toEqual([size, whole.hash, whole.result().strategy!.summary]);
    }
  });

  it('refuses a count that is not a whole number of events, 1 or more', () => {
    const sim = createSimulation(demoConfig());
    for (const bad of [0, -1, 1.5, NaN, Infinity]) {
      let err: SimError | undefined;
      try { sim.runEvents(bad); } catch (e) { err = e as SimError; }
      expect([bad, err?.code]).toEqual([bad, 'USAGE']);
    }
    expect(sim.state.lastSeq).toBe(-1);
  });
});

describe('a simulation that keeps no derived bars or gaps (the CLI\'s run)', () => {
  it('is the same run, with the same sessions and quality, and only its derived bars left out', () => {
    const kept = createSimulation(demoConfig()), lean = createSimulation(demoConfig(), { collect: false });
    kept.runToEnd();
    lean.runToEnd();
    const a = kept.result(), b = lean.result();
    expect(b.hash).toBe(a.hash);
    expect(b.events).toBe(a.events);
    expect(b.sessions.toArray()).toEqual(a.sessions.toArray());
    expect(b.quality.toArray()).toEqual(a.quality.toArray());
    expect(a.derived.length).toBeGreaterThan(100);
    expect(b.derived.length).toBe(0);
  });
});
