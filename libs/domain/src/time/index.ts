export * from './working-calendar.js';
export * from './time-left.js';
