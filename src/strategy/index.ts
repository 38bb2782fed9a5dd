export * from './strategy.js';
export * from './runtime.js';
export * from './random.js';
