export * from './data-source-options.js';
export * from './database.module.js';
export * from './migrate.js';
export * from './snake-naming.strategy.js';
export * from './ensure-database.js';
export * from './keyset-page.js';
export * from './pg-errors.js';
export * from './runtime-role.js';
