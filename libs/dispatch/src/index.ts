export * from './auto-dispatch-settings.service.js';
export * from './candidate-ranking.js';
export * from './dispatch.module.js';
export * from './dispatch.service.js';
