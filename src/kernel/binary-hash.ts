import { createHash, type Hash } from 'node:crypto';
import { canonical } from './canonical.js';

const BUFFER_BYTES = 1 << 16;

interface Layout {
  readonly names: readonly string[];
  readonly keys: readonly string[];
  readonly header: Uint8Array;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
const encoder = new TextEncoder();

/**
 * A running sha256 over a canonical binary encoding of flat records: for each record, its sorted
 * key names (encoded once per key set), then each value as a tagged float64, string, boolean or
 * null; nested values fall back to the canonical text. Independent of key order, like the text
 * encoding, and an order of magnitude cheaper per event, which matters at millions of bars.
 */
/** What a lazy slice needs to write one record's canonical bytes. */
export interface RecordWriter {
  /** Starts a record whose sorted key names are `header` (see `recordHeader`). */
  begin(header: Uint8Array): void;
  num(v: number): void;
  str(v: string): void;
  /** A string already encoded with `encodeText` (for values repeated across many records). */
  encoded(v: Uint8Array): void;
  bool(v: boolean): void;
}

/** UTF-8 bytes of a string, for RecordWriter.encoded. */
export function encodeText(s: string): Uint8Array {
  return encoder.encode(s);
}

/** The header bytes for a record with these key names (any order). */
export function recordHeader(keys: readonly string[]): Uint8Array {
  // The first 8 bytes of the sha256 of the sorted key names: a key set is told apart from every
  // other as surely as needed, and records hash 40% fewer bytes than with the names spelled out.
  return new Uint8Array(createHash('sha256').update(`{${[...keys].sort().join(',')}}`).digest().subarray(0, 8));
}

export class BinaryHasher implements RecordWriter {
  private readonly h: Hash = createHash('sha256');
  private readonly buf = new Uint8Array(BUFFER_BYTES);
  private readonly view = new DataView(this.buf.buffer);
  private pos = 0;
  private count = 0;
  private readonly layouts = new Map<string, Layout>();
  /** The last layout seen per `type`: most records of a type share their key order. */
  private readonly byType = new Map<unknown, Layout>();

  get length(): number {
    return this.count;
  }

  update(record: object): void {
    const obj = record as Record<string, unknown>;
    const names = Object.keys(obj);
    let layout = this.byType.get(obj.type);
    if (layout === undefined || !sameNames(layout.names, names)) {
      const signature = names.join('\u0000');
      layout = this.layouts.get(signature);
      if (layout === undefined) {
        const keys = [...names].sort();
        layout = { names, keys, header: recordHeader(keys) };
        this.layouts.set(signature, layout);
      }
      this.byType.set(obj.type, layout);
    }
    this.begin(layout.header);
    for (const k of layout.keys) this.value(obj[k]);
  }

  begin(header: Uint8Array): void {
    this.reserve(header.length + 4);
    this.view.setUint32(this.pos, header.length);
    this.pos += 4;
    this.buf.set(header, this.pos);
    this.pos += header.length;
    this.count++;
  }

  num(v: number): void {
    if (this.pos + 9 > BUFFER_BYTES) this.flush();
    this.buf[this.pos] = 1;
    this.view.setFloat64(this.pos + 1, v === v ? v : NaN);
    this.pos += 9;
  }

  str(v: string): void {
    this.text(2, v);
  }

  encoded(v: Uint8Array): void {
    if (v.length + 5 > BUFFER_BYTES) { this.text(2, new TextDecoder().decode(v)); return; }
    this.reserve(v.length + 5);
    this.buf[this.pos] = 2;
    this.view.setUint32(this.pos + 1, v.length);
    this.buf.set(v, this.pos + 5);
    this.pos += 5 + v.length;
  }

  bool(v: boolean): void {
    if (this.pos + 2 > BUFFER_BYTES) this.flush();
    this.buf[this.pos] = 3;
    this.buf[this.pos + 1] = v ? 1 : 0;
    this.pos += 2;
  }

  digest(): string {
    this.flush();
    return this.h.copy().digest('hex');
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        // (num normalises NaN so that every NaN payload hashes alike)
        this.num(v);
        return;
      case 'string':
        this.text(2, v);
        return;
      case 'boolean':
        this.bool(v);
        return;
      case 'undefined':
        this.reserve(1);
        this.buf[this.pos++] = 0;
        return;
      default:
        if (v === null) { this.reserve(1); this.buf[this.pos++] = 0; return; }
        this.text(4, canonical(v));
    }
  }

  private text(tag: number, s: string): void {
    const max = s.length * 3 + 5;
    if (max > BUFFER_BYTES) {
      const bytes = encoder.encode(s);
      this.reserve(5);
      this.buf[this.pos] = tag;
      this.view.setUint32(this.pos + 1, bytes.length);
      this.pos += 5;
      this.flush();
      this.h.update(bytes);
      return;
    }
    this.reserve(max);
    this.buf[this.pos] = tag;
    const { written } = encoder.encodeInto(s, this.buf.subarray(this.pos + 5));
    this.view.setUint32(this.pos + 1, written);
    this.pos += 5 + written;
  }

  private reserve(n: number): void {
    if (this.pos + n > BUFFER_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.h.update(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}
