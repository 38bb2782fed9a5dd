/**
 * The library's misuse corpus: a notebook user calling the API wrongly gets a SimError with a code
 * and a one-line message naming the value, never a TypeError from deep inside, a hang or a
 * silently ignored call.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulation, replay, simulate } from '../../src/index.js';
import { isSimError, MAX_ERROR_LINE, type ErrorCode } from '../../src/errors.js';
import { tmpDir } from '../support/tmp.js';
import { DEMO_DATA } from './harness.js';

const dir = tmpDir('corpus-api-');
const base = { data: DEMO_DATA, symbols: ['SPY'], start: '2013-10-07', end: '2013-10-08' };

function expectCode(f: () => unknown, code: ErrorCode, mentions: string[] = []): void {
  let thrown: unknown = null;
  try { f(); } catch (e) { thrown = e; }
  expect(isSimError(thrown), `expected a SimError ${code}, got ${String(thrown)}`).toBe(true);
  const e = thrown as { code: string; toLine(): string };
  expect(e.code, e.toLine()).toBe(code);
  expect(e.toLine().length).toBeLessThanOrEqual(MAX_ERROR_LINE);
  for (const m of mentions) expect(e.toLine()).toContain(m);
}

describe('corpus: API misuse', () => {
  it('simulate(null), simulate(undefined), simulate("path")', () => {
    expectCode(() => simulate(null as never), 'CONFIG_INVALID', ['null']);
    expectCode(() => simulate(undefined as never), 'CONFIG_INVALID', ['undefined']);
    expectCode(() => simulate('run.json' as never), 'CONFIG_INVALID', ['string']);
  });

  it('a config that refers to itself', () => {
    const c: Record<string, unknown> = { ...base };
    c.log = { path: null, again: c };
    expectCode(() => createSimulation(c as never), 'CONFIG_INVALID', ['cycle']);
  });

  it('an inherited key name in a config object', () => {
    expectCode(() => createSimulation({ ...base, hasOwnProperty: 1 } as never), 'CONFIG_INVALID', ['hasOwnProperty']);
  });

  it('runUntil with something that is not a time', () => {
    const sim = createSimulation(base);
    expectCode(() => sim.runUntil('garbage'), 'USAGE', ['garbage']);
    expectCode(() => sim.runUntil({} as never), 'USAGE');
    expectCode(() => sim.runUntil(Number.NaN), 'USAGE', ['NaN']);
    expectCode(() => sim.runUntil(new Date('nope')), 'USAGE');
  });

  it('callbacks that are not functions, on event types that do not exist', () => {
    const sim = createSimulation(base);
    expectCode(() => sim.onBar('print' as never), 'USAGE', ['onBar']);
    expectCode(() => sim.on('BarArrivd' as never, () => undefined), 'USAGE', ['BarArrivd']);
    expectCode(() => sim.on('MarketClose', 42 as never), 'USAGE', ['MarketClose']);
  });

  it('replay of a path that is missing, a folder, or not a log', () => {
    expectCode(() => replay(path.join(dir, 'missing.arrow')), 'DATA_IO', ['missing.arrow']);
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder);
    expectCode(() => replay(folder), 'DATA_IO', ['a-folder']);
    expectCode(() => replay(path.resolve('test/fixtures/bars/SPY_1min_lean.csv')), 'LOG_CORRUPT', ['SPY_1min_lean.csv']);
  });
});
