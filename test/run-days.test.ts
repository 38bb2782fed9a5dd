import { describe, expect, it, vi } from 'vitest';
import { createRun } from '../src/api/run.js';
import { demoConfig } from '../src/api/demo.js';
import type { MemoryLog } from '../src/kernel/index.js';
import type { SimEvent } from '../src/events/index.js';

// A run owns its days: the handlers reach them through the day store in their context, which
// reads each day once and keeps each day's delivery plan once made (the stream and the upkeep
// both use it at the same PrefetchComplete), for this run only.
describe("the run's day store", () => {
  it('reads each day once and makes its plan once; the stream and the upkeep share it', () => {
    const run = createRun(demoConfig(), { keepEvents: true });
    expect(run.context.days).toBe(run.loader);
    const keep = vi.spyOn(run.loader, 'keepPlan');
    run.kernel.run();
    const completed = (run.log as MemoryLog<SimEvent>).events().filter((e) => e.type === 'PrefetchComplete').map((e) => (e as { date: string }).date);
    expect(completed).toHaveLength(6);
    expect(keep.mock.calls.map(([date]) => date)).toEqual(completed);
    expect(new Set(run.loader.filesRead).size).toBe(run.loader.filesRead.length);
  });

  it('keeps plans per run: a second run over the same days makes its own', () => {
    const a = createRun(demoConfig({ end: '2013-10-04' }));
    const b = createRun(demoConfig({ end: '2013-10-04' }));
    a.kernel.run();
    b.kernel.run();
    const pa = a.loader.planOf('2013-10-04'), pb = b.loader.planOf('2013-10-04');
    expect(pa).toBeDefined();
    expect(pb).toBeDefined();
    expect(pa).not.toBe(pb);
    expect(a.kernel.state.totalBars).toBe(b.kernel.state.totalBars);
  });
});
