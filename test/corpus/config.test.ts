import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../support/tmp.js';
import { BIN, DEMO_DATA, expectCleanError, expectOk, expectTreeUnchanged, runCli, snapshotTree } from './harness.js';

const dir = tmpDir('corpus-config-');
const base = { data: DEMO_DATA, symbols: ['SPY'], start: '2013-10-07', end: '2013-10-08' };
let n = 0;

/** Writes a config file (text as given, or JSON of an object) into its own folder and runs it; nothing but stdout/stderr may come of it. */
function runConfig(content: string | object, code: Parameters<typeof expectCleanError>[1]['code'], mentions: string[] = []) {
  const sub = path.join(dir, `case-${++n}`);
  mkdirSync(sub);
  const file = path.join(sub, 'config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  const before = snapshotTree(sub);
  const line = expectCleanError(runCli(['run', file]), { code, mentions });
  expectTreeUnchanged(before, snapshotTree(sub));
  return line;
}

describe('corpus: configs', () => {
  it('JSON null', () => { runConfig('null', 'CONFIG_INVALID', ['null']); });
  it('a JSON array', () => { runConfig('[1, 2]', 'CONFIG_INVALID', ['array']); });
  it('a JSON number', () => { runConfig('42', 'CONFIG_INVALID', ['number']); });
  it('not JSON', () => { runConfig('{"data": ', 'CONFIG_INVALID', ['config.json', 'not valid JSON']); });
  it('an empty file', () => { runConfig('', 'CONFIG_INVALID', ['config.json']); });
  it('nesting 200,000 deep (no stack overflow)', () => { runConfig(`{"data": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`, 'CONFIG_INVALID', ['config.json', 'nested deeper']); });
  it('nesting 40 deep inside a known key', () => {
    let v: unknown = 1;
    for (let i = 0; i < 40; i++) v = { a: v };
    runConfig({ ...base, log: v }, 'CONFIG_INVALID', ['nested deeper']);
  });
  it('a __proto__ key', () => { runConfig(`{"data": ${JSON.stringify(DEMO_DATA)}, "symbols": ["SPY"], "start": "2013-10-07", "end": "2013-10-08", "__proto__": {"x": 1}}`, 'CONFIG_INVALID', ['__proto__', 'unknown key']); });
  it('a constructor key', () => { runConfig({ ...base, constructor: 1 }, 'CONFIG_INVALID', ['constructor', 'unknown key']); });
  it('a toString key inside log', () => { runConfig({ ...base, log: { toString: 1 } }, 'CONFIG_INVALID', ['log.toString']); });
  it('a 50 MB config is refused before it is read, in one short line', () => {
    const line = runConfig(JSON.stringify({ ...base, symbols: ['x'.repeat(50 * 1024 * 1024)] }), 'CONFIG_INVALID', ['bytes']);
    expect(line.length).toBeLessThan(400);
  });
  it('a 3 MB symbol gets a bounded line', () => {
    const line = runConfig({ ...base, symbols: ['y'.repeat(3 * 1024 * 1024)] }, 'CONFIG_INVALID', ['config.symbols']);
    expect(line.length).toBeLessThan(400);
  });
  it('control characters in a value are escaped in the message', () => {
    const line = runConfig({ ...base, start: '2013-10-07\r\u001b[31mred' }, 'CONFIG_INVALID', ['config.start', '\\r', '\\u001b']);
    expect(line).not.toContain('\u001b');
  });
  it('symbols as a string', () => { runConfig({ ...base, symbols: 'SPY' }, 'CONFIG_INVALID', ['config.symbols', '"SPY"']); });
  it('an empty symbol list', () => { runConfig({ ...base, symbols: [] }, 'CONFIG_INVALID', ['config.symbols']); });
  it('an end before the start', () => { runConfig({ ...base, end: '2013-10-01' }, 'CONFIG_INVALID', ['config.end', '2013-10-01']); });
  it('an unknown calendar', () => { runConfig({ ...base, calendar: 'XXXX' }, 'CONFIG_INVALID', ['config.calendar', 'XXXX']); });
  it('a start outside the calendar', () => { runConfig({ ...base, start: '1890-01-02', end: '1890-01-03' }, 'CONFIG_INVALID', ['config.start', '1890']); });
  it('a derived interval of 0', () => { runConfig({ ...base, data_upkeep: { derived_intervals: [0] } }, 'CONFIG_INVALID', ['derived_intervals']); });
  it('a negative latency', () => { runConfig({ ...base, prefetch: { latency_ms: -1 } }, 'CONFIG_INVALID', ['prefetch.latency_ms', '-1']); });
  it('a timeout of Infinity-like 1e999', () => { runConfig(`{"data": ${JSON.stringify(DEMO_DATA)}, "symbols": ["SPY"], "start": "2013-10-07", "end": "2013-10-08", "prefetch": {"timeout_seconds": 1e999}}`, 'CONFIG_INVALID', ['prefetch.timeout_seconds']); });
  it('an unknown log.bars mode', () => { runConfig({ ...base, log: { bars: 'some' } }, 'CONFIG_INVALID', ['log.bars', '"some"']); });
  it('an interval of 5m', () => { runConfig({ ...base, interval: '5m' }, 'CONFIG_INVALID', ['config.interval', '5m']); });
  it('a data root that does not exist', () => { runConfig({ ...base, data: 'no/such/folder' }, 'DATA_ROOT_MISSING', ['no/such/folder']); });
  it('a data root that is a file', () => { runConfig({ ...base, data: 'config.json' }, 'DATA_ROOT_MISSING', ['config.json']); });
  it('a data root without the interval asked for', () => { runConfig({ ...base, interval: '1s' }, 'DATA_ROOT_MISSING', ['interval=1s', 'interval=1m']); });
  it('an unknown symbol when the first day file is unreadable', () => {
    const data = path.join(dir, 'bad-first-day');
    cpSync(DEMO_DATA, data, { recursive: true });
    writeFileSync(path.join(data, 'interval=1m', 'date=2013-10-07', 'bars.arrow'), 'not arrow');
    const before = snapshotTree(data);
    runConfig({ ...base, data, symbols: ['SPY', 'NOPE'] }, 'CONFIG_INVALID', ['NOPE', '2013-10-08']);
    expectTreeUnchanged(before, snapshotTree(data));
  });
});

describe('corpus: the command line itself', () => {
  it('an inherited property name as a command', () => {
    expectCleanError(runCli(['constructor']), { code: 'USAGE', mentions: ['constructor'] });
    expectCleanError(runCli(['__proto__']), { code: 'USAGE', mentions: ['__proto__'] });
  });

  it('a reader that stops early (| head -1) ends the command quietly', () => {
    for (const args of ['calendar XNYS', 'calendar XNYS --csv', 'demo']) {
      const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" ${args} | head -c 10 >/dev/null; echo "status=$?" >&2`], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr, args).not.toMatch(/EPIPE|\s+at /);
      expect(r.stderr, args).toMatch(/status=0/);
    }
  });

  it('standard output on a full disk (/dev/full) is OUTPUT_IO, not a stack trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" calendar XNYS > /dev/full`], { encoding: 'utf8', timeout: 30_000 });
    expectCleanError({ status: r.status, signal: r.signal, stdout: '', stderr: r.stderr, timedOut: false }, { code: 'OUTPUT_IO', mentions: ['standard output', 'ENOSPC'] });
  });

  it('a good config still runs (the corpus is not refusing everything)', () => {
    const file = path.join(dir, 'good.json');
    writeFileSync(file, JSON.stringify(base));
    expectOk(runCli(['run', file]));
  });
});
