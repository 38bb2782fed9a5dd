import path from 'node:path';
import { isCalendarPath } from '../calendar/index.js';
import { SimError } from '../errors.js';
import { readJsonObject } from '../storage/index.js';
import { checkConfigShape, type SimConfig } from './config.js';

/** A JSON file holding a config-like object (a config, a sweep spec), its shape checked, errors naming the file. */
export function readJsonConfig(file: string, what: string): Record<string, unknown> {
  const raw = readJsonObject(file, what);
  try {
    checkConfigShape(raw, what);
  } catch (e) {
    throw new SimError('CONFIG_INVALID', `${file}: ${(e as Error).message}`, { file });
  }
  return raw;
}

/**
 * Reads a run config from a JSON file. Its `data`, `log.path` and a calendar definition file's
 * path are relative to the file, so a config travels with its data. The values are checked when
 * it runs (resolveConfig).
 */
export function readConfigFile(file: string): SimConfig {
  const obj = readJsonConfig(file, 'config');
  const dir = path.dirname(path.resolve(file));
  if (typeof obj.data === 'string') obj.data = path.resolve(dir, obj.data);
  if (typeof obj.calendar === 'string' && isCalendarPath(obj.calendar)) obj.calendar = path.resolve(dir, obj.calendar);
  const log = obj.log;
  if (typeof log === 'object' && log !== null && typeof (log as Record<string, unknown>).path === 'string') (log as Record<string, unknown>).path = path.resolve(dir, (log as Record<string, string>).path!);
  return obj as unknown as SimConfig;
}
