/**
 * LZ4 frames (https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md): encoded around a block
 * compressor (encodeLz4Frame, below), and decoded here into memory V8 owns and counts. lz4-napi's
 * decoder hands back buffers outside V8's heap that its collector does not count: a replay of a
 * 1.4 GB log held 1.6 GB that way. Here each frame is walked twice: once for its decoded size (the
 * frame need not say it), once to decode into an array of exactly that size. Checksums are not
 * verified: a log's batches are sealed before they are decoded. Malformed input throws an Error;
 * it never reads or writes out of bounds, and never loops.
 */

const MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE = 0x184d2a50;

function fail(what: string): never {
  throw new Error(`bad LZ4 frame: ${what}`);
}

function u32(b: Uint8Array, at: number): number {
  if (at + 4 > b.length) fail('cut short');
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** One frame's blocks: where each block's bytes are, and whether it is stored uncompressed. */
interface Block { readonly from: number; readonly to: number; readonly stored: boolean }

/** The blocks of the frame at `at`, and where the frame ends. */
function frameBlocks(b: Uint8Array, at: number, blocks: Block[]): number {
  const magic = u32(b, at);
  if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE) return at + 8 + u32(b, at + 4);
  if (magic !== MAGIC) fail(`no frame at byte ${at}`);
  if (at + 7 > b.length) fail('cut short');
  const flg = b[at + 4]!;
  if (flg >> 6 !== 1) fail(`version ${flg >> 6}`);
  const blockChecksum = (flg & 0x10) !== 0, contentSize = (flg & 0x08) !== 0, contentChecksum = (flg & 0x04) !== 0, dictId = (flg & 0x01) !== 0;
  let p = at + 6 + (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1;
  for (;;) {
    const word = u32(b, p);
    p += 4;
    if (word === 0) break;
    const size = word & 0x7fffffff;
    if (p + size > b.length) fail('a block runs past the end');
    blocks.push({ from: p, to: p + size, stored: (word & 0x80000000) !== 0 });
    p += size + (blockChecksum ? 4 : 0);
  }
  return p + (contentChecksum ? 4 : 0);
}

/** The length after an LZ4 length nibble of 15: bytes of 255 and one less, added. */
function extra(src: Uint8Array, at: number, end: number): [number, number] {
  let n = 0, b = 255;
  while (b === 255) {
    if (at >= end) fail('a length runs past its block');
    b = src[at++]!;
    n += b;
  }
  return [n, at];
}

/** A compressed block's decoded length. */
function blockSize(src: Uint8Array, from: number, to: number): number {
  let ip = from, n = 0;
  while (ip < to) {
    const token = src[ip++]!;
    let lit = token >>> 4;
    if (lit === 15) { const [x, at] = extra(src, ip, to); lit += x; ip = at; }
    ip += lit;
    n += lit;
    if (ip > to) fail('literals run past their block');
    if (ip === to) break; // the last sequence has literals only
    ip += 2;
    let match = (token & 15) + 4;
    if ((token & 15) === 15) { const [x, at] = extra(src, ip, to); match += x; ip = at; }
    n += match;
  }
  return n;
}

/** Decodes a compressed block into `out` at `op` (matches may reach back into earlier blocks); returns the end. */
function decodeBlock(src: Uint8Array, from: number, to: number, out: Uint8Array, op: number): number {
  let ip = from;
  while (ip < to) {
    const token = src[ip++]!;
    let lit = token >>> 4;
    if (lit === 15) { const [x, at] = extra(src, ip, to); lit += x; ip = at; }
    if (lit > 0) {
      if (lit < 16) for (let k = 0; k < lit; k++) out[op + k] = src[ip + k]!;
      else out.set(src.subarray(ip, ip + lit), op);
      ip += lit;
      op += lit;
    }
    if (ip >= to) break;
    if (ip + 2 > to) fail('an offset runs past its block');
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    let match = (token & 15) + 4;
    if ((token & 15) === 15) { const [x, at] = extra(src, ip, to); match += x; ip = at; }
    let from2 = op - offset;
    if (offset === 0 || from2 < 0) fail(`a match offset of ${offset} before the start`);
    if (match < 24) {
      const stop = op + match;
      while (op < stop) out[op++] = out[from2++]!;
    } else if (offset >= match) {
      out.copyWithin(op, from2, from2 + match);
      op += match;
    } else {
      // A match that overlaps what it writes repeats its first `offset` bytes: copied once, then
      // the copy so far doubled (always a whole number of periods) until it is long enough.
      out.copyWithin(op, from2, op);
      let done = offset;
      while (done < match) {
        const n = Math.min(done, match - done);
        out.copyWithin(op + done, op, op + n);
        done += n;
      }
      op += match;
    }
  }
  return op;
}

/** The bytes an LZ4 frame (or frames one after another) hold. */
export function decodeLz4Frames(src: Uint8Array): Uint8Array {
  const blocks: Block[] = [];
  for (let at = 0; at < src.length;) at = frameBlocks(src, at, blocks);
  let size = 0;
  for (const k of blocks) size += k.stored ? k.to - k.from : blockSize(src, k.from, k.to);
  const out = new Uint8Array(size);
  let op = 0;
  for (const k of blocks) {
    if (k.stored) {
      out.set(src.subarray(k.from, k.to), op);
      op += k.to - k.from;
    } else {
      op = decodeBlock(src, k.from, k.to, out, op);
    }
  }
  return out;
}

/**
 * The frame descriptor this encoder writes: FLG 0x60 (version 1, independent blocks, no
 * checksums, no content size), BD 0x50 (blocks of at most 256 KiB), and its header checksum 0xfb
 * (the second byte of XXH32 of FLG and BD): the header lz4_flex writes too.
 */
const HEADER = [0x04, 0x22, 0x4d, 0x18, 0x60, 0x50, 0xfb];
const MAX_BLOCK = 256 * 1024;

/**
 * An LZ4 frame of `data`, from `compressBlock`, an LZ4 block compressor whose output starts with
 * the input's length (4 bytes, little-endian; lz4-napi's `compressSync`). Why not its frame
 * encoder: the block one is 1.2-2.4x faster on the same bytes (incrementing seqs: 100 -> 245 MB/s),
 * and compression was the log thread's largest cost. A block that does not shrink is stored.
 */
export function encodeLz4Frame(data: Uint8Array, compressBlock: (block: Uint8Array) => Uint8Array): Uint8Array {
  const blocks: { readonly bytes: Uint8Array; readonly stored: boolean }[] = [];
  let size = HEADER.length + 4;
  for (let at = 0; at < data.length; at += MAX_BLOCK) {
    const block = data.subarray(at, Math.min(data.length, at + MAX_BLOCK));
    const c = compressBlock(block).subarray(4);
    const stored = c.length >= block.length;
    blocks.push({ bytes: stored ? block : c, stored });
    size += 4 + (stored ? block.length : c.length);
  }
  const out = new Uint8Array(size), words = new DataView(out.buffer);
  out.set(HEADER, 0);
  let p = HEADER.length;
  for (const { bytes, stored } of blocks) {
    words.setUint32(p, stored ? (bytes.length | 0x80000000) >>> 0 : bytes.length, true);
    out.set(bytes, p + 4);
    p += 4 + bytes.length;
  }
  words.setUint32(p, 0, true);
  return out;
}
