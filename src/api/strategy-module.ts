import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { showValue, SimError } from '../errors.js';
import { checkStrategy, type Strategy } from '../strategy/index.js';
import type { StrategySource } from './config.js';

/** A strategy module as loaded: the strategy, and the file it came from with its sha256 (what a log records). */
export interface LoadedStrategy {
  readonly strategy: Strategy;
  readonly file: string;
  readonly sha256: string;
  /** A strategy for another run: the factory's next one when the module exports a factory, else the same object. */
  make(): Strategy;
  /** What a log records of it. */
  readonly source: StrategySource;
}

/**
 * Loads a strategy from an ES module file: its default export, or an export named `strategy`;
 * either may be the strategy object or a function of no arguments that makes one (a fresh one per
 * run, for modules that keep variables). Not a module, no such export, or not a strategy:
 * STRATEGY_INVALID naming the file.
 */
export async function loadStrategy(path: string): Promise<LoadedStrategy> {
  const file = resolve(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SimError('STRATEGY_INVALID', `strategy ${showValue(path, 200)}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: path });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let mod: Record<string, unknown>;
  try {
    // By its bytes' hash in the URL: a file changed since an earlier load in this process (a
    // notebook) is loaded again, so the code that runs is the code the log's sha256 names.
    mod = (await import(`${pathToFileURL(file).href}?sha256=${sha256}`)) as Record<string, unknown>;
  } catch (e) {
    throw new SimError('STRATEGY_INVALID', `strategy ${showValue(path, 200)}: the module does not load: ${(e as Error).message}`, { file: path, cause: e });
  }
  let value = mod.default ?? mod.strategy;
  if (value === undefined) throw new SimError('STRATEGY_INVALID', `strategy ${showValue(path, 200)}: the module exports neither a default nor \`strategy\``, { file: path });
  const exported = value;
  const make = (): Strategy => {
    let v: unknown = exported;
    if (typeof v === 'function') {
      try {
        v = (v as () => unknown)();
      } catch (e) {
        throw new SimError('STRATEGY_INVALID', `strategy ${showValue(path, 200)}: its factory threw: ${(e as Error).message}`, { file: path, cause: e });
      }
    }
    return checkStrategy(v, `strategy ${showValue(path, 200)}`);
  };
  const strategy = make();
  return { strategy, file, sha256, make, source: { file, sha256, name: typeof strategy.name === 'string' ? strategy.name : null } };
}
