export * from './stats.module.js';
export * from './stats.service.js';
export * from './command-view.service.js';
export * from './burden.service.js';
