export * from './kind.js';
export * from './slice.js';
export * from './kinds.js';
