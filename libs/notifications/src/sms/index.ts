export * from './http-sms.provider.js';
export * from './log-sms.provider.js';
export * from './sms-message.entity.js';
export * from './sms-provider.js';
export * from './sms-retry.js';
export * from './sms.service.js';
