import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/index.js';
import { readSweepFile } from '../../src/sweep/index.js';
import { tmpDir } from '../support/tmp.js';
import { DEMO_DATA, expectCleanError, expectOk, expectTreeUnchanged, runCli, snapshotTree } from './harness.js';

const dir = tmpDir('corpus-edges-');
let n = 0;
/** A file in a folder of its own (so the tree check sees only this case's files). */
function caseFile(name: string, text: string): { file: string; folder: string } {
  const folder = path.join(dir, `case-${++n}`);
  mkdirSync(folder);
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return { file, folder };
}

function refusedSweep(text: string, mentions: string[]): void {
  const { file, folder } = caseFile('sweep.json', text);
  const before = snapshotTree(folder);
  expectCleanError(runCli(['sweep', file, '--out', path.join(folder, 'out.arrow')]), { code: 'CONFIG_INVALID', mentions: ['sweep.json', ...mentions] });
  expectTreeUnchanged(before, snapshotTree(folder));
}

describe('corpus: the edges of the CLI', () => {
  it('an unknown command holding an escape sequence is shown escaped, not sent to the terminal', () => {
    expectCleanError(runCli(['\u001b[31mred']), { code: 'USAGE', mentions: ['\\u001b[31mred'] });
  });

  it('an unknown command 10,000 characters long: one bounded line', () => {
    expectCleanError(runCli(['x'.repeat(10_000)]), { code: 'USAGE', mentions: ['10002 chars'] });
  });

  it('a usage error exits with USAGE\'s status and prints the command\'s help', () => {
    const r = runCli(['replay']);
    expectCleanError(r, { code: 'USAGE', mentions: ['one log file'] });
    expect(r.stderr).toContain('Usage: sessionsim replay');
  });

  it('worker without any Redis: USAGE', () => {
    expectCleanError(runCli(['worker'], { env: { SESSIONSIM_REDIS_URL: '' } }), { code: 'USAGE', mentions: ['--redis'] });
  });

  it('a sweep file that is not JSON', () => { refusedSweep('{"base": ', ['not valid JSON']); });
  it('a sweep file that is a JSON array', () => { refusedSweep('[]', ['an array']); });
  it('a sweep file nested 40 deep', () => { refusedSweep(`{"base": {"data": ${'['.repeat(40)}${']'.repeat(40)}}}`, ['nested deeper']); });
  it('a sweep file over 4 MiB is refused before it is read', () => { refusedSweep(`{"x": "${'a'.repeat(4 * 1024 * 1024)}"}`, ['bytes']); });

  it('a config file with a byte-order mark runs', () => {
    const { file } = caseFile('run.json', `\ufeff${JSON.stringify({ data: DEMO_DATA, symbols: ['SPY'], start: '2013-10-07', end: '2013-10-07' })}`);
    const r = runCli(['run', file, '--json']);
    expectOk(r);
    expect((JSON.parse(r.stdout) as { bars: number }).bars).toBeGreaterThan(0);
  });
});

describe('corpus: config and sweep files read through the library', () => {
  it('readConfigFile: data and log.path are relative to the file, not the working folder', () => {
    const { file, folder } = caseFile('run.json', JSON.stringify({ data: 'data', symbols: ['SPY'], start: '2013-10-07', end: '2013-10-07', log: { path: 'logs/run.arrow' } }));
    const c = readConfigFile(file);
    expect([c.data, c.log?.path]).toEqual([path.join(folder, 'data'), path.join(folder, 'logs', 'run.arrow')]);
  });

  it('readSweepFile: every data path (base, a data axis, configs) is relative to the file', () => {
    const { file, folder } = caseFile('sweep.json', JSON.stringify({ base: { data: 'a', symbols: ['SPY'], start: '2013-10-07', end: '2013-10-07' }, axes: { data: ['b', DEMO_DATA] }, configs: [{ data: 'c' }] }));
    const s = readSweepFile(file);
    expect([s.base.data, s.axes?.data, s.configs?.[0]?.data]).toEqual([path.join(folder, 'a'), [path.join(folder, 'b'), DEMO_DATA], path.join(folder, 'c')]);
  });

  it('a missing config file is CONFIG_INVALID naming it', () => {
    expect(() => readConfigFile(path.join(dir, 'nope.json'))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('nope.json') }));
  });
});
