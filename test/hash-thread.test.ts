import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRun, type RunParts } from '../src/api/run.js';
import { demoConfig } from '../src/index.js';
import { HashThread } from '../src/columnar/hash-thread.js';
import { caseArb, concretize, configOf } from './support/lifecycle-cases.js';
import { stateHash } from './support/state-hash.js';
import { tmpDir } from './support/tmp.js';

/**
 * The hash thread writes and hashes the records of a run's events beside the run. Where the hash
 * is computed must change nothing: the same hash, byte for byte, whatever the ring's size (a
 * small ring wraps and splits slices all the time) and even when the thread dies mid-run.
 */
const RUNS = Number(process.env.SESSIONSIM_PROPERTY_RUNS ?? 200);
// 64 KiB: a message at most 16 KiB, so a day's bar slices are split and the ring wraps often.
const small = new HashThread(undefined, 64 * 1024);
afterAll(() => small.close());

function outcome(run: RunParts) {
  run.kernel.run();
  const log = run.log as { hash(): string | null; length?: number };
  return { hash: log.hash(), records: log.length, state: stateHash(run.kernel.state), events: run.kernel.handled };
}

describe('the hash thread', () => {
  it('gives the demo its pinned hash', () => {
    expect(small.ready(30_000)).toBe(true);
    const r = outcome(createRun(demoConfig(), { hashThread: small }));
    expect(r.hash).toBe('45583e1dddc2ee7f265c53b160e51795');
    expect(r).toEqual(outcome(createRun(demoConfig(), { hashThread: null })));
    expect(small.busy).toBe(false); // let go at the run's end
  });

  it('the same hash as the run\'s own thread on random runs, through a ring that wraps', () => {
    expect(small.ready(30_000)).toBe(true);
    const dir = tmpDir('sessionsim-hash-thread-');
    let n = 0;
    const before = small.messages;
    fc.assert(fc.property(caseArb, (c) => {
      const root = path.join(dir, `r${n++}`);
      mkdirSync(root, { recursive: true });
      try {
        const k = concretize(c, root);
        const config = { ...configOf(k, root, null), log: { path: null, hash: true } };
        const here = outcome(createRun(config, { hashThread: null }));
        const threaded = outcome(createRun(config, { hashThread: small }));
        expect(threaded).toEqual(here);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }), { numRuns: RUNS });
    // Not a property the thread sat out.
    expect(small.messages - before).toBeGreaterThan(RUNS * 5);
  }, Math.max(120_000, RUNS * 1_000));

  it('a thread that dies mid-run: the run hashes the rest itself, from where the thread got, with the same hash', () => {
    const here = outcome(createRun(demoConfig(), { hashThread: null }));
    for (const after of [1, 2, 7, 40, 300]) {
      const own = new HashThread(undefined, 64 * 1024);
      expect(own.ready(30_000)).toBe(true);
      own.exitAtMessage(after);
      const t0 = performance.now();
      expect(outcome(createRun(demoConfig(), { hashThread: own }))).toEqual(here);
      expect(own.usable).toBe(false);
      // Seen at once: not the wait limit (30 s).
      expect(performance.now() - t0).toBeLessThan(15_000);
    }
  });

  it('a hash asked for in the middle of a run is the one the run\'s own thread gives there, and the run goes on', () => {
    const config = demoConfig();
    const here = createRun(config, { hashThread: null });
    const threaded = createRun(config, { hashThread: small });
    const before = small.messages;
    for (const until of [50_000, 200_000, Infinity]) {
      here.kernel.run({ maxEvents: until === Infinity ? undefined : until });
      threaded.kernel.run({ maxEvents: until === Infinity ? undefined : until });
      expect(threaded.log.hash()).toBe(here.log.hash());
    }
    expect(small.messages - before).toBeGreaterThan(100);
  });
});
