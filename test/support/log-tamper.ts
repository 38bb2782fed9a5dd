/**
 * Tools for making logs that pass the byte seals but are wrong in meaning, as someone editing a
 * log on purpose would (the seals are a checksum, not a signature): a changed manifest, a changed
 * event, each followed by recomputing every batch's check.
 */
import * as A from 'apache-arrow';
import { StreamHash } from '../../src/kernel/index.js';
import { CHECK_KEY, FORMAT_KEY, MANIFEST_KEY } from '../../src/storage/index.js';

interface Frame {
  readonly start: number;
  readonly metaStart: number;
  readonly metaEnd: number;
  readonly end: number;
  readonly message: A.Message;
}

/** The messages of a (well-formed) Arrow stream, up to its end-of-stream marker. */
export function frames(bytes: Uint8Array): Frame[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Frame[] = [];
  for (let pos = 0; pos + 8 <= bytes.length;) {
    const length = view.getInt32(pos + 4, true);
    if (length === 0) break;
    const metaStart = pos + 8, metaEnd = metaStart + length;
    const message = A.Message.decode(bytes.subarray(metaStart, metaEnd));
    const end = metaEnd + Number(message.bodyLength);
    out.push({ start: pos, metaStart, metaEnd, end, message });
    pos = end;
  }
  return out;
}

/** Recomputes every record batch's check, as the writer does (see src/storage/log-seal.ts). */
export function reseal(input: Uint8Array): Buffer {
  const bytes = Buffer.from(input);
  let regionStart = 0;
  for (const f of frames(bytes)) {
    if (!f.message.isRecordBatch()) continue;
    const check = f.message.metadata.get(CHECK_KEY)!;
    const at = bytes.indexOf(check, f.metaStart, 'latin1');
    bytes.write('?'.repeat(32), at, 'latin1');
    const h = new StreamHash();
    h.update(bytes.subarray(regionStart, f.end));
    bytes.write(h.digest(), at, 'latin1');
    regionStart = f.end;
  }
  return bytes;
}

/** The log with its schema's metadata replaced (then resealed). */
export function withSchemaMetadata(input: Uint8Array, edit: (meta: Map<string, string>) => void): Buffer {
  const bytes = Buffer.from(input);
  const first = frames(bytes)[0]!;
  const schema = first.message.header() as A.Schema;
  const meta = new Map(schema.metadata);
  edit(meta);
  const encoded = A.Message.encode(A.Message.from(new A.Schema(schema.fields, meta)));
  const padded = (encoded.length + 8 + 7) & ~7;
  const head = Buffer.alloc(padded);
  head.writeInt32LE(-1, 0);
  head.writeInt32LE(padded - 8, 4);
  head.set(encoded, 8);
  return reseal(Buffer.concat([head, bytes.subarray(first.end)]));
}

/** The log with its manifest text replaced. */
export function withManifest(input: Uint8Array, text: string): Buffer {
  return withSchemaMetadata(input, (m) => m.set(MANIFEST_KEY, text));
}

/** The log with its manifest object changed by `edit`. */
export function editManifest(input: Uint8Array, edit: (manifest: Record<string, unknown>) => void): Buffer {
  return withSchemaMetadata(input, (m) => {
    const manifest = JSON.parse(m.get(MANIFEST_KEY)!) as Record<string, unknown>;
    edit(manifest);
    m.set(MANIFEST_KEY, JSON.stringify(manifest));
  });
}

export { FORMAT_KEY, MANIFEST_KEY };
