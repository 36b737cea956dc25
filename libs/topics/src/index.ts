export * from './topics.module.js';
export * from './topics.service.js';
