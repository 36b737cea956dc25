export * from './notification-messages.js';
export * from './notification-stream.service.js';
export * from './notification.entity.js';
export * from './notifications.module.js';
export * from './notifications.service.js';
export * from './sms/index.js';
