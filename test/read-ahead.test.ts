import { readFileSync, renameSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replay, simulate, type SimEvent } from '../src/index.js';
import { LogStream, readLog, scanLog, type LogCompression } from '../src/storage/index.js';
import { decompressedElsewhere } from '../src/storage/log-codecs.js';
import { ReadAheadThread, sharedReadAhead } from '../src/storage/read-ahead.js';
import { makeDataset } from './support/dataset.js';
import { frames } from './support/log-tamper.js';
import { tmpDir } from './support/tmp.js';

/**
 * A log's batches read, checked and decompressed on the read-ahead thread must come out as the
 * reader's own thread reads them: the same events, the same hash, the same errors at the same
 * places, whatever the thread does (stops at damage, dies, finds the file replaced).
 */

const dir = tmpDir('read-ahead-');
const DATES = ['2025-06-02', '2025-06-03', '2025-06-04'];
const SYMBOLS = Array.from({ length: 24 }, (_, i) => `S${String(i).padStart(2, '0')}`);
const root = path.join(dir, 'data');
makeDataset(root, { dates: DATES, symbols: SYMBOLS, skip: (s, ts) => (ts / 60_000) % (7 + SYMBOLS.indexOf(s)) === 3 });
const config = { data: root, symbols: SYMBOLS, start: DATES[0]!, end: DATES[2]! };
const logs = new Map<string, string>();
for (const bars of ['full', 'ref'] as const) {
  for (const compression of ['none', 'lz4', 'zstd'] as LogCompression[]) {
    const file = path.join(dir, `${bars}-${compression}.arrow`);
    simulate({ ...config, log: { path: file, bars, compression } });
    logs.set(`${bars}-${compression}`, file);
  }
}
const zstd = logs.get('full-zstd')!;

/** Runs `f` with the read-ahead thread on for logs of any size (`on`), or off. */
function withThread<T>(on: boolean, f: () => T): T {
  const before = process.env.SESSIONSIM_READ_THREAD;
  process.env.SESSIONSIM_READ_THREAD = on ? '1' : '0';
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env.SESSIONSIM_READ_THREAD;
    else process.env.SESSIONSIM_READ_THREAD = before;
  }
}

/** What reading the whole log gives: its events, or the error's code and message. */
function outcome(file: string): { events?: SimEvent[]; truncated?: boolean; error?: string } {
  try {
    const log = readLog(file);
    return { events: log.events, truncated: log.truncated };
  } catch (e) {
    return { error: `${(e as { code?: string }).code}: ${(e as Error).message}` };
  }
}

let thread: ReadAheadThread;
beforeAll(() => {
  thread = withThread(true, () => sharedReadAhead())!;
  expect(thread.ready(30_000)).toBe(true);
});

describe('the read-ahead thread', () => {
  it('gives the same events and hash as the reader\'s own thread, full and by reference, in every compression', () => {
    for (const [name, file] of logs) {
      const batchesBefore = thread.batches, decodedBefore = decompressedElsewhere();
      const own = withThread(false, () => ({ ...outcome(file), hash: replay(file).hash }));
      expect(thread.batches).toBe(batchesBefore);
      const ahead = withThread(true, () => ({ ...outcome(file), hash: replay(file).hash }));
      expect(ahead, name).toEqual(own);
      expect(own.events!.length).toBeGreaterThan(1000);
      expect(own.hash).toBe(readLog(file).end!.hash);
      // The thread did the reading (every batch but the first, read with the head), and its decompressed buffers were used.
      expect(thread.batches - batchesBefore).toBeGreaterThanOrEqual(2 * (scanLog(file).batches.length - 2));
      if (!name.endsWith('none')) expect(decompressedElsewhere()).toBeGreaterThan(decodedBefore);
      expect(thread.busy).toBe(false);
    }
  });

  it('filters and seeks give the same answers, and a filtered read leaves the thread alone', () => {
    const r = (on: boolean) => withThread(on, () => {
      const rp = replay(zstd);
      const closes = [...rp.logged({ types: ['MarketClose'] })];
      const symbol = [...rp.logged({ symbol: 'S07' })].length;
      rp.seek(Math.floor(rp.length / 2));
      return { closes, symbol, state: rp.state };
    });
    expect(r(true)).toEqual(r(false));
    // A read that skips batches by their index reads here: the thread would decompress every batch.
    withThread(true, () => {
      const before = thread.batches;
      expect([...replay(zstd).logged({ types: ['MarketClose'] })].length).toBe(3);
      expect(thread.batches).toBe(before);
    });
  });

  it('a damaged batch is the same LOG_CORRUPT at the same place, in the middle or the last batch', () => {
    for (const which of ['middle', 'last'] as const) {
      const bytes = Buffer.from(readFileSync(zstd));
      const f = frames(bytes);
      const batch = which === 'middle' ? f[Math.floor(f.length / 2)]! : f[f.length - 1]!;
      bytes[batch.end - 9] = bytes[batch.end - 9]! ^ 0x40;
      const bad = path.join(dir, `bad-${which}.arrow`);
      writeFileSync(bad, bytes);
      const own = withThread(false, () => outcome(bad));
      expect(own.error).toMatch(/^LOG_CORRUPT: .*damaged at byte \d+/);
      expect(withThread(true, () => outcome(bad))).toEqual(own);
    }
  });

  it('a log cut short reads to its last whole batch and says so, as on the reader\'s own thread', () => {
    const cut = path.join(dir, 'cut.arrow');
    copyFileSync(zstd, cut);
    const f = frames(readFileSync(zstd));
    truncateSync(cut, f[Math.floor(f.length / 2)]!.end - 100);
    const own = withThread(false, () => outcome(cut));
    expect(own.truncated).toBe(true);
    expect(own.events!.length).toBeGreaterThan(0);
    expect(withThread(true, () => outcome(cut))).toEqual(own);
  });

  it('a thread that dies mid-log: the reader reads on from the last batch it took', () => {
    const dying = new ReadAheadThread(undefined, { exitAfter: 3 });
    try {
      expect(dying.ready(30_000)).toBe(true);
      const s = new LogStream(zstd);
      // The stream's thread is the dying one (a test reaches past readAheadFor).
      (s as unknown as { thread: ReadAheadThread }).thread = dying;
      const events = [...s.events()].map((x) => x.event);
      expect(dying.batches).toBe(3);
      expect(dying.usable).toBe(false);
      expect(events).toEqual(readLog(zstd).events);
    } finally {
      dying.giveUp();
    }
  });

  it('a log replaced under its reader is read from the file the reader opened', () => {
    const file = path.join(dir, 'moving.arrow');
    copyFileSync(logs.get('full-none')!, file);
    const want = readLog(file).events;
    withThread(true, () => {
      const s = new LogStream(file);
      // Another log now has the path: the thread must not read it.
      const other = path.join(dir, 'other.arrow');
      copyFileSync(zstd, other);
      renameSync(other, file);
      const before = thread.batches;
      expect([...s.events()].map((x) => x.event)).toEqual(want);
      expect(thread.batches).toBe(before);
    });
  });

  it('two logs at once, and a log let go early: each reads whole, the thread serving one at a time', () => {
    withThread(true, () => {
      const want = readLog(zstd).events;
      const a = new LogStream(zstd), b = new LogStream(zstd);
      const ia = a.events(), ib = b.events();
      const ga: SimEvent[] = [], gb: SimEvent[] = [];
      for (;;) {
        const x = ia.next(), y = ib.next();
        if (!x.done) ga.push(x.value.event);
        if (!y.done) gb.push(y.value.event);
        if (x.done === true && y.done === true) break;
      }
      expect(ga).toEqual(want);
      expect(gb).toEqual(want);
      expect(thread.busy).toBe(false);
      // Let go after a few events: the thread is free again, and the next log is read whole.
      const early = replay(zstd).logged();
      for (let i = 0; i < 5000; i++) early.next();
      early.return(undefined);
      expect(thread.busy).toBe(false);
      const before = thread.batches;
      expect(outcome(zstd).events).toEqual(want);
      expect(thread.batches).toBeGreaterThan(before);
    });
  });
});
