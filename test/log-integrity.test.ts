import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulation, replay, simulate, verifyLog, type SimConfig } from '../src/index.js';
import { ArrowLogWriter, readDay, readLog, writeDay } from '../src/storage/index.js';
import { makeDataset } from './support/dataset.js';
import { editManifest, reseal } from './support/log-tamper.js';
import { tmpDir } from './support/tmp.js';

const dir = tmpDir('log-integrity-');
const DATES = ['2025-07-01', '2025-07-02'];
const base = path.join(dir, 'base');
makeDataset(base, { dates: DATES, symbols: ['AAA', 'BBB', 'ZZZ'] });
/** Enough symbols that a day's events fill the log writer's batches (8192 rows): a killed run leaves some on disk. */
const wide = path.join(dir, 'wide');
const WIDE = Array.from({ length: 12 }, (_, i) => `S${String(i).padStart(2, '0')}`);
makeDataset(wide, { dates: DATES, symbols: WIDE });

/** A fresh copy of the dataset and a run of it with a log. */
function runCopy(name: string, log: Partial<NonNullable<SimConfig['log']>> = {}): { root: string; logPath: string; config: SimConfig; hash: string | null } {
  const root = path.join(dir, name);
  cpSync(base, root, { recursive: true });
  const logPath = path.join(dir, `${name}.arrow`);
  const config: SimConfig = { data: root, symbols: ['AAA', 'BBB'], start: DATES[0]!, end: DATES[1]!, log: { path: logPath, ...log } };
  return { root, logPath, config, hash: simulate(config).hash };
}

/** Rewrites one row of a day file (the first of `symbol` at or after `minute` of the session), keeping it valid. */
function editRow(root: string, date: string, symbol: string, minute = 30): void {
  const day = readDay(path.join(root, 'interval=1m', `date=${date}`, 'bars.arrow'), { interval: '1m' });
  const s = day.symbols.indexOf(symbol);
  const rows = Array.from(day.sym.keys()).filter((i) => day.sym[i] === s);
  const r = rows[minute]!;
  const close = Float64Array.from(day.close);
  close[r] = day.low[r]!;
  writeDay(root, '1m', date, { symbols: day.symbols, ts: day.ts, sym: day.sym, open: day.open, high: day.high, low: day.low, close, volume: day.volume });
}

const codeOf = (f: () => unknown): string | undefined => {
  try { f(); } catch (e) { return (e as { code?: string }).code; }
  return undefined;
};

describe('replay --verify', () => {
  it('an untouched run verifies', () => {
    const { logPath, hash } = runCopy('v-ok');
    expect(verifyLog(logPath)).toEqual({ path: logPath, events: expect.any(Number), inputs: 2, hash });
  });

  it('after an edit of a row the run used: LOG_INPUT_CHANGED naming the file (regression: an uncoded MISMATCH line)', () => {
    const { root, logPath } = runCopy('v-used');
    editRow(root, DATES[1]!, 'AAA');
    expect(() => verifyLog(logPath)).toThrow(expect.objectContaining({ code: 'LOG_INPUT_CHANGED', message: expect.stringContaining(`date=${DATES[1]}`) }));
  });

  it('after an edit of a row the run did not use: LOG_INPUT_CHANGED all the same (regression: OK)', () => {
    const { root, logPath } = runCopy('v-unused');
    editRow(root, DATES[0]!, 'ZZZ');
    expect(() => verifyLog(logPath)).toThrow(expect.objectContaining({ code: 'LOG_INPUT_CHANGED', message: expect.stringContaining(`date=${DATES[0]}`) }));
  });

  it('a log edited and resealed is LOG_MISMATCH naming the first event that differs', () => {
    const { logPath } = runCopy('v-tamper');
    const events = readLog(logPath).events;
    const bar = events.find((e) => e.type === 'BarArrived' && e.seq > 100)! as { close: number; seq: number };
    const bytes = readFileSync(logPath);
    const at = bytes.indexOf(Buffer.from(new Float64Array([bar.close]).buffer));
    expect(at).toBeGreaterThan(0);
    bytes.writeDoubleLE(bar.close + 0.01, at);
    writeFileSync(logPath, reseal(bytes));
    const seq = readLog(logPath).events.find((e, i) => JSON.stringify(e) !== JSON.stringify(events[i]))!.seq;
    expect(() => verifyLog(logPath)).toThrow(expect.objectContaining({ code: 'LOG_MISMATCH', message: expect.stringContaining(`seq ${seq} differs`) }));
  });

  it('a log whose stored hash is not its events\' is LOG_MISMATCH', () => {
    const { config, logPath } = runCopy('v-hash');
    // The same events, with another hash recorded at the end.
    const log = readLog(logPath);
    const forged = path.join(dir, 'forged.arrow');
    const w = new (class extends ArrowLogWriter { override hash(): string { return '0'.repeat(32); } })(forged, log.manifest, { inputHash: (i) => log.manifest.inputs[i]!.sha256 });
    for (const e of log.events) w.append(e);
    w.close();
    expect(config.log?.path).toBe(logPath);
    expect(() => verifyLog(forged)).toThrow(expect.objectContaining({ code: 'LOG_MISMATCH', message: expect.stringContaining('stored 00000000') }));
  });

  it('a log cut short that matches as far as it goes is LOG_TRUNCATED', () => {
    const root = path.join(dir, 'v-cut');
    cpSync(wide, root, { recursive: true });
    const killed = path.join(dir, 'v-cut-killed.arrow');
    const sim = createSimulation({ data: root, symbols: WIDE, start: DATES[0]!, end: DATES[1]!, log: { path: killed } });
    sim.runUntil(`${DATES[1]}T15:00:00-04:00`);
    // Never closed, as if killed: the .partial holds the batches written so far.
    // (The first session at least: its batches are flushed when the next session starts, with its snapshot.)
    expect(readLog(killed).events.length).toBeGreaterThan(5000);
    expect(() => verifyLog(killed)).toThrow(expect.objectContaining({ code: 'LOG_TRUNCATED', message: expect.stringContaining('match the re-run') }));
  });
});

describe('a killed run\'s log by reference', () => {
  it('pins the inputs it used, so an edited input is LOG_INPUT_CHANGED (regression: replayed the edited prices as if logged)', () => {
    const root = path.join(dir, 'killed-ref');
    cpSync(wide, root, { recursive: true });
    const logPath = path.join(dir, 'killed-ref.arrow');
    const sim = createSimulation({ data: root, symbols: WIDE, start: DATES[0]!, end: DATES[1]!, log: { path: logPath, bars: 'ref' } });
    sim.runUntil(`${DATES[1]}T15:00:00-04:00`);
    // Killed: no close. Every batch written so far is on disk.
    const log = readLog(logPath);
    expect(log.truncated).toBe(true);
    expect(log.manifest.inputs.map((x) => typeof x.sha256)).toEqual(['string', 'string']);
    expect(log.events.length).toBeGreaterThan(5000);
    expect(replay(logPath).length).toBe(log.events.length);
    editRow(root, DATES[0]!, 'S03');
    expect(codeOf(() => replay(logPath))).toBe('LOG_INPUT_CHANGED');
  });
});

describe('the manifest\'s config', () => {
  it('a config that does not validate is LOG_CORRUPT naming the key (regression: INTERNAL, or replayed)', () => {
    const { logPath } = runCopy('bad-config');
    const bad = path.join(dir, 'bad-config-edited.arrow');
    writeFileSync(bad, editManifest(readFileSync(logPath), (m) => { (m.config as Record<string, unknown>).data_upkeep = { enabled: 'yes' }; }));
    expect(() => replay(bad)).toThrow(expect.objectContaining({ code: 'LOG_CORRUPT', message: expect.stringContaining('config.data_upkeep.enabled') }));
  });
});

describe('a day file that links out of the data root', () => {
  it('is never read: the day fails with DATA_OUTSIDE_ROOT (regression: the link was followed)', () => {
    const root = path.join(dir, 'linked');
    cpSync(base, root, { recursive: true });
    const outside = path.join(dir, 'elsewhere');
    mkdirSync(outside, { recursive: true });
    const f = path.join(root, 'interval=1m', `date=${DATES[1]}`, 'bars.arrow');
    renameSync(f, path.join(outside, 'bars.arrow'));
    symlinkSync(path.join(outside, 'bars.arrow'), f);
    const sim = createSimulation({ data: root, symbols: ['AAA'], start: DATES[0]!, end: DATES[1]! }, { keepEvents: true });
    sim.runToEnd();
    const failed = sim.log.filter((e) => e.type === 'PrefetchFailed');
    expect(failed.map((e) => (e as { code: string }).code)).toEqual(['DATA_OUTSIDE_ROOT']);
    rmSync(f);
  });
});
