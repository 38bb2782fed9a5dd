export * from './context.js';
export * from './session.js';
export * from './prefetch.js';
export * from './stream.js';
export * from './upkeep.js';
export * from './bar-slice.js';
export * from './derived-slice.js';
export * from './gap-slice.js';
