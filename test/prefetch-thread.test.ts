import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRun, type RunParts } from '../src/api/run.js';
import { demoConfig } from '../src/index.js';
import { PrefetchThread, prefetchWorkerFile } from '../src/storage/prefetch-thread.js';
import { threadExecArgv } from '../src/kernel/index.js';
import { dayFile } from '../src/storage/layout.js';
import type { EventSink } from '../src/kernel/index.js';
import type { SimEvent } from '../src/events/index.js';
import { caseArb, concretize, configOf } from './support/lifecycle-cases.js';
import { stateHash } from './support/state-hash.js';
import { tmpDir } from './support/tmp.js';

/**
 * The prefetch thread reads the next day while the run works on the current one. Which thread read
 * a day, and when, must change nothing: the simulated latency alone decides what a run sees.
 */
const RUNS = Number(process.env.SESSIONSIM_PROPERTY_RUNS ?? 200);
const thread = new PrefetchThread();
afterAll(() => thread.close());

function outcome(run: RunParts) {
  run.kernel.run();
  return { hash: run.log.hash(), state: stateHash(run.kernel.state), events: run.kernel.handled, filesRead: [...run.loader.filesRead], flagged: run.loader.rowsFlagged, inputs: [...run.loader.hashes] };
}

/** A sink that calls `act` once, at the first event of a type. */
function onFirst(type: SimEvent['type'], act: () => void): EventSink<SimEvent> {
  let done = false;
  return { append: (e) => { if (!done && e.type === type) { done = true; act(); } } };
}

describe('the prefetch thread', () => {
  it('starts, and the demo reads every day after its first on it, with the pinned hash', () => {
    expect(thread.ready(30_000)).toBe(true);
    const before = thread.answered;
    const run = createRun(demoConfig(), { readAhead: { thread } });
    const threaded = outcome(run);
    expect(threaded.hash).toBe('45583e1dddc2ee7f265c53b160e51795');
    // Six sessions: the first and last days are read by the config check (pinned), the four between on the thread.
    expect(thread.answered - before).toBe(4);
    expect(threaded.filesRead).toHaveLength(6);
    const here = outcome(createRun(demoConfig(), { readAhead: { thread: null } }));
    expect(here).toEqual(threaded);
  });

  it('same events, state and files read whatever the real read timing and whether arrays are recycled: random cases, random delays on the thread', () => {
    expect(thread.ready(30_000)).toBe(true);
    const dir = tmpDir('sessionsim-prefetch-');
    let n = 0;
    const answeredBefore = thread.answered;
    // The lifecycle cases, over more sessions: the first and last days with data are read by the
    // config check, so short runs would leave the thread nothing to read.
    const longer = caseArb.filter((c) => c.cal.days >= 8).map((c) => ({ ...c, span: c.span + 6 }));
    fc.assert(fc.property(longer, fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 6 }), (c, delays) => {
      const root = path.join(dir, `r${n++}`);
      mkdirSync(root, { recursive: true });
      try {
        const k = concretize(c, root);
        // With a log: the inputs' sha256 (for its manifest) are taken on the thread too.
        // Against a run that reads every day here into new arrays: recycled arrays here, and
        // recycled slabs on the thread, change nothing either.
        const fresh = outcome(createRun(configOf(k, root, path.join(root, 'fresh.arrow')), { readAhead: { thread: null }, recycle: false }));
        const here = outcome(createRun(configOf(k, root, path.join(root, 'here.arrow')), { readAhead: { thread: null } }));
        expect(here).toEqual(fresh);
        let i = 0;
        const threaded = outcome(createRun(configOf(k, root, path.join(root, 'threaded.arrow')), { readAhead: { thread, delayMs: () => delays[i++ % delays.length]! } }));
        expect(threaded).toEqual(fresh);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }), { numRuns: RUNS });
    // Not a property that the thread sat idle through.
    expect(thread.answered - answeredBefore).toBeGreaterThan(RUNS / 2);
  }, Math.max(120_000, RUNS * 2_000));

  it('a day that fails on the thread fails as it does when read here: the same PrefetchFailed code and reason', () => {
    const root = tmpDir('sessionsim-prefetch-bad-');
    const demo = demoConfig();
    const days = ['2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10'];
    for (const d of days) {
      const to = dayFile(root, '1m', d);
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(to, Buffer.from(readFileSync(dayFile(demo.data!, '1m', d))));
    }
    writeFileSync(dayFile(root, '1m', '2013-10-08'), 'not arrow at all');
    writeFileSync(dayFile(root, '1m', '2013-10-09'), readFileSync(dayFile(demo.data!, '1m', '2013-10-09')).subarray(0, 5000));
    const config = demoConfig({ data: root, start: '2013-10-07', end: '2013-10-10' });
    const failures = (r: RunParts) => r.kernel.state.sessions.map((s) => [s.date, s.prefetch, s.prefetchReason]);
    expect(thread.ready(30_000)).toBe(true);
    const before = thread.answered;
    const threaded = createRun(config, { readAhead: { thread } });
    const a = outcome(threaded);
    const here = createRun(config, { readAhead: { thread: null } });
    const b = outcome(here);
    expect(a).toEqual(b);
    expect(failures(threaded)).toEqual(failures(here));
    expect(failures(threaded).filter(([, p]) => p === 'failed').map(([d]) => d)).toEqual(['2013-10-08', '2013-10-09']);
    // Both bad days were read on the thread (the first and last days by the config check).
    expect(thread.answered - before).toBe(2);
  });

  it('a thread that dies in the middle of a run: the run reads the rest itself, with the same result', () => {
    const own = new PrefetchThread();
    expect(own.ready(30_000)).toBe(true);
    const config = demoConfig();
    const here = outcome(createRun(config, { readAhead: { thread: null } }));
    const run = createRun(config, { readAhead: { thread: own }, sinks: [onFirst('PrefetchComplete', () => own.close())] });
    expect(outcome(run)).toEqual(here);
    expect(own.usable).toBe(false);
  });

  it('a thread that exits while a run waits for it: the run reads the day itself at once, with the same result', () => {
    const own = new PrefetchThread();
    expect(own.ready(30_000)).toBe(true);
    const config = demoConfig();
    const here = outcome(createRun(config, { readAhead: { thread: null } }));
    const t0 = performance.now();
    const run = createRun(config, { readAhead: { thread: own, exitAt: '2013-10-09' } });
    expect(outcome(run)).toEqual(here);
    // Not the reply time limit (30 s): the thread's exit is seen while the run waits.
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(own.usable).toBe(false);
    expect(own.answered).toBe(2);
  });

  it('a thread that never starts (its module cannot load) is never waited for', () => {
    const broken = new PrefetchThread({ filename: new URL('./no-such-prefetch-worker.js', prefetchWorkerFile().filename).href });
    const t0 = performance.now();
    const r = outcome(createRun(demoConfig(), { readAhead: { thread: broken } }));
    expect(r.hash).toBe('45583e1dddc2ee7f265c53b160e51795');
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(broken.answered).toBe(0);
    broken.close();
  });

  it('starts under the Node options a researcher gives (V8 options, `--input-type=module -e`), from the build', () => {
    // Options given by name to a worker may not be V8's: before, `node --max-old-space-size=...`
    // lost the thread silently (the run read its days itself, slower).
    const built = JSON.stringify(path.resolve('dist/storage/prefetch-thread.js'));
    const probe = `const t = m.sharedPrefetchThread(); console.log(t !== null && t.ready(10000) ? 'ready' : 'no thread');`;
    const cases = [
      ['--max-old-space-size=3000', '--stack-size=900', '-e', `import(${built}).then((m) => { ${probe} })`],
      ['--max-old-space-size=3000', '--input-type=module', '-e', `import * as m from ${built}; ${probe}`],
      ['--input-type', 'module', '-e', `import * as m from ${built}; ${probe}`],
    ];
    for (const argv of cases) {
      const r = spawnSync(process.execPath, argv, { encoding: 'utf8', env: { ...process.env, SESSIONSIM_PREFETCH_THREAD: '' } });
      expect({ argv, out: r.stdout.trim(), err: r.stderr }).toEqual({ argv, out: 'ready', err: '' });
    }
    expect(threadExecArgv(['--max-old-space-size=3000'])).toBeUndefined();
    expect(threadExecArgv(['--import', 'x.mjs', '--input-type', 'module'])).toEqual(['--import', 'x.mjs']);
  });
});
