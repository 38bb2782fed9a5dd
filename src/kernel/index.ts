export * from './kernel.js';
export * from './types.js';
export * from './sinks.js';
export * from './errors.js';
export * from './combine.js';
export * from './lazy.js';
export * from './hashing/index.js';
export * from './worker-options.js';
