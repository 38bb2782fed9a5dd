import * as A from 'apache-arrow';
import { bitAt } from './arrow-text.js';

/**
 * A numeric Arrow vector of any chunking as one Float64Array, each value times `scale` (a
 * timestamp unit to ms), with a validity byte per row (null when no row is null): see
 * numericArray for the values.
 */
export function numericValues(vec: A.Vector, scale = 1): { values: Float64Array; valid: Uint8Array | null } {
  let valid: Uint8Array | null = null, at = 0;
  for (const d of vec.data) {
    if (d.nullCount > 0) validBytes(d, (valid ??= new Uint8Array(vec.length).fill(1)), at);
    at += d.length;
  }
  return { values: numericArray(vec, scale), valid };
}

/**
 * The values alone (a null row's value is whatever its slot holds). 64-bit integers are read as
 * their two 32-bit halves: exact below 2^53 and several times cheaper than a BigInt per value
 * (little-endian, checked by the log hash module at load). Some Arrow builds hand 64-bit values
 * over as pairs of 32-bit words; those are read the same way. A sliced vector's values start at
 * the slice, its validity bitmap at the Data's offset (apache-arrow's Data.slice).
 */
export function numericArray(vec: A.Vector, scale = 1): Float64Array {
  // One unsliced float64 chunk: its own buffer, not a copy (every caller only reads it).
  const only = vec.data.length === 1 ? vec.data[0]! : null;
  if (only !== null && scale === 1 && only.offset === 0 && only.values instanceof Float64Array && only.values.length === only.length) return only.values;
  const out = new Float64Array(vec.length);
  let at = 0;
  for (const d of vec.data) {
    const raw = d.values as ArrayLike<number | bigint>;
    const wide = A.DataType.isTimestamp(d.type) || (A.DataType.isInt(d.type) && (d.type as A.Int).bitWidth === 64);
    if (raw instanceof BigInt64Array || (wide && raw instanceof Int32Array)) {
      const words = raw instanceof BigInt64Array ? new Int32Array(raw.buffer, raw.byteOffset, raw.length * 2) : raw;
      for (let i = 0; i < d.length; i++) out[at + i] = ((words[2 * i]! >>> 0) + words[2 * i + 1]! * 4294967296) * scale;
    } else if (raw instanceof BigUint64Array) {
      for (let i = 0; i < d.length; i++) out[at + i] = Number(raw[i]!) * scale;
    } else {
      const num = raw as ArrayLike<number>;
      for (let i = 0; i < d.length; i++) out[at + i] = num[i]! * scale;
    }
    at += d.length;
  }
  return out;
}

/** A chunk's validity bitmap as a byte per row, into `valid` from row `at`. */
function validBytes(d: A.Data, valid: Uint8Array, at: number): void {
  const bits = d.nullBitmap!;
  for (let i = 0, b = d.offset; i < d.length; i++, b++) valid[at + i] = bitAt(bits, b);
}
