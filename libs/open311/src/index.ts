export * from './georeport.js';
export * from './georeport-xml.js';
export * from './open311-api-key.entity.js';
export * from './open311-keys.service.js';
export * from './open311.module.js';
export * from './open311.service.js';
