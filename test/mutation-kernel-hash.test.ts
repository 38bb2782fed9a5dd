import { createHash } from 'node:crypto';
import { xxhash128 } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { BinaryHasher, LogHasher, canonical, encodedString, schemaFingerprint, type LazySlice, type RecordWriter } from '../src/kernel/index.js';

/**
 * The log hash over many, long and varied records, against the documented record bytes built
 * here one record at a time (no buffer, no cache). However the encoder buffers, caches and flushes,
 * the hash is over the byte stream: these must agree.
 */

const BUFFER = 1 << 18; // the encoder's buffer (limit of a RecordWriter)
const utf8 = new TextEncoder();

function leb128(n: number): number[] {
  const out: number[] = [];
  do { let b = n % 128; n = Math.floor(n / 128); if (n > 0) b |= 128; out.push(b); } while (n > 0);
  return out;
}

const fingerprints = new Map<string, number[]>();

/** The documented bytes of one record (see binary-hash.ts). */
function referenceRecord(rec: Record<string, unknown>): Uint8Array {
  const typed = typeof rec.type === 'string';
  const kinds = new Map<string, string>();
  for (const [k, v] of Object.entries(rec)) {
    if (typed && k === 'type') continue;
    if (v === undefined) continue;
    kinds.set(k, typeof v === 'number' ? 'n' : typeof v === 'boolean' ? 'b' : typeof v === 'string' ? 's' : v === null ? 'z' : 'j');
  }
  const sorted = [...kinds.keys()].sort();
  const schema = `${typed ? JSON.stringify(rec.type) : '-'}{${sorted.map((k) => `${JSON.stringify(k)}:${kinds.get(k)}`).join(',')}}`;
  let fp = fingerprints.get(schema);
  if (fp === undefined) fingerprints.set(schema, (fp = [...createHash('sha256').update(schema).digest().subarray(0, 8)]));
  const parts: number[] = [...fp];
  for (const k of sorted) if (kinds.get(k) === 'n') {
    const b = new Uint8Array(8);
    const v = rec[k] as number;
    new DataView(b.buffer).setFloat64(0, Number.isNaN(v) ? NaN : v, true);
    if (Number.isNaN(v)) b.set([0, 0, 0, 0, 0, 0, 0xf8, 0x7f]); // the one NaN: 0x7ff8000000000000
    parts.push(...b);
  }
  for (const k of sorted) if (kinds.get(k) === 'b') parts.push(rec[k] ? 1 : 0);
  const texts: string[] = [];
  for (const k of sorted) if (kinds.get(k) === 's') texts.push(rec[k] as string);
  for (const k of sorted) if (kinds.get(k) === 'j') texts.push(canonical(rec[k]));
  const head = Uint8Array.from(parts);
  const bodies = texts.map((t) => { const u = utf8.encode(t); return [Uint8Array.from(leb128(u.length)), u]; }).flat();
  const size = head.length + bodies.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array((size + 7) & ~7);
  out.set(head, 0);
  let at = head.length;
  for (const b of bodies) { out.set(b, at); at += b.length; }
  return out;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/** A small deterministic generator (the test must be the same every run). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

function varied(count: number, seed: number): Record<string, unknown>[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const text = (): string => {
    const n = pick([0, 1, 3, 8, 63, 64, 65, 127, 128, 500, 3000]);
    return Array.from({ length: n }, () => pick(['a', 'Z', '7', 'é', '€', '😀', ' '])).join('');
  };
  const value = (): unknown => {
    switch (Math.floor(r() * 9)) {
      case 0: return r() * 1e6 - 5e5;
      case 1: return pick([0, -0, NaN, Infinity, -Infinity, 1, 2 ** 53, -1e-300]);
      case 2: return r() < 0.5;
      case 3: case 4: return text();
      case 5: return null;
      case 6: return undefined;
      case 7: return { b: r() < 0.5 ? [1, 'x', null] : text(), a: Math.floor(r() * 100) };
      default: return pick([12n, [r(), -0], 'SPY']);
    }
  };
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const rec: Record<string, unknown> = {};
    const keys = ['time', 'seq', 'symbol', 'a', 'b', 'zz', 'late', 'x'].filter(() => r() < 0.5);
    if (r() < 0.9) rec.type = pick(['Bar', 'Gap', 'Close', 'Bar', 'Bar']);
    else if (r() < 0.5) rec.type = 7;
    for (const k of keys) rec[k] = value();
    out.push(rec);
  }
  return out;
}

async function expectSameHash(h: BinaryHasher, records: readonly Record<string, unknown>[]): Promise<void> {
  expect(h.digest()).toBe(await xxhash128(concat(records.map(referenceRecord))));
}

describe('the log hash of many records', () => {
  it('is the documented bytes of each record, in order, for many varied records, with digests on the way', async () => {
    const records = varied(3000, 1);
    const h = new BinaryHasher();
    for (let i = 0; i < records.length; i++) {
      h.update(records[i]!);
      if (i === 1800) await expectSameHash(h, records.slice(0, i + 1));
      if (i % 97 === 0) expect(h.length).toBe(i + 1);
    }
    await expectSameHash(h, records);
    await expectSameHash(h, records); // a digest changes nothing
  });

  it('records larger than the buffer, or just about its size, are the same bytes, counted', async () => {
    const sizes = [BUFFER - 11 - 8, BUFFER - 11 - 3, BUFFER - 11, BUFFER - 11 + 1, BUFFER - 11 + 4, BUFFER - 11 + 8, BUFFER - 11 + 9, 3 * BUFFER];
    const records: Record<string, unknown>[] = [];
    const h = new BinaryHasher();
    for (const n of sizes) {
      // A record of 8 + 3 + n bytes (fingerprint, length, text), among small ones.
      for (const rec of [{ type: 'S', i: n }, { type: 'Big', s: 'q'.repeat(n) }, { type: 'S', i: -n, s: 'tail' }]) {
        h.update(rec);
        records.push(rec);
      }
    }
    expect(h.length).toBe(records.length);
    await expectSameHash(h, records);
  });

  it('a record after a near-full buffer goes whole into the next one', async () => {
    // Fill the buffer to within a few bytes of its end, in every alignment, then write records
    // bigger than what is left.
    for (const pad of [1, 2, 5, 8, 9, 13]) {
      const records: Record<string, unknown>[] = [{ type: 'P', s: 'p'.repeat(BUFFER - 8 - 3 - 24 - pad) }];
      for (let i = 0; i < 6; i++) records.push({ type: 'R', v: i, ok: i % 2 === 0, s: 'xy'.repeat(i) });
      const h = new BinaryHasher();
      for (const rec of records) h.update(rec);
      await expectSameHash(h, records);
    }
  });

  it('records of many booleans fill the buffer to its end and no further', async () => {
    // 24 booleans and a number: 40 bytes a record, ending the buffer 24 bytes short of the next.
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < 7000; i++) {
      const rec: Record<string, unknown> = { type: 'Flags', n: i };
      for (let f = 0; f < 24; f++) rec[`f${f}`] = ((i >> (f % 12)) & 1) === 1;
      records.push(rec);
    }
    const h = new BinaryHasher();
    for (const rec of records) h.update(rec);
    await expectSameHash(h, records);
  });

  it('every NaN is written as the same NaN', async () => {
    const odd = new Float64Array(new Uint32Array([1, 0x7ff00000, 0xdeadbeef, 0xfff80000]).buffer);
    const a = new BinaryHasher(), b = new BinaryHasher();
    a.update({ type: 'N', x: odd[0]!, y: odd[1]! });
    b.update({ type: 'N', x: NaN, y: NaN });
    expect(a.digest()).toBe(b.digest());
    const c = new BinaryHasher();
    c.update({ type: 'N', x: odd[0]!, y: odd[1]! });
    await expectSameHash(c, [{ type: 'N', x: NaN, y: NaN }]);
  });
});

describe('records of one type', () => {
  it('get their schema from their own keys and value kinds, in any order they come', async () => {
    const records: Record<string, unknown>[] = [
      { type: 'A', x: 1 }, { type: 'B', x: 1 }, { type: 'A', x: 2 }, // other types, the same keys
      { type: 'T', a: 1, b: 2 }, { type: 'T', a: 1 }, { type: 'T', a: 1, b: 2 }, // fewer keys after more
      { type: 'T', a: 1, c: 2 }, { type: 'T', b: 1, c: 2 }, // the same kinds, another first name
      { type: 'T', a: 1, b: 2, c: 3 }, { type: 'T', a: 1, b: 2, d: 3 }, { type: 'T', a: 1, e: 2, c: 3 }, // another last or middle name
      { type: 'T', a: 1, b: 'two', c: 3 }, { type: 'T', a: 1, b: undefined, c: 3 }, { type: 'T', a: 1, b: null, c: 3 }, // another kind in the middle
      { type: 'T', c: 3, b: 2, a: 1 }, // another key order
      { type: 7, a: 1 }, { type: 8, a: 2 }, { type: null, a: 3 }, { type: 'T', a: 4 }, { a: 5 },
    ];
    const h = new BinaryHasher();
    for (const rec of [...records, ...records]) h.update(rec);
    await expectSameHash(h, [...records, ...records]);
  });
});

describe('string values', () => {
  it('are their LEB128 byte length and UTF-8, the same array each time for a short one', () => {
    for (const s of ['', 'SPY', 'é€😀', 'x'.repeat(64), 'y'.repeat(65), 'z'.repeat(20_000)]) {
      const u = utf8.encode(s);
      const e = encodedString(s);
      expect([...e]).toEqual([...leb128(u.length), ...u]);
      // Short strings (symbols, dates) are encoded once; long ones each time.
      expect(encodedString(s) === e).toBe(s.length <= 64);
    }
  });

  it('are kept encoded up to 65536 of them, then forgotten all at once', () => {
    let n = 0;
    const fresh = (): string => `k${n++}`;
    const probe = 'the-probe';
    let kept = encodedString(probe);
    // Find the moment the kept strings are forgotten: then only the newest and the probe are kept.
    let forgot = false;
    for (let i = 0; i < 70_000 && !forgot; i++) {
      encodedString(fresh());
      const again = encodedString(probe);
      forgot = again !== kept;
      kept = again;
    }
    expect(forgot).toBe(true);
    for (let i = 0; i < 65_534; i++) encodedString(fresh());
    expect(encodedString(probe)).toBe(kept); // 65536 kept
    encodedString(fresh());
    expect(encodedString(probe)).not.toBe(kept); // one more: all forgotten
  });
});

/** Points as a lazy slice writing its records straight into the hash buffer, as the handlers' slices do. */
class Points implements LazySlice<Record<string, unknown>> {
  readonly lazy = true;
  readonly type = 'P';
  private readonly fp = schemaFingerprint('P', { seq: 'n', v: 'n', s: 's' });
  materialized = 0;
  constructor(private readonly values: readonly number[]) {}
  get length(): number { return this.values.length; }
  timeAt(): number { return 0; }
  materialize(i: number, seq: number): Record<string, unknown> { this.materialized++; return { type: 'P', v: this.values[i]!, seq, s: `s${i % 7}` }; }
  writeRecords(from: number, to: number, base: number, w: RecordWriter): void {
    let p = w.begin(), done = 0;
    for (let i = from; i < to; i++) {
      const s = encodedString(`s${i % 7}`);
      const bytes = (8 + 16 + s.length + 7) & ~7;
      if (p + bytes > w.limit) { p = w.spill(p, done); done = 0; }
      w.u32[p >> 2] = this.fp[0]!; w.u32[(p >> 2) + 1] = this.fp[1]!;
      w.f64[(p >> 3) + 1] = base + i; w.f64[(p >> 3) + 2] = this.values[i]!;
      w.u8.set(s, p + 24);
      w.u8.fill(0, p + 24 + s.length, p + bytes);
      p += bytes;
      done++;
    }
    w.end(p, done);
  }
}

describe('a lazy slice writing its own records', () => {
  it('hashes as its records, across many buffers, between other records, counted', async () => {
    const values = Array.from({ length: 30_000 }, (_, i) => i * 1.5 - 7);
    const slice = new Points(values), objects = new Points(values);
    const h = new LogHasher();
    const records: Record<string, unknown>[] = [];
    const cuts = [0, 1, 5000, 5001, 17_000, 30_000];
    for (let c = 0; c + 1 < cuts.length; c++) {
      h.updateLazy(slice, cuts[c]!, cuts[c + 1]!, 100);
      for (let i = cuts[c]!; i < cuts[c + 1]!; i++) records.push(objects.materialize(i, 100 + i));
      const between = { type: 'Q', s: 'between'.repeat(c * 40) };
      h.update(between);
      records.push(between);
      expect(h.length).toBe(records.length);
    }
    await expectSameHash(h, records);
    expect(slice.materialized).toBe(0); // written from its columns, never built
  });
});
