import fc from 'fast-check';
import { xxhash128 } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { StreamHash } from '../src/kernel/hashing/stream-hash.js';
import { BinaryHasher, encodedString, schemaFingerprint } from '../src/kernel/hashing/binary-hash.js';

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

describe('the canonical record of an object', () => {
  // fingerprint | numbers as f64 LE | booleans | strings (LEB128 length + UTF-8) | zero pad to 8.
  const expected = async (rec: { type: string; n: number; ok: boolean; s: string }) => {
    const fp = new Uint8Array(schemaFingerprint(rec.type, { n: 'n', ok: 'b', s: 's' }).buffer);
    const num = new Uint8Array(8);
    new DataView(num.buffer).setFloat64(0, rec.n, true);
    const str = encodedString(rec.s);
    const size = 8 + 8 + 1 + str.length;
    const out = new Uint8Array((size + 7) & ~7);
    out.set(fp, 0); out.set(num, 8); out[16] = rec.ok ? 1 : 0; out.set(str, 17);
    return xxhash128(out);
  };
  it('is the documented bytes, for a small record and for one larger than the hash buffer', async () => {
    for (const s of ['SPY', 'é'.repeat(200_000)]) {
      const rec = { type: 'T', n: 1.5, ok: true, s };
      const h = new BinaryHasher();
      h.update({ s, ok: true, n: 1.5, type: 'T' });
      expect(h.digest()).toBe(await expected(rec));
    }
  });
});
