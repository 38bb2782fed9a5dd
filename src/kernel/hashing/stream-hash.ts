import { createXXHash128, type IHasher } from 'hash-wasm';

/**
 * The log hash's digest: XXH3-128, a non-cryptographic 128-bit hash running at about 6 GB/s here,
 * against 1.8 GB/s for sha256 with the CPU's SHA instructions. The log hash is a fingerprint for
 * determinism (the same input gives the same log; a replay gives the live events), not a seal
 * against tampering, and at a third of a run's time with sha256 its speed matters. Input files
 * are still pinned by sha256 in the manifest.
 *
 * One WebAssembly instance serves every stream: each keeps its own saved state and loads it
 * around each update (a few hundred bytes, against updates of a quarter of a megabyte).
 */
const engine: IHasher = await createXXHash128();
engine.init();
const INITIAL = engine.save();

export const LOG_HASH_ALGORITHM = 'xxh3-128';

export class StreamHash {
  private saved: Uint8Array = INITIAL;

  /** The state after everything so far (XXH3's own, a few hundred bytes): another StreamHash can load it and go on. */
  get state(): Uint8Array {
    return this.saved;
  }

  load(state: Uint8Array): void {
    this.saved = Uint8Array.from(state);
  }

  update(bytes: Uint8Array): void {
    engine.load(this.saved);
    engine.update(bytes);
    this.saved = engine.save();
  }

  /** The digest of everything so far, as hex; the stream can go on after it. */
  digest(): string {
    engine.load(this.saved);
    return engine.digest('hex');
  }
}
