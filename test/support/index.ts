export * from './test-app.factory.js';
export * from './test-config.js';
export * from './factories.js';
export * from './wait.js';
export * from './api-error.js';
export * from './ticket-client.js';
export * from './roster.js';
export * from './binary-body.js';
