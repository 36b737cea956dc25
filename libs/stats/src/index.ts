export * from './stats.module.js';
export * from './stats.service.js';
