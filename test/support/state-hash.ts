import { createHash } from 'node:crypto';
import { canonical } from '../../src/kernel/index.js';
import { snapshot, type SessionState } from '../../src/state/index.js';

/** sha256 of the state's canonical encoding (a detached snapshot): equal states, equal hashes. A digest to compare many states by. */
export function stateHash(s: SessionState): string {
  return createHash('sha256').update(canonical(snapshot(s))).digest('hex');
}
