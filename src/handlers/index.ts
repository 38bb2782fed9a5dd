export * from './context.js';
export * from './session.js';
export * from './prefetch.js';
export * from './stream.js';
export * from './upkeep.js';
export * from './lifecycle.js';
