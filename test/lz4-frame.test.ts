import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLz4Frames, encodeLz4Frame } from '../src/storage/lz4-frame.js';

/**
 * The LZ4 frame decoder a log is read with gives back exactly what lz4-napi (the encoder a log is
 * written with) encoded, for data of every kind of redundancy, and refuses malformed frames with
 * an Error instead of reading out of bounds or looping.
 */
const lz4 = createRequire(import.meta.url)('lz4-napi') as { compressFrameSync(b: Buffer): Buffer; compressSync(b: Buffer): Buffer; decompressFrameSync(b: Buffer): Buffer };
const RUNS = Number(process.env.SESSIONSIM_PROPERTY_RUNS ?? 300);

const encode = (b: Uint8Array) => new Uint8Array(lz4.compressFrameSync(Buffer.from(b)));

/** Bytes as columns hold them: runs of one value, repeats of short patterns at any distance, noise. */
const data = fc.array(fc.oneof(
  fc.record({ kind: fc.constant('run' as const), byte: fc.integer({ min: 0, max: 255 }), n: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({ kind: fc.constant('noise' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({ kind: fc.constant('repeat' as const), back: fc.integer({ min: 1, max: 70_000 }), n: fc.integer({ min: 1, max: 2000 }) }),
), { maxLength: 40 }).map((parts) => {
  const out: number[] = [];
  for (const p of parts) {
    if (p.kind === 'run') for (let i = 0; i < p.n; i++) out.push(p.byte);
    else if (p.kind === 'noise') out.push(...p.bytes);
    else if (out.length > 0) { const from = Math.max(0, out.length - p.back); for (let i = 0; i < p.n; i++) out.push(out[from + i]!); }
  }
  return new Uint8Array(out);
});

describe('the LZ4 frame encoder (lz4-napi blocks in a frame of our own)', () => {
  const ours = (b: Uint8Array) => encodeLz4Frame(b, (block) => lz4.compressSync(Buffer.from(block.buffer, block.byteOffset, block.byteLength)));

  it('makes frames that lz4-napi\'s own frame decoder and ours decode to the same bytes', () => {
    fc.assert(fc.property(data, (b) => {
      const frame = ours(b);
      expect(Buffer.from(lz4.decompressFrameSync(Buffer.from(frame))).equals(Buffer.from(b))).toBe(true);
      expect(Buffer.from(decodeLz4Frames(frame)).equals(Buffer.from(b))).toBe(true);
    }), { numRuns: RUNS });
  });

  it('splits data over 256 KiB into blocks, stores what does not shrink, and compresses what does', () => {
    const big = new Uint8Array(700_000);
    let x = 2463534242;
    for (let i = 0; i < big.length; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      big[i] = i < 300_000 ? x & 255 : (i >> 4) & 255;
    }
    const frame = ours(big);
    expect(Buffer.from(lz4.decompressFrameSync(Buffer.from(frame))).equals(Buffer.from(big))).toBe(true);
    // Block words after the 7-byte header: the first (noise) stored, high bit set; the last compressed.
    const word = (at: number) => new DataView(frame.buffer, frame.byteOffset + at, 4).getUint32(0, true);
    expect(word(7)).toBe((0x80000000 | 262_144) >>> 0);
    // Walk the blocks: three of at most 256 KiB, the last (the pattern) compressed, then the end mark.
    const words: number[] = [];
    for (let at = 7; ;) {
      const w = word(at);
      if (w === 0) { expect(at + 4).toBe(frame.length); break; }
      words.push(w);
      at += 4 + (w & 0x7fffffff);
    }
    expect(words).toHaveLength(3);
    expect(words[2]! & 0x80000000).toBe(0);
    expect(words[2]! & 0x7fffffff).toBeLessThan(700_000 - 2 * 262_144);
    expect(frame.length).toBeLessThan(big.length);
  });
});

describe('the LZ4 frame decoder', () => {
  it('decodes what lz4-napi encodes, byte for byte', () => {
    fc.assert(fc.property(data, (b) => {
      expect(Buffer.from(decodeLz4Frames(encode(b))).equals(Buffer.from(b))).toBe(true);
    }), { numRuns: RUNS });
  });

  it('decodes frames of several blocks (over 4 MB), incompressible blocks stored as they are, and frames one after another', () => {
    const big = new Uint8Array(9 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24 & (i % 5000 < 2500 ? 0 : 255);
    expect(Buffer.from(decodeLz4Frames(encode(big))).equals(Buffer.from(big))).toBe(true);
    const noise = new Uint8Array(100_000);
    let x = 12345;
    for (let i = 0; i < noise.length; i++) { x = (x * 1103515245 + 12345) >>> 0; noise[i] = x >>> 24; }
    const two = Buffer.concat([encode(noise), encode(big.subarray(0, 5000))]);
    expect(Buffer.from(decodeLz4Frames(two)).equals(Buffer.concat([noise, big.subarray(0, 5000)]))).toBe(true);
    expect(decodeLz4Frames(encode(new Uint8Array(0))).length).toBe(0);
  });

  it('reads the header fields other writers set: content size, block checksums, a content checksum, a dictionary id', () => {
    // A frame made by hand: FLG with block checksum, content size, content checksum and dictionary id; one stored block.
    const payload = Buffer.from('sessionsim reads frames of other writers');
    const flg = 0x40 | 0x20 | 0x10 | 0x08 | 0x04 | 0x01;
    const head = Buffer.alloc(4 + 2 + 8 + 4 + 1);
    head.writeUInt32LE(0x184d2204, 0);
    head[4] = flg;
    head[5] = 0x40;
    head.writeBigUInt64LE(BigInt(payload.length), 6);
    head.writeUInt32LE(7, 14);
    const block = Buffer.alloc(4);
    block.writeUInt32LE((0x80000000 | payload.length) >>> 0, 0);
    const frame = Buffer.concat([head, block, payload, Buffer.alloc(4), Buffer.alloc(4), Buffer.alloc(4)]);
    expect(Buffer.from(decodeLz4Frames(frame)).toString()).toBe(payload.toString());
    // A skippable frame before it is passed over.
    const skip = Buffer.alloc(8 + 3);
    skip.writeUInt32LE(0x184d2a53, 0);
    skip.writeUInt32LE(3, 4);
    expect(Buffer.from(decodeLz4Frames(Buffer.concat([skip, frame]))).toString()).toBe(payload.toString());
  });

  it('refuses damaged frames with an Error, never a hang or a read out of bounds', () => {
    const sample = encode(new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? i & 255 : 0))));
    fc.assert(fc.property(fc.integer({ min: 0, max: sample.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, xor, cut) => {
      const bad = cut ? sample.slice(0, at) : Uint8Array.from(sample);
      if (!cut) bad[at] = bad[at]! ^ xor;
      try {
        const out = decodeLz4Frames(bad);
        expect(out).toBeInstanceOf(Uint8Array);
      } catch (e) {
        expect((e as Error).message).toMatch(/^bad LZ4 frame: /);
      }
    }), { numRuns: RUNS });
    expect(() => decodeLz4Frames(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/bad LZ4 frame: no frame at byte 0/);
  });
});
