export * from './app-config.js';
export * from './config.module.js';
export * from './env.schema.js';
export * from './logger.js';
export * from './request-logger.js';
export * from './local-secrets.js';
export * from './tile-layers.js';
