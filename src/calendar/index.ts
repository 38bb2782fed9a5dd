export * from './calendar.js';
export * from './compile.js';
export * from './days.js';
export * from './exchange-time.js';
export * from './definition.js';
export * from './definition-check.js';
export * from './registry.js';
export * from './schedule.js';
export { BVMF, CMES, XASX, XBOM, XETR, XHKG, XKRX, XLON, XMAD, XNYS, XSES, XSHG, XTKS } from './definitions/index.js';
