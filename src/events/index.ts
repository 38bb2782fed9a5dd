export * from './catalogue.js';
export * from './ranks.js';
export * from './factories.js';
export * from './describe.js';
