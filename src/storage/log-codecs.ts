import { createRequire } from 'node:module';
import * as A from 'apache-arrow';
import { compress as zstdCompress, decompress as zstdDecompress, init as zstdInit } from '@bokuweb/zstd-wasm';
import { decodeLz4Frames, encodeLz4Frame } from './lz4-frame.js';

// The codecs of a compressed event log, registered with Arrow JS's codec registry, which its
// stream reader asks when a batch says how its buffers are compressed. LZ4 frame written through
// lz4-napi (lz4_flex, a native build published per platform on the npm registry: nothing is
// compiled or downloaded at install) and read by lz4-frame (memory V8 counts); ZSTD through @bokuweb/zstd-wasm (zstd compiled to
// WebAssembly, no install step). Both write the standard frames the Arrow format names, so
// pyarrow, DuckDB and polars read the log.

/** How a log's buffers are compressed (config `log.compression`). */
export type LogCompression = 'none' | 'lz4' | 'zstd';
export const LOG_COMPRESSIONS: readonly LogCompression[] = ['none', 'lz4', 'zstd'];

/** zstd's fastest regular level: the log is written as the run goes, and its size is dominated by prices that barely compress. */
const ZSTD_LEVEL = 1;

const lz4 = createRequire(import.meta.url)('lz4-napi') as {
  compressSync(data: Buffer): Buffer;
};

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

// The WebAssembly module is compiled once per process, when this module is first imported.
await zstdInit();

/**
 * Buffers another thread already decompressed (read-ahead), by the bytes they came from: the
 * ArrayBuffer of a batch's bytes as read, and each compressed buffer's place in it.
 */
export interface Decompressed {
  /** Byte offset of each compressed buffer (its length prefix left out) from the start of the bytes read. */
  readonly offsets: readonly number[];
  readonly lengths: readonly number[];
  readonly outputs: readonly Uint8Array[];
}
const supplied = new WeakMap<ArrayBufferLike, { readonly base: number; readonly d: Decompressed }>();

/** Offers buffers decompressed elsewhere for the batch bytes `bytes` (an ArrayBuffer of their own). */
export function supplyDecompressed(bytes: Uint8Array, d: Decompressed): void {
  if (d.outputs.length > 0) supplied.set(bytes.buffer, { base: bytes.byteOffset, d });
}

/**
 * What was decompressed elsewhere for exactly these compressed bytes (the same buffer, place and
 * length), else null: the codec then decompresses them itself, so a mismatch costs time, never a
 * wrong value.
 */
function takeSupplied(data: Uint8Array): Uint8Array | null {
  const s = supplied.get(data.buffer);
  if (s === undefined) return null;
  const d = s.d, i = d.offsets.indexOf(data.byteOffset - s.base);
  if (i < 0 || d.lengths[i] !== data.byteLength) return null;
  suppliedTaken++;
  return d.outputs[i]!;
}
let suppliedTaken = 0;

/** Buffers decoded from what another thread decompressed, so far (tests: the read-ahead's work is used). */
export function decompressedElsewhere(): number {
  return suppliedTaken;
}

A.compressionRegistry.set(A.CompressionType.LZ4_FRAME, {
  encode: (data) => encodeLz4Frame(data, (block) => lz4.compressSync(asBuffer(block))),
  decode: (data) => takeSupplied(data) ?? decodeLz4Frames(data),
});
A.compressionRegistry.set(A.CompressionType.ZSTD, {
  encode: (data) => zstdCompress(data, ZSTD_LEVEL),
  decode: (data) => takeSupplied(data) ?? zstdDecompress(data),
});

/** A log compression's decoder as registered (read-ahead decompresses with it on its thread). */
export function decoderOf(type: A.CompressionType): ((data: Uint8Array) => Uint8Array) | null {
  const codec = A.compressionRegistry.get(type);
  return codec?.decode === undefined ? null : (data) => codec.decode!(data);
}

/** The Arrow compression type of a log compression (null: none). */
export function arrowCompression(c: LogCompression): A.CompressionType | null {
  return c === 'lz4' ? A.CompressionType.LZ4_FRAME : c === 'zstd' ? A.CompressionType.ZSTD : null;
}
