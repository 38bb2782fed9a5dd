export * from './day-bars.js';
export * from './day-data.js';
export * from './day-derived.js';
export * from './evolve.js';
export * from './ohlcv.js';
export * from './session-state.js';
export * from './snapshot.js';
export * from './readonly-view.js';
