import { createHash } from 'node:crypto';
import { canonical } from './canonical.js';
import { StreamHash } from './stream-hash.js';

/**
 * The canonical binary encoding of flat records, hashed as a stream (the log hash: see stream-hash).
 *
 * A record is a fingerprint of its schema, then its values grouped by kind, then zero padding to
 * a multiple of 8 bytes:
 *
 *   fingerprint  8 bytes: the first 8 bytes of sha256 of the schema text, which names the
 *                record's `type` (when it is a string) and each other key with its kind
 *   numbers      float64 little-endian, 8 bytes each (every NaN written as the same NaN)
 *   booleans     1 byte each
 *   strings      byte length (unsigned LEB128), then UTF-8
 *   other        (objects, arrays, bigints) length (LEB128), then their canonical text
 *
 * Within a group, values follow their sorted key names; null is a kind with no bytes, and an
 * undefined value counts as an absent key. The encoding never depends on key order. Because the
 * kinds are in the fingerprint, no value needs a tag; because every record starts 8-aligned, a
 * slice of bars writes its numbers as aligned float64 stores, and a bar hashes 80 bytes.
 */

const BUFFER_BYTES = 1 << 18;
const encoder = new TextEncoder();

if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f) {
  throw new Error('sessionsim needs a little-endian platform: its log hash writes float64 values in native byte order');
}

/** Kinds of value in a schema. */
export type ValueKind = 'n' | 'b' | 's' | 'z' | 'j';
const GROUPS: readonly ValueKind[] = ['n', 'b', 's', 'j'];

/**
 * The 8-byte fingerprint of a schema, as two little-endian uint32 words. `fields` maps every key
 * except `type` to its kind; `type` is the record's type string, or null when it has none.
 */
export function schemaFingerprint(type: string | null, fields: Readonly<Record<string, ValueKind>>): Uint32Array {
  const text = `${type === null ? '-' : JSON.stringify(type)}{${Object.keys(fields).sort().map((k) => `${JSON.stringify(k)}:${fields[k]}`).join(',')}}`;
  const d = createHash('sha256').update(text).digest();
  return new Uint32Array(new Uint8Array(d.subarray(0, 8)).buffer);
}

/** Unsigned LEB128: 7 bits a byte, low first, the high bit set on all but the last. */
function lengthPrefix(n: number): Uint8Array {
  const out: number[] = [];
  do {
    const b = n % 128;
    n = Math.floor(n / 128);
    out.push(n > 0 ? b | 128 : b);
  } while (n > 0);
  return Uint8Array.from(out);
}

const encodedCache = new Map<string, Uint8Array>();

/**
 * A string value as it is encoded: its length prefix and bytes, ready to copy into a record.
 * Short strings (symbols, dates) repeat on many records: they are encoded once (bounded cache).
 */
export function encodedString(s: string): Uint8Array {
  if (s.length > 64) return encodeString(s);
  let e = encodedCache.get(s);
  if (e === undefined) {
    if (encodedCache.size >= 1 << 16) encodedCache.clear();
    e = encodeString(s);
    encodedCache.set(s, e);
  }
  return e;
}

function encodeString(s: string): Uint8Array {
  const bytes = encoder.encode(s);
  const prefix = lengthPrefix(bytes.length);
  const out = new Uint8Array(prefix.length + bytes.length);
  out.set(prefix);
  out.set(bytes, prefix.length);
  return out;
}

/**
 * What a lazy slice writes its records into: one buffer seen as bytes, uint32 words and float64s.
 * A writer of many records takes `begin()` (the 8-aligned offset to write at), writes records
 * one after another, each padded to 8 bytes, and calls `end(at, records)` with the offset after
 * the last one. Before a record that would pass `limit` it calls `spill(at, records)`, which
 * takes what was written so far and returns the offset to go on at.
 */
export interface RecordWriter {
  readonly u8: Uint8Array;
  readonly u32: Uint32Array;
  readonly f64: Float64Array;
  readonly limit: number;
  begin(): number;
  end(at: number, records: number): void;
  spill(at: number, records: number): number;
}

interface Layout {
  /** The key names and their kinds (null: undefined) in the object's own order, to match records. */
  readonly names: readonly string[];
  readonly nameKinds: readonly (ValueKind | null)[];
  readonly fingerprint: Uint32Array;
  /** Keys to write, in encoding order, with their kind. */
  readonly keys: readonly string[];
  readonly kinds: readonly ValueKind[];
}

function kindOf(v: unknown): ValueKind | null {
  switch (typeof v) {
    case 'number': return 'n';
    case 'boolean': return 'b';
    case 'string': return 's';
    case 'undefined': return null;
    default: return v === null ? 'z' : 'j';
  }
}

export class BinaryHasher implements RecordWriter {
  private readonly h = new StreamHash();
  private readonly buffer = new ArrayBuffer(BUFFER_BYTES);
  readonly u8 = new Uint8Array(this.buffer);
  readonly u32 = new Uint32Array(this.buffer);
  readonly f64 = new Float64Array(this.buffer);
  private readonly view = new DataView(this.buffer);
  private pos = 0;
  /** Records hashed or written so far. */
  protected count = 0;
  /**
   * Layouts by the record's type, each with the key names (in the object's own order) and value
   * kinds it was made for: most records of a type share one, found without building a string.
   */
  private readonly layouts = new Map<unknown, Layout[]>();
  private layoutCount = 0;

  private layoutOf(obj: Record<string, unknown>, names: readonly string[]): Layout {
    const type = typeof obj.type === 'string' ? obj.type : null;
    let list = this.layouts.get(type);
    if (list === undefined) { list = []; this.layouts.set(type, list); }
    for (const l of list) {
      if (l.names.length !== names.length) continue;
      let same = true;
      for (let i = 0; i < names.length && same; i++) same = l.names[i] === names[i] && l.nameKinds[i] === kindOf(obj[names[i]!]);
      if (same) return l;
    }
    const layout = makeLayout(obj, names);
    if (this.layoutCount < 4096) { list.push(layout); this.layoutCount++; }
    return layout;
  }

  get length(): number {
    return this.count;
  }

  readonly limit = BUFFER_BYTES;

  begin(): number {
    return this.pos;
  }

  end(at: number, records: number): void {
    this.pos = at;
    this.count += records;
  }

  spill(at: number, records: number): number {
    this.end(at, records);
    this.flush();
    return this.pos;
  }

  private reserve(bytes: number): number {
    if (this.pos + bytes > BUFFER_BYTES) this.flush();
    return this.pos;
  }

  private commit(bytes: number): void {
    let end = this.pos + bytes;
    while ((end & 7) !== 0) this.u8[end++] = 0;
    this.pos = end;
    this.count++;
  }

  /** Hashes one record given as an object (any key order). */
  update(record: object): void {
    const obj = record as Record<string, unknown>;
    const names = Object.keys(obj);
    const layout = this.layoutOf(obj, names);
    const strings: Uint8Array[] = [];
    let size = 8;
    for (let i = 0; i < layout.keys.length; i++) {
      const kind = layout.kinds[i]!;
      if (kind === 'n') size += 8;
      else if (kind === 'b') size += 1;
      else if (kind === 's' || kind === 'j') {
        const v = obj[layout.keys[i]!];
        const bytes = encodedString(kind === 's' ? (v as string) : canonical(v));
        strings.push(bytes);
        size += bytes.length;
      }
    }
    if (size + 8 > BUFFER_BYTES) {
      // Too big for the buffer: the same bytes, written to a buffer of their own.
      const own = new Uint8Array((size + 7) & ~7);
      writeValues(own, new DataView(own.buffer), writeFingerprint(own, 0, layout), layout, obj, strings);
      this.flush();
      this.emit(own);
      this.count++;
      return;
    }
    const p = this.reserve(size + 8);
    const end = writeValues(this.u8, this.view, writeFingerprint(this.u8, p, layout), layout, obj, strings);
    this.commit(end - this.pos);
  }

  digest(): string {
    this.flush();
    return this.h.digest();
  }

  /** Hands the records written so far on (to the hash, or wherever a subclass sends them). */
  protected flush(): void {
    if (this.pos === 0) return;
    this.emit(this.u8.subarray(0, this.pos));
    this.pos = 0;
  }

  /** Whole records' bytes, in stream order: hashed here; a subclass may send them elsewhere. */
  protected emit(bytes: Uint8Array): void {
    this.h.update(bytes);
  }

  /**
   * Whole records encoded elsewhere (by this same encoding), hashed in order after those before;
   * not counted here (where they were encoded, they were).
   */
  updateBytes(bytes: Uint8Array): void {
    this.flush();
    this.h.update(bytes);
  }

  /** The hash's state after every record so far (another hasher goes on from it: loadState). */
  hashState(): Uint8Array {
    this.flush();
    return this.h.state;
  }

  /** The hash goes on from this state; records written and not flushed yet stay, to come after it. */
  loadState(state: Uint8Array): void {
    this.h.load(state);
  }
}

/** Writes a record's fingerprint at byte `at` of `u8`; returns where its values start. */
function writeFingerprint(u8: Uint8Array, at: number, layout: Layout): number {
  u8.set(new Uint8Array(layout.fingerprint.buffer, layout.fingerprint.byteOffset, 8), at);
  return at + 8;
}

/** Writes a record's values from byte `p` (strings already encoded, in order); returns the end. */
function writeValues(u8: Uint8Array, view: DataView, p: number, layout: Layout, obj: Record<string, unknown>, strings: readonly Uint8Array[]): number {
  let s = 0;
  for (let i = 0; i < layout.keys.length; i++) {
    const kind = layout.kinds[i]!;
    const v = obj[layout.keys[i]!];
    if (kind === 'n') { view.setFloat64(p, v === v ? (v as number) : NaN, true); p += 8; }
    else if (kind === 'b') u8[p++] = v ? 1 : 0;
    else if (kind === 's' || kind === 'j') {
      const bytes = strings[s++]!;
      u8.set(bytes, p);
      p += bytes.length;
    }
  }
  return p;
}

function makeLayout(obj: Record<string, unknown>, names: readonly string[]): Layout {
  const typeFolded = typeof obj.type === 'string';
  const fields: Record<string, ValueKind> = {};
  for (const k of names) {
    if (typeFolded && k === 'type') continue;
    const kind = kindOf(obj[k]);
    if (kind !== null) fields[k] = kind;
  }
  const sorted = Object.keys(fields).sort();
  const keys: string[] = [], kinds: ValueKind[] = [];
  for (const g of GROUPS) for (const k of sorted) if (fields[k] === g) { keys.push(k); kinds.push(g); }
  return { names: [...names], nameKinds: names.map((k) => kindOf(obj[k])), fingerprint: schemaFingerprint(typeFolded ? (obj.type as string) : null, fields), keys, kinds };
}
