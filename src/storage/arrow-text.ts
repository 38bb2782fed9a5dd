import * as A from 'apache-arrow';

// Strings and booleans of Arrow vectors read straight from their buffers: a log batch repeats a
// few hundred symbols and a dozen type names over thousands of rows, so each distinct short
// string is made once and shared, instead of decoded per row (the Arrow library's toArray does).

const decoder = new TextDecoder();
/** Short ASCII strings by a hash of their bytes (a checked cache: a collision is a miss). */
const interned = new Map<number, string>();

/** The UTF-8 text of bytes [s, e), a short ASCII one shared with every earlier equal one. */
export function textAt(bytes: Uint8Array, s: number, e: number): string {
  if (e - s > 32) return decoder.decode(bytes.subarray(s, e));
  let h = 0x811c9dc5 ^ (e - s);
  for (let k = s; k < e; k++) {
    const b = bytes[k]!;
    if (b >= 0x80) return decoder.decode(bytes.subarray(s, e));
    h = Math.imul(h ^ b, 0x01000193);
  }
  const hit = interned.get(h);
  if (hit !== undefined && hit.length === e - s) {
    let same = true;
    for (let k = s; k < e && same; k++) same = hit.charCodeAt(k - s) === bytes[k];
    if (same) return hit;
  }
  const str = String.fromCharCode.apply(null, bytes.subarray(s, e) as unknown as number[]);
  if (interned.size >= 1 << 16) interned.clear();
  interned.set(h, str);
  return str;
}

// A sliced Data keeps its offset for its bitmaps (validity, and a Bool's values), while its offsets
// and fixed-width values start at the slice (apache-arrow's Data.slice).

/** Bit k of a bitmap, 0 or 1 (Arrow's order: bit k & 7 of byte k >> 3). */
export function bitAt(bits: Uint8Array, k: number): number {
  return (bits[k >> 3]! >> (k & 7)) & 1;
}

/** A Utf8 or dictionary-of-Utf8 vector as strings (null where null). */
export function stringValues(vec: A.Vector): (string | null)[] {
  const out = new Array<string | null>(vec.length);
  let at = 0;
  for (const d of vec.data) {
    // Data.nullCount is a getter that costs a type test per call: read once per chunk.
    const nulls = d.nullCount === 0 ? null : d.nullBitmap!, off = d.offset;
    const ok = (i: number) => nulls === null || bitAt(nulls, off + i) === 1;
    if (A.DataType.isDictionary(d.type)) {
      const names = stringValues(d.dictionary!);
      const idx = d.values as ArrayLike<number>;
      for (let i = 0; i < d.length; i++) out[at + i] = ok(i) ? names[idx[i]!] ?? null : null;
    } else if (nulls !== null && d.nullCount === d.length) {
      for (let i = 0; i < d.length; i++) out[at + i] = null;
    } else {
      const offsets = d.valueOffsets as Int32Array, bytes = d.values as Uint8Array;
      for (let i = 0; i < d.length; i++) out[at + i] = ok(i) ? textAt(bytes, offsets[i]!, offsets[i + 1]!) : null;
    }
    at += d.length;
  }
  return out;
}

/** A Bool vector as booleans (null where null). */
export function booleanValues(vec: A.Vector): (boolean | null)[] {
  const out = new Array<boolean | null>(vec.length);
  let at = 0;
  for (const d of vec.data) {
    const bits = d.values as Uint8Array, nulls = d.nullCount === 0 ? null : d.nullBitmap!;
    for (let i = 0; i < d.length; i++) {
      const b = d.offset + i;
      out[at + i] = nulls === null || bitAt(nulls, b) === 1 ? bitAt(bits, b) === 1 : null;
    }
    at += d.length;
  }
  return out;
}
