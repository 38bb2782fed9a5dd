export * from './calendar.js';
export * from './compile.js';
export * from './days.js';
export * from './exchange-time.js';
export * from './definition.js';
export * from './definition-check.js';
export * from './registry.js';
export { XNYS } from './definitions/xnys.js';
