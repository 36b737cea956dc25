export * from './errors.js';
export * from './org-code.js';
export * from './pii.js';
export * from './roles.js';
export * from './scope.js';
export * from './time/index.js';
export * from './geo/index.js';
export * from './catalog.js';
