import type { LogBatch } from './log-batch.js';
import type { BatchEncoder, BatchMeta } from './log-encode.js';

/** Where a log writer's full batches go to become bytes on disk. */
export interface BatchSink {
  /** Takes the batch (its `n` rows) to be written; returns the batch to fill next, empty. Throws OUTPUT_IO when a write failed. */
  put(b: LogBatch, meta: BatchMeta): LogBatch;
  /** Returns once every batch put is written; throws OUTPUT_IO when a write failed. */
  drain(): void;
  /** The writer is done with the sink (closed, or given up after a failure). Never throws. */
  release(): void;
}

/** Batches written on the run's own thread, as they are put. */
export class DirectSink implements BatchSink {
  constructor(private readonly encoder: BatchEncoder) {}

  put(b: LogBatch, meta: BatchMeta): LogBatch {
    this.encoder.write(b, meta);
    b.clear();
    return b;
  }

  drain(): void {}

  release(): void {}
}
