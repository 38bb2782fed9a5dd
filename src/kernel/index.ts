export * from './kernel.js';
export * from './log.js';
export * from './canonical.js';
export * from './errors.js';
export * from './combine.js';
export * from './binary-hash.js';
export * from './lazy.js';
export * from './stream-hash.js';
