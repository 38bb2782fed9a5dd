import { encodedString } from '../kernel/index.js';

/**
 * The end of a record after its numbers: the given boolean bytes, then a string value, padded to
 * a multiple of 8 bytes, as uint32 words. Records of one symbol share it, so a slice copies a few
 * words per record instead of encoding the symbol each time.
 */
export function recordTail(bools: readonly boolean[], symbol: string): Uint32Array {
  const str = encodedString(symbol);
  const bytes = new Uint8Array((bools.length + str.length + 7) & ~7);
  bools.forEach((b, i) => (bytes[i] = b ? 1 : 0));
  bytes.set(str, bools.length);
  return new Uint32Array(bytes.buffer);
}
