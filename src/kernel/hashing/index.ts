export * from './binary-hash.js';
export * from './canonical.js';
export * from './column-records.js';
export * from './sinks.js';
export * from './stream-hash.js';
