import fc from 'fast-check';
import { xxhash128 } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { StreamHash } from '../src/kernel/stream-hash.js';

// Every stream shares one WebAssembly engine and keeps its own state: interleaved streams, and a
// digest taken in the middle, must not disturb one another.
describe('the log hash stream', () => {
  it('equals XXH3-128 of the concatenated bytes, whatever the chunks, the interleaving and the digests taken on the way', async () => {
    const chunks = fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 12 });
    const samples = fc.sample(fc.tuple(chunks, chunks), 40);
    for (const [a, b] of samples) {
      const ha = new StreamHash(), hb = new StreamHash();
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) {
        if (i < a.length) ha.update(a[i]!);
        if (i % 3 === 0) ha.digest();
        if (i < b.length) hb.update(b[i]!);
      }
      const join = (xs: Uint8Array[]) => { const out = new Uint8Array(xs.reduce((k, x) => k + x.length, 0)); let at = 0; for (const x of xs) { out.set(x, at); at += x.length; } return out; };
      expect(ha.digest()).toBe(await xxhash128(join(a)));
      expect(hb.digest()).toBe(await xxhash128(join(b)));
    }
  });
});
