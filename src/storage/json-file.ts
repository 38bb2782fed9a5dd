import { readFileSync, statSync } from 'node:fs';
import { SimError } from '../errors.js';

/** A config or sweep file larger than this is refused before it is read: real ones are kilobytes. */
export const MAX_JSON_FILE_BYTES = 4 * 1024 * 1024;

/** Reads a JSON file that must hold an object, with errors naming it: unreadable, too large, not JSON, or not an object. */
export function readJsonObject(file: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_JSON_FILE_BYTES) throw new SimError('CONFIG_INVALID', `${what} ${file} is ${size} bytes; at most ${MAX_JSON_FILE_BYTES} are read`, { file, value: size });
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof SimError) throw e;
    throw new SimError('CONFIG_INVALID', `cannot read ${what} ${file}: ${(e as Error).message}`, { file });
  }
  let raw: unknown;
  try {
    // A byte-order mark (Windows editors) is not part of the JSON.
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const why = e instanceof RangeError ? 'nested too deeply' : (e as Error).message;
    throw new SimError('CONFIG_INVALID', `${file} is not valid JSON: ${why}`, { file });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SimError('CONFIG_INVALID', `${file}: the ${what} must be a JSON object, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`, { file });
  }
  return raw as Record<string, unknown>;
}
