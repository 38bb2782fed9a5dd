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

/** An object's keys in canonical order, each with its JSON text. */
interface KeyOrder { readonly sorted: readonly string[]; readonly quoted: readonly string[] }
const keyCache = new Map<string, KeyOrder>();
/** The last key list met and its order: a list of objects of one shape skips the cache's signature. */
let lastKeys: readonly string[] = [], lastOrder: KeyOrder = { sorted: [], quoted: [] };

function keyOrder(keys: readonly string[]): KeyOrder {
  if (keys.length === lastKeys.length) {
    let same = true;
    for (let i = 0; i < keys.length && same; i++) same = keys[i] === lastKeys[i];
    if (same) return lastOrder;
  }
  // Events of one type share a key set: cache its sorted order by the unsorted signature, which
  // must tell every two key lists apart (keys joined by a separator can collide: 'a\u0000b' vs a, b).
  const signature = JSON.stringify(keys);
  let order = keyCache.get(signature);
  if (order === undefined) {
    const sorted = [...keys].sort();
    order = { sorted, quoted: sorted.map((k) => JSON.stringify(k)) };
    if (keyCache.size < 4096) keyCache.set(signature, order);
  }
  lastKeys = keys;
  lastOrder = order;
  return order;
}

function encodeObject(obj: Record<string, unknown>, tagged: boolean): string {
  const { sorted, quoted } = keyOrder(Object.keys(obj));
  let out = '{';
  for (let i = 0; i < sorted.length; i++) {
    const v = obj[sorted[i]!];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += quoted[i]! + ':' + encode(v, tagged);
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
