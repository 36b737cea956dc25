export * from './working-calendar.js';
