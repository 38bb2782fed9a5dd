import { encodedString } from '../kernel/index.js';

/**
 * The end of a record after its numbers: the given boolean bytes, then the string values, padded
 * to a multiple of 8 bytes, as uint32 words. Records of one symbol share it, so a slice copies a
 * few words per record instead of encoding its strings each time.
 */
export function recordTail(bools: readonly boolean[], strings: readonly string[]): Uint32Array {
  const key = `${bools.map((b) => (b ? 1 : 0)).join('')}${JSON.stringify(strings)}`;
  let tail = cache.get(key);
  if (tail === undefined) {
    // Symbols repeat from day to day: encode each once per process (bounded, in case of many).
    if (cache.size >= CACHE_LIMIT) cache.clear();
    tail = buildTail(bools, strings);
    cache.set(key, tail);
  }
  return tail;
}

const CACHE_LIMIT = 1 << 16;
const cache = new Map<string, Uint32Array>();

function buildTail(bools: readonly boolean[], strings: readonly string[]): Uint32Array {
  const encoded = strings.map(encodedString);
  const used = bools.length + encoded.reduce((n, s) => n + s.length, 0);
  const bytes = new Uint8Array((used + 7) & ~7);
  bools.forEach((b, i) => (bytes[i] = b ? 1 : 0));
  let at = bools.length;
  for (const s of encoded) { bytes.set(s, at); at += s.length; }
  return new Uint32Array(bytes.buffer);
}
