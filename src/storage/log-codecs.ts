import { createRequire } from 'node:module';
import * as A from 'apache-arrow';
import { compress as zstdCompress, decompress as zstdDecompress, init as zstdInit } from '@bokuweb/zstd-wasm';

// The codecs of a compressed event log, registered with Arrow JS's codec registry, which its
// stream reader asks when a batch says how its buffers are compressed. LZ4 frame through
// lz4-napi (lz4_flex, a native build published per platform on the npm registry: nothing is
// compiled or downloaded at install); ZSTD through @bokuweb/zstd-wasm (zstd compiled to
// WebAssembly, no install step). Both write the standard frames the Arrow format names, so
// pyarrow, DuckDB and polars read the log.

/** How a log's buffers are compressed (config `log.compression`). */
export type LogCompression = 'none' | 'lz4' | 'zstd';
export const LOG_COMPRESSIONS: readonly LogCompression[] = ['none', 'lz4', 'zstd'];

/** zstd's fastest regular level: the log is written as the run goes, and its size is dominated by prices that barely compress. */
const ZSTD_LEVEL = 1;

const lz4 = createRequire(import.meta.url)('lz4-napi') as {
  compressFrameSync(data: Buffer): Buffer;
  decompressFrameSync(data: Buffer): Buffer;
};

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

// The WebAssembly module is compiled once per process, when this module is first imported.
await zstdInit();

A.compressionRegistry.set(A.CompressionType.LZ4_FRAME, {
  encode: (data) => lz4.compressFrameSync(asBuffer(data)),
  decode: (data) => lz4.decompressFrameSync(asBuffer(data)),
});
A.compressionRegistry.set(A.CompressionType.ZSTD, {
  encode: (data) => zstdCompress(data, ZSTD_LEVEL),
  decode: (data) => zstdDecompress(data),
});

/** The Arrow compression type of a log compression (null: none). */
export function arrowCompression(c: LogCompression): A.CompressionType | null {
  return c === 'lz4' ? A.CompressionType.LZ4_FRAME : c === 'zstd' ? A.CompressionType.ZSTD : null;
}
