import { encodedString } from '../kernel/index.js';

/**
 * The end of a record after its numbers: the given boolean bytes, then the string values, padded
 * to a multiple of 8 bytes, as uint32 words. Records of one symbol share it, so a slice copies a
 * few words per record instead of encoding its strings each time.
 */
export function recordTail(bools: readonly boolean[], strings: readonly string[]): Uint32Array {
  const encoded = strings.map(encodedString);
  const used = bools.length + encoded.reduce((n, s) => n + s.length, 0);
  const bytes = new Uint8Array((used + 7) & ~7);
  bools.forEach((b, i) => (bytes[i] = b ? 1 : 0));
  let at = bools.length;
  for (const s of encoded) { bytes.set(s, at); at += s.length; }
  return new Uint32Array(bytes.buffer);
}

/**
 * Per-symbol tails that do not change from day to day, built once per process (bounded, in case
 * of very many symbols): a slice looks each of its symbols up once, not each record.
 */
export class TailCache<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly build: (symbol: string) => T, private readonly limit = 1 << 16) {}

  of(symbol: string): T {
    let t = this.map.get(symbol);
    if (t === undefined) {
      if (this.map.size >= this.limit) this.map.clear();
      t = this.build(symbol);
      this.map.set(symbol, t);
    }
    return t;
  }
}
