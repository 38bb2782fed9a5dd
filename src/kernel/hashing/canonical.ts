/**
 * A canonical text encoding for hashing: object keys sorted, no whitespace, numbers in their
 * shortest round-trip form with -0, NaN and the infinities spelled out, so that the encoding of a
 * value never depends on the order its keys were created in.
 */
export function canonical(value: unknown): string {
  return encode(value, false);
}

/**
 * canonical(tagNonFinite(value)) (see storage/log-format), without the tagged copy: NaN and the
 * infinities outside typed arrays written as {"$n": "NaN"}, which JSON reads back as numbers.
 */
export function canonicalTagged(value: unknown): string {
  return encode(value, true);
}

function encode(value: unknown, tagged: boolean): string {
  switch (typeof value) {
    case 'number':
      return tagged && !Number.isFinite(value) ? `{"$n":${encodeNumber(value)}}` : encodeNumber(value);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'null';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((v) => encode(v, tagged)).join(',')}]`;
      if (ArrayBuffer.isView(value)) return `[${Array.from(value as unknown as ArrayLike<number>, encodeNumber).join(',')}]`;
      return encodeObject(value as Record<string, unknown>, tagged);
    default:
      throw new TypeError(`cannot encode a ${typeof value}`);
  }
}

const keyCache = new Map<string, readonly string[]>();

function encodeObject(obj: Record<string, unknown>, tagged: boolean): string {
  const keys = Object.keys(obj);
  // Events of one type share a key set: cache its sorted order by the unsorted signature, which
  // must tell every two key lists apart (keys joined by a separator can collide: 'a\u0000b' vs a, b).
  const signature = JSON.stringify(keys);
  let sorted = keyCache.get(signature);
  if (sorted === undefined) {
    sorted = [...keys].sort();
    if (keyCache.size < 4096) keyCache.set(signature, sorted);
  }
  let out = '{';
  for (let i = 0; i < sorted.length; i++) {
    const k = sorted[i]!;
    const v = obj[k];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += JSON.stringify(k) + ':' + encode(v, tagged);
  }
  return out + '}';
}

function encodeNumber(n: number): string {
  if (Number.isNaN(n)) return '"NaN"';
  if (n === Infinity) return '"Infinity"';
  if (n === -Infinity) return '"-Infinity"';
  if (Object.is(n, -0)) return '-0';
  return String(n);
}
