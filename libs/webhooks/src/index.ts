export * from './signature.js';
export * from './webhook.entities.js';
export * from './webhook-retry.js';
export * from './webhook-rules.js';
export * from './webhook-target.js';
export * from './webhooks.module.js';
export * from './webhooks.service.js';
