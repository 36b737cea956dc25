export * from './address.entity.js';
export * from './address-matcher.service.js';
export * from './address-register.service.js';
export * from './addresses.module.js';
