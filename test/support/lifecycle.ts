import { rmSync } from 'node:fs';
import { createRun, type RunParts } from '../../src/api/run.js';
import type { SimConfig } from '../../src/api/config.js';
import type { SimEvent, EventType, EventOf } from '../../src/events/index.js';
import { MemoryLog } from '../../src/kernel/index.js';
import { dayFile } from '../../src/storage/index.js';
import { makeDataset, type GenOptions } from './dataset.js';
import { tmpDir } from './tmp.js';

export interface ScenarioSpec extends GenOptions {
  readonly start: string;
  readonly end: string;
  /** Day files to delete after generating (a missing day). */
  readonly missing?: readonly string[];
  readonly config?: Partial<SimConfig>;
}

export interface ScenarioResult {
  readonly run: RunParts;
  readonly events: readonly SimEvent[];
  of<T extends EventType>(type: T): EventOf<T>[];
  /** The control events (everything but bars, derived bars and gaps) as `type@iso`. */
  readonly outline: string[];
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/** given(a dataset and a config).when(run to the end).then(look at the log). */
export function runScenario(spec: ScenarioSpec): ScenarioResult {
  const root = tmpDir();
  makeDataset(root, spec);
  for (const d of spec.missing ?? []) rmSync(dayFile(root, spec.interval ?? '1m', d));
  const run = createRun({ data: root, symbols: spec.symbols, interval: spec.interval ?? '1m', start: spec.start, end: spec.end, ...spec.config }, { keepEvents: true });
  run.kernel.run();
  const events = (run.log as MemoryLog<SimEvent>).events();
  return {
    run,
    events,
    of: <T extends EventType>(type: T) => events.filter((e): e is EventOf<T> => e.type === type),
    outline: events.filter((e) => !['BarArrived', 'DerivedBarCompleted', 'GapDetected', 'QualityReport'].includes(e.type)).map((e) => `${e.type}@${iso(e.time)}`),
  };
}

export { iso };
