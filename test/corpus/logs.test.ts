/**
 * Corpus: event logs that are damaged, cut short, not logs at all, or made to lie (a manifest that
 * names files outside the data root, an edited and resealed log), and `replay --verify` after
 * inputs were edited. Each case: the exit status, one `CODE: message` line naming the file, byte,
 * entry or seq, and no file changed (the log, the dataset).
 */
import { cpSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as A from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createSimulation, simulate, type SimConfig } from '../../src/index.js';
import { readDay, readLog, writeDay } from '../../src/storage/index.js';
import { makeDataset } from '../support/dataset.js';
import { editManifest, FORMAT_KEY, frames, reseal, withManifest, withSchemaMetadata } from '../support/log-tamper.js';
import { tmpDir } from '../support/tmp.js';
import { expectCleanError, expectOk, expectTreeUnchanged, runCli, snapshotTree } from './harness.js';

const dir = tmpDir('corpus-logs-');
const DATES = ['2025-07-01', '2025-07-02'];
const base = path.join(dir, 'base');
makeDataset(base, { dates: DATES, symbols: ['AAA', 'BBB', 'ZZZ'] });

let n = 0;
/** A case folder with its own copy of the dataset and a run's log over it (full, or by reference). */
function fresh(bars: 'full' | 'ref' = 'full'): { caseDir: string; root: string; log: string } {
  const caseDir = path.join(dir, `case-${n++}`);
  const root = path.join(caseDir, 'data');
  cpSync(base, root, { recursive: true });
  const log = path.join(caseDir, 'run.arrow');
  const config: SimConfig = { data: root, symbols: ['AAA', 'BBB'], start: DATES[0]!, end: DATES[1]!, log: { path: log, bars } };
  simulate(config);
  return { caseDir, root, log };
}

/** Runs `sessionsim replay ...args` and checks the clean error and that nothing under the case folder changed. */
function replayFails(caseDir: string, args: readonly string[], code: Parameters<typeof expectCleanError>[1]['code'], mentions: string[]): string {
  const before = snapshotTree(caseDir);
  const line = expectCleanError(runCli(['replay', ...args]), { code, mentions });
  expectTreeUnchanged(before, snapshotTree(caseDir));
  return line;
}

function flip(file: string, at: number): void {
  const bytes = readFileSync(file);
  bytes[at] = bytes[at]! ^ 0x24;
  writeFileSync(file, bytes);
}

/** Rewrites one valid row of a day file (the 30th bar of `symbol`) with another close within its range. */
function editRow(root: string, date: string, symbol: string): void {
  const day = readDay(path.join(root, 'interval=1m', `date=${date}`, 'bars.arrow'), { interval: '1m' });
  const s = day.symbols.indexOf(symbol);
  const r = Array.from(day.sym.keys()).filter((i) => day.sym[i] === s)[30]!;
  const close = Float64Array.from(day.close);
  close[r] = day.low[r]!;
  writeDay(root, '1m', date, { symbols: day.symbols, ts: day.ts, sym: day.sym, open: day.open, high: day.high, low: day.low, close, volume: day.volume });
}

describe('corpus: damaged logs', () => {
  it('a byte flipped inside a batch body is LOG_CORRUPT naming the byte (not a changed value, exit 0)', () => {
    const { caseDir, log } = fresh();
    const batch = frames(readFileSync(log)).filter((f) => f.message.isRecordBatch())[1]!;
    flip(log, batch.metaEnd + Math.floor((batch.end - batch.metaEnd) / 2));
    replayFails(caseDir, [log], 'LOG_CORRUPT', ['run.arrow', 'damaged at byte', 'batch 1']);
  });

  it('the events before a damaged batch are printed, every one, before its LOG_CORRUPT (output written in blocks)', () => {
    const { log } = fresh();
    const events = readLog(log).events;
    const batches = frames(readFileSync(log)).filter((f) => f.message.isRecordBatch());
    const rows = batches.map((f) => Number((f.message.header() as unknown as { length: number | bigint }).length));
    // The last batch with events: those of every batch before it come out.
    const k = rows.length - 1 - [...rows].reverse().findIndex((r) => r > 0);
    const before = rows.slice(0, k).reduce((a, b) => a + b, 0);
    expect(before).toBeGreaterThan(0);
    flip(log, batches[k]!.metaEnd + Math.floor((batches[k]!.end - batches[k]!.metaEnd) / 2));
    for (const json of [false, true]) {
      const r = runCli(['replay', log, ...(json ? ['--json'] : [])]);
      expectCleanError(r, { code: 'LOG_CORRUPT', mentions: ['run.arrow', `batch ${k}`] });
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length).toBe(before);
      expect(json ? (JSON.parse(lines[before - 1]!) as { seq: number }).seq : Number(lines[before - 1]!.trim().split(/\s+/)[0])).toBe(events[before - 1]!.seq);
    }
  });

  it('a byte flipped in the manifest (the schema) is LOG_CORRUPT', () => {
    const { caseDir, log } = fresh();
    flip(log, readFileSync(log).indexOf('"packageVersion"') + 3);
    replayFails(caseDir, [log], 'LOG_CORRUPT', ['run.arrow', 'batch 0']);
  });

  it('a byte flipped in the end record is LOG_CORRUPT (not a log cut short)', () => {
    const { caseDir, log } = fresh();
    const size = readFileSync(log).length;
    flip(log, size - 40);
    replayFails(caseDir, [log], 'LOG_CORRUPT', ['run.arrow', 'damaged at byte']);
  });

  it('a byte flipped in the end-of-stream marker is LOG_CORRUPT', () => {
    const { caseDir, log } = fresh();
    flip(log, readFileSync(log).length - 2);
    replayFails(caseDir, [log], 'LOG_CORRUPT', ['run.arrow', 'after the end of the log']);
  });

  it('a log cut short replays its whole batches and says so on stderr', () => {
    const { caseDir, log } = fresh();
    const bytes = readFileSync(log);
    const events = readLog(log).events.length;
    // Cut inside the end batch: every event is in the batches before it.
    writeFileSync(log, bytes.subarray(0, bytes.length - 30));
    const before = snapshotTree(caseDir);
    const r = runCli(['replay', log, '--limit', '2']);
    expectOk(r);
    expect(r.stderr).toMatch(new RegExp(`^LOG_TRUNCATED: .*run\\.arrow was cut short; replaying its ${events} complete events$`, 'm'));
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expectTreeUnchanged(before, snapshotTree(caseDir));
  });

  it('`replay --verify` of a log cut short is LOG_TRUNCATED', () => {
    const { caseDir, log } = fresh();
    const bytes = readFileSync(log);
    writeFileSync(log, bytes.subarray(0, bytes.length - 200));
    replayFails(caseDir, [log, '--verify'], 'LOG_TRUNCATED', ['run.arrow', 'cut short']);
  });
});

describe('corpus: files that are not logs', () => {
  const caseDir = path.join(dir, 'not-logs');
  mkdirSync(caseDir, { recursive: true });
  const file = (name: string, bytes: string | Uint8Array) => { const f = path.join(caseDir, name); writeFileSync(f, bytes); return f; };

  it('an empty file', () => {
    replayFails(caseDir, [file('empty.arrow', '')], 'LOG_CORRUPT', ['empty.arrow', 'empty']);
  });

  it('a CSV file', () => {
    replayFails(caseDir, [file('bars.csv', 'ts,symbol,open,high,low,close,volume\n2025-07-01T09:30:00-04:00,AAA,1,1,1,1,1\n')], 'LOG_CORRUPT', ['bars.csv', 'not an Arrow stream']);
  });

  it('a day file of the dataset', () => {
    replayFails(caseDir, [path.join(base, 'interval=1m', `date=${DATES[0]}`, 'bars.arrow')], 'LOG_CORRUPT', ['bars.arrow', 'Arrow IPC file']);
  });

  it('random bytes that start like an Arrow stream', () => {
    let x = 11;
    const noise = Buffer.from(Array.from({ length: 8192 }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24)));
    noise.writeUInt32LE(0xffffffff, 0);
    replayFails(caseDir, [file('noise.arrow', noise)], 'LOG_CORRUPT', ['noise.arrow', 'damaged at byte']);
  });

  it('a folder', () => {
    replayFails(caseDir, [caseDir], 'DATA_IO', ['not-logs', 'folder']);
  });

  it('a file that does not exist', () => {
    replayFails(caseDir, [path.join(caseDir, 'missing.arrow')], 'DATA_IO', ['missing.arrow']);
  });

  it('an Arrow stream written by another program', () => {
    const stream = A.tableToIPC(A.tableFromArrays({ seq: Float64Array.from([0, 1, 2]), time: Float64Array.from([0, 1, 2]) }), 'stream');
    replayFails(caseDir, [file('foreign.arrow', stream)], 'LOG_CORRUPT', ['foreign.arrow', 'without a sessionsim manifest']);
  });

  it('a log of an older format', () => {
    const { log } = fresh();
    replayFails(caseDir, [file('old.arrow', withSchemaMetadata(readFileSync(log), (m) => m.set(FORMAT_KEY, '2')))], 'LOG_CORRUPT', ['old.arrow', 'log format "2"']);
  });
});

describe('corpus: manifests that are wrong (resealed, so only their meaning is checked)', () => {
  it('a manifest that is not JSON', () => {
    const { caseDir, log } = fresh();
    writeFileSync(log, withManifest(readFileSync(log), '{"format":"3","config":'));
    replayFails(caseDir, [log], 'LOG_CORRUPT', ['run.arrow', 'bad manifest', 'not JSON']);
  });

  it('a manifest without a key', () => {
    const { caseDir, log } = fresh();
    writeFileSync(log, editManifest(readFileSync(log), (m) => { delete m.bars; }));
    replayFails(caseDir, [log], 'LOG_CORRUPT', ['run.arrow', 'bad manifest', 'bars']);
  });

  it('a manifest whose config does not validate', () => {
    const { caseDir, log } = fresh();
    writeFileSync(log, editManifest(readFileSync(log), (m) => { (m.config as Record<string, unknown>).symbols = []; }));
    replayFails(caseDir, [log], 'LOG_CORRUPT', ['run.arrow', 'config.symbols']);
  });

  it('a manifest input that is an absolute path (/etc/passwd)', () => {
    const { caseDir, log } = fresh('ref');
    writeFileSync(log, editManifest(readFileSync(log), (m) => { (m.inputs as { path: string }[])[0]!.path = '/etc/passwd'; }));
    replayFails(caseDir, [log], 'LOG_CORRUPT', ['inputs[0].path', '/etc/passwd']);
  });

  it('a manifest input that climbs out of the root with ..', () => {
    const { caseDir, log } = fresh('ref');
    writeFileSync(log, editManifest(readFileSync(log), (m) => { (m.inputs as { path: string }[])[1]!.path = '../../../etc/passwd'; }));
    replayFails(caseDir, [log, '--verify'], 'LOG_CORRUPT', ['inputs[1].path', '../../../etc/passwd']);
  });

  it('a manifest input whose day file is a link out of the data root', () => {
    const { caseDir, root, log } = fresh('ref');
    const f = path.join(root, 'interval=1m', `date=${DATES[0]}`, 'bars.arrow');
    const outside = path.join(caseDir, 'outside.arrow');
    renameSync(f, outside);
    symlinkSync(outside, f);
    replayFails(caseDir, [log], 'DATA_OUTSIDE_ROOT', ['inputs[0]', `date=${DATES[0]}`]);
  });
});

describe('corpus: replay --verify after edits', () => {
  it('an untouched log verifies: exit 0, one OK line', () => {
    const { caseDir, log } = fresh();
    const before = snapshotTree(caseDir);
    const r = runCli(['replay', log, '--verify']);
    expectOk(r);
    expect(r.stdout).toMatch(/^OK: .*run\.arrow: \d+ events match a re-run of its config, 2 inputs unchanged, log hash [0-9a-f]{32}\n$/);
    expectTreeUnchanged(before, snapshotTree(caseDir));
  });

  it('after an edit of a row the run used: LOG_INPUT_CHANGED naming the file', () => {
    const { caseDir, root, log } = fresh();
    editRow(root, DATES[1]!, 'AAA');
    replayFails(caseDir, [log, '--verify'], 'LOG_INPUT_CHANGED', [`date=${DATES[1]}`]);
  });

  it('after an edit of a row the run did not use: LOG_INPUT_CHANGED naming the file', () => {
    const { caseDir, root, log } = fresh();
    editRow(root, DATES[0]!, 'ZZZ');
    replayFails(caseDir, [log, '--verify'], 'LOG_INPUT_CHANGED', [`date=${DATES[0]}`]);
  });

  it('a log edited and resealed: LOG_MISMATCH naming the first event that differs', () => {
    const { caseDir, log } = fresh();
    const events = readLog(log).events;
    const bar = events.find((e) => e.type === 'BarArrived' && e.seq > 50) as { close: number } | undefined;
    const bytes = readFileSync(log);
    const at = bytes.indexOf(Buffer.from(new Float64Array([bar!.close]).buffer));
    bytes.writeDoubleLE(bar!.close + 0.25, at);
    writeFileSync(log, reseal(bytes));
    const seq = readLog(log).events.find((e, i) => JSON.stringify(e) !== JSON.stringify(events[i]))!.seq;
    replayFails(caseDir, [log, '--verify'], 'LOG_MISMATCH', ['run.arrow', `seq ${seq} differs`]);
  });

  it('a killed run\'s log by reference, replayed after an input edit: LOG_INPUT_CHANGED', () => {
    const caseDir = path.join(dir, 'killed');
    const root = path.join(caseDir, 'data');
    const symbols = Array.from({ length: 12 }, (_, i) => `S${String(i).padStart(2, '0')}`);
    makeDataset(root, { dates: DATES, symbols });
    const log = path.join(caseDir, 'run.arrow');
    const sim = createSimulation({ data: root, symbols, start: DATES[0]!, end: DATES[1]!, log: { path: log, bars: 'ref' } });
    sim.runUntil(`${DATES[1]}T15:00:00-04:00`);
    // Not closed: as a killed run leaves it.
    editRow(root, DATES[0]!, 'S05');
    replayFails(caseDir, [log], 'LOG_INPUT_CHANGED', [`date=${DATES[0]}`]);
  });
});
