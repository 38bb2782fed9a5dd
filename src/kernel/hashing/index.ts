export * from './binary-hash.js';
export * from './canonical.js';
export * from './column-records.js';
export * from './log-hasher.js';
export * from './stream-hash.js';
