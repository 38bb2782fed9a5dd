import { fileURLToPath } from 'node:url';
import type { SimConfig } from './config.js';

/** The bundled demo dataset: real 1-minute bars of SPY, AIG, BAC and IBM, 2013-10-04 .. 2013-10-11. */
export function demoDataRoot(): string {
  return fileURLToPath(new URL('../../demo/data', import.meta.url));
}

export function demoConfig(overrides: Partial<SimConfig> = {}): SimConfig {
  return { data: demoDataRoot(), symbols: ['AIG', 'BAC', 'IBM', 'SPY'], interval: '1m', start: '2013-10-04', end: '2013-10-11', ...overrides };
}
